//! progenitor's `error` module, dropped when nothing uses it.
//!
//! typify emits `pub mod error { pub struct ConversionError … }` for the
//! `TryFrom`/`FromStr` impls of closed enums and constrained strings. The
//! other corrections replace all of those (open enums, plain `String`s), so
//! the module would be public API that nothing returns. It is dropped only
//! while no other item names it; when typify stops emitting it, this fails
//! instead of silently doing nothing.

use quote::ToTokens;
use syn::Item;

const MODULE: &str = "error";
const TYPE: &str = "ConversionError";

/// Removes the `error` module from `file` unless another item refers to
/// its `ConversionError`.
pub fn remove(file: &mut syn::File) -> Result<(), String> {
    let position = file
        .items
        .iter()
        .position(|item| matches!(item, Item::Mod(module) if module.ident == MODULE))
        .ok_or_else(|| {
            format!(
                "unused_error_module: typify's output has no `mod {MODULE}` any more; \
                 revisit xtask/src/codegen/unused_error_module.rs"
            )
        })?;
    let used = file.items.iter().enumerate().any(|(index, item)| {
        index != position && item.to_token_stream().to_string().contains(TYPE)
    });
    if !used {
        file.items.remove(position);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::remove;

    const ERROR_MODULE: &str = "pub mod error { pub struct ConversionError(String); }";

    #[test]
    fn an_unused_module_is_dropped() {
        let mut file =
            syn::parse_str(&format!("pub struct A(String); {ERROR_MODULE}")).expect("Rust source");
        remove(&mut file).expect("the module is there");
        assert_eq!(file.items.len(), 1);
    }

    #[test]
    fn a_used_module_is_kept() {
        let source = format!(
            "impl TryFrom<&str> for A {{ type Error = self::error::ConversionError; }} {ERROR_MODULE}"
        );
        let mut file = syn::parse_str(&source).expect("Rust source");
        remove(&mut file).expect("the module is there");
        assert_eq!(file.items.len(), 2);
    }

    #[test]
    fn a_missing_module_fails_loudly() {
        let mut file = syn::parse_str("pub struct A(String);").expect("Rust source");
        let message = remove(&mut file).expect_err("nothing to remove");
        assert!(
            message.contains("revisit xtask/src/codegen/unused_error_module.rs"),
            "{message}"
        );
    }
}
