//! `cargo xtask growth-check`: the public API survives Cloudflare growing
//! its schemas.
//!
//! Cloudflare adds properties to these schemas (new pack fields in July
//! 2026; cloudflare-rs broke on such changes in #178, #236 and #251). The
//! check grows a copy of the fragment the way Cloudflare does: an optional
//! property on every response resource (the `result` of each operation's
//! success envelope, such as `CertificatePack`) and on every request body,
//! as the operation model names them. It regenerates a vendored copy of the client from it, and builds the
//! copy's examples and its doctests (the README's usage code among them)
//! unchanged. A struct literal, an exhaustive destructuring or a method
//! whose signature follows the body's properties would break here.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::codegen;
use crate::model::Model;
use crate::openapi::fragment::Fragment;
use crate::vendor;

/// The property the check adds everywhere.
pub const ADDED: &str = "added_by_cloudflare";
/// The schemas Cloudflare grows: every response resource and every request
/// body of the model's operations.
pub fn grown_schemas(model: &Model) -> BTreeSet<&str> {
    let bodies = model
        .operations
        .iter()
        .filter_map(|operation| operation.body.as_ref())
        .map(|body| body.schema.as_str());
    let resources = model
        .envelopes
        .values()
        .filter_map(|envelope| envelope.result.as_ref())
        .map(|result| result.item.as_str());
    // Only structs grow fields: an object schema without properties is a
    // map in Rust, which takes any member already.
    let is_struct = |name: &&str| model.components.iter().any(|c| c.name == *name && c.object);
    bodies.chain(resources).filter(is_struct).collect()
}

/// The fragment with an optional [`ADDED`] property on each of
/// [`grown_schemas`].
pub fn grow(fragment: &Fragment) -> Result<String, String> {
    let model = Model::read(fragment).map_err(|e| e.to_string())?;
    let mut grown = fragment.json.clone();
    for schema in grown_schemas(&model) {
        let properties = grown
            .pointer_mut(&format!("/components/schemas/{schema}/properties"))
            .and_then(Value::as_object_mut)
            .ok_or_else(|| format!("growth check: the fragment has no schema {schema}"))?;
        properties.insert(
            ADDED.to_owned(),
            json!({ "type": "string", "description": "A property Cloudflare added later." }),
        );
    }
    serde_json::to_string_pretty(&grown).map_err(|e| format!("growth check: {e}"))
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
    let fragment = Fragment::load(&root.join(codegen::FRAGMENT)).map_err(|e| e.to_string())?;
    let model = Model::read(&fragment).map_err(|e| e.to_string())?;
    let grown: Vec<&str> = grown_schemas(&model).into_iter().collect();
    println!(
        "growth check: with `{ADDED}` added to {}, the examples and the README's usage code build unchanged",
        grown.join(", ")
    );
    Ok(())
}

/// A vendored copy of the client under `scratch`, regenerated from the
/// grown fragment.
fn grown_copy(root: &Path, scratch: &Path) -> Result<PathBuf, String> {
    let copy = vendor::vendor_copy(root, scratch, true)?;
    let fragment = Fragment::load(&root.join(codegen::FRAGMENT)).map_err(|e| e.to_string())?;
    let grown = scratch.join("grown.openapi.json");
    fs::write(&grown, grow(&fragment)?).map_err(|e| format!("growth check: {e}"))?;
    let fragment = Fragment::load(&grown).map_err(|e| e.to_string())?;
    for (relative, contents) in codegen::generate(&fragment, "the grown fragment")? {
        // Only the client is vendored here.
        let Ok(in_client) = relative.strip_prefix(codegen::CLIENT_CRATE) else {
            continue;
        };
        let path = copy.join(in_client);
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
        let fragment = Fragment::load(&root.join(codegen::FRAGMENT)).expect("the fragment");
        let model = Model::read(&fragment).expect("the model");
        let expected = grown_schemas(&model);
        for resource in [
            "CertificatePack",
            "SslAutomaticModeSetting",
            "CertificatePackEditRequest",
        ] {
            assert!(expected.contains(resource), "{expected:?}");
        }
        let scratch =
            std::env::temp_dir().join(format!("cloudflare-ssl-growth-test-{}", std::process::id()));
        fs::create_dir_all(&scratch).expect("scratch");
        let grown = scratch.join("grown.openapi.json");
        fs::write(&grown, grow(&fragment).expect("grows")).expect("written");
        let fragment = Fragment::load(&grown);
        let _ = fs::remove_dir_all(&scratch);
        let files = codegen::generate(&fragment.expect("loads"), "grown").expect("generates");
        let (_, types) = files
            .iter()
            .find(|(path, _)| path.ends_with("generated_types.rs"))
            .expect("the types file");
        let added = format!("pub {ADDED}: ::std::option::Option<::std::string::String>");
        assert_eq!(types.matches(&added).count(), expected.len(), "{types}");
        let setter = format!("pub fn {ADDED}(");
        assert_eq!(types.matches(&setter).count(), expected.len());
    }
}
