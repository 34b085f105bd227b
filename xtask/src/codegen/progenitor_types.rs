//! progenitor as a library: the types it generates for the fragment (its
//! client is not used: the crate's own runtime sends every request).

use progenitor::{GenerationSettings, Generator};

use crate::openapi::fragment::Fragment;

/// The types progenitor generates for `fragment` (progenitor reads the
/// operations too, as bodies and responses become types; its client is
/// dropped). progenitor asserts on some specs it cannot handle: such a
/// panic becomes an error naming the fragment.
pub fn types(fragment: &Fragment, settings: &GenerationSettings) -> Result<syn::File, String> {
    let refused = |reason: String| {
        format!(
            "{}: progenitor refused the fragment: {reason}",
            fragment.path.display()
        )
    };
    let generated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut generator = Generator::new(settings);
        generator
            .generate_tokens(&fragment.spec)
            .map(|_client| generator.get_type_space().to_stream())
    }))
    .map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("(no message)");
        refused(format!("it panicked: {message}"))
    })?
    .map_err(|e| refused(e.to_string()))?;
    syn::parse2(generated).map_err(|e| format!("progenitor produced invalid Rust: {e}"))
}
