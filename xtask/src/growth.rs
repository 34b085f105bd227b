//! `cargo xtask growth-check`: the public API survives Cloudflare growing
//! its schemas.
//!
//! Cloudflare adds properties to these schemas (new pack fields in July
//! 2026; cloudflare-rs broke on such changes in #178, #236 and #251). The
//! check grows a copy of the fragment the way Cloudflare does: an optional
//! property on both response resources (`CertificatePack`,
//! `SslAutomaticModeSetting`) and on both request bodies
//! (`CertificatePackEditRequest`, `SslAutomaticModeEditRequest`). It
//! regenerates a vendored copy of the client from it, and builds the
//! copy's examples and its doctests (the README's usage code among them)
//! unchanged. A struct literal, an exhaustive destructuring or a method
//! whose signature follows the body's properties would break here.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::codegen::{self, fragment::Fragment};
use crate::vendor;

/// The property the check adds everywhere.
pub const ADDED: &str = "added_by_cloudflare";
/// The schemas it is added to: two response resources, two request bodies.
const GROWN: [&str; 4] = [
    "CertificatePack",
    "SslAutomaticModeSetting",
    "CertificatePackEditRequest",
    "SslAutomaticModeEditRequest",
];

/// The fragment `text` with an optional [`ADDED`] property on each of
/// [`GROWN`].
pub fn grow(text: &str) -> Result<String, String> {
    let mut fragment: Value =
        serde_json::from_str(text).map_err(|e| format!("growth check: the fragment: {e}"))?;
    for schema in GROWN {
        let properties = fragment
            .pointer_mut(&format!("/components/schemas/{schema}/properties"))
            .and_then(Value::as_object_mut)
            .ok_or_else(|| format!("growth check: the fragment has no schema {schema}"))?;
        properties.insert(
            ADDED.to_owned(),
            json!({ "type": "string", "description": "A property Cloudflare added later." }),
        );
    }
    serde_json::to_string_pretty(&fragment).map_err(|e| format!("growth check: {e}"))
}

/// Vendors the client, regenerates it from the grown fragment, and builds
/// its examples and doctests.
pub fn check(root: &Path) -> Result<(), String> {
    vendor::in_scratch_copy(
        root,
        "growth check",
        |scratch| grown_copy(root, scratch),
        &[
            &["build", "--quiet", "--examples"],
            &["test", "--quiet", "--doc"],
        ],
    )?;
    println!(
        "growth check: with `{ADDED}` added to {}, the examples and the README's usage code build unchanged",
        GROWN.join(", ")
    );
    Ok(())
}

/// A vendored copy of the client under `scratch`, regenerated from the
/// grown fragment.
fn grown_copy(root: &Path, scratch: &Path) -> Result<PathBuf, String> {
    let copy = vendor::vendor_copy(root, scratch, true)?;
    let text = fs::read_to_string(root.join(codegen::FRAGMENT))
        .map_err(|e| format!("growth check: {}: {e}", codegen::FRAGMENT))?;
    let grown = scratch.join("grown.openapi.json");
    fs::write(&grown, grow(&text)?).map_err(|e| format!("growth check: {e}"))?;
    let fragment = Fragment::load(&grown).map_err(|e| e.to_string())?;
    for (relative, contents) in codegen::generate(&fragment, "the grown fragment")? {
        let path = copy.join(relative);
        fs::write(&path, contents).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast half of the check: the grown fragment generates the new
    /// field on every grown struct (the slow half, building the copy, runs
    /// in CI as `cargo xtask growth-check`).
    #[test]
    fn the_grown_fragment_generates_the_added_fields() {
        let root = crate::workspace_root();
        let text = fs::read_to_string(root.join(codegen::FRAGMENT)).expect("the fragment");
        let scratch =
            std::env::temp_dir().join(format!("cloudflare-ssl-growth-test-{}", std::process::id()));
        fs::create_dir_all(&scratch).expect("scratch");
        let grown = scratch.join("grown.openapi.json");
        fs::write(&grown, grow(&text).expect("grows")).expect("written");
        let fragment = Fragment::load(&grown);
        let _ = fs::remove_dir_all(&scratch);
        let files = codegen::generate(&fragment.expect("loads"), "grown").expect("generates");
        let (_, types) = files
            .iter()
            .find(|(path, _)| path.ends_with("generated_types.rs"))
            .expect("the types file");
        let added = format!("pub {ADDED}: ::std::option::Option<::std::string::String>");
        assert_eq!(types.matches(&added).count(), GROWN.len(), "{types}");
        let setter = format!("pub fn {ADDED}(");
        assert_eq!(types.matches(&setter).count(), GROWN.len());
    }
}
