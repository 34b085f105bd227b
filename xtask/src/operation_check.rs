//! `cargo xtask operation-check [ADDITION.json]`: adding an operation is a
//! fragment edit, for the whole workspace.
//!
//! The check does what the README's "Changing the fragment" tells a user to
//! do, in a copy of the workspace: it adds the operations of `ADDITION` (a
//! JSON object with the `paths` and `components.schemas` to add; by default
//! [`DEFAULT_ADDITION`], a GET and a PATCH for a resource the project has
//! never seen, each with an example on its 200) to the copy's fragment,
//! runs `cargo xtask codegen`, accepts the new snapshots
//! (`INSTA_UPDATE=always cargo test -p conformance`, what `cargo insta
//! accept` does), then runs `cargo test` with `CI=true`. It fails when any
//! step fails, and when any file changed that a user would have had to
//! write by hand: only the fragment, the generated files and snapshot files
//! may differ from the workspace.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::codegen;
use crate::openapi::fragment::Fragment;
use crate::openapi::ordered::Ordered;
use crate::vendor::scratch::{self, Cargo};

/// The addition the check makes unless told another.
pub const DEFAULT_ADDITION: &str = "xtask/testdata/operation_check/zone_hold.json";

/// Adds the `paths` and `components.schemas` of `addition` to the fragment
/// `fragment`, after what it has (keys keep their order, as when a person
/// edits the file: the examples' text depends on it); a path or schema the
/// fragment already has is refused, so the check never changes what
/// exists. Returns the added operations' ids.
pub fn add_operations(fragment: &mut Ordered, addition: &Ordered) -> Result<Vec<String>, String> {
    let mut added = Vec::new();
    for (section, path) in [
        ("paths", &["paths"][..]),
        ("components.schemas", &["components", "schemas"][..]),
    ] {
        let pointer: String = path.iter().map(|key| format!("/{key}")).collect();
        let additions = match addition.pointer(&pointer) {
            None => continue,
            Some(Ordered::Object(additions)) => additions,
            Some(_) => return Err(format!("the addition's `{section}` is not an object")),
        };
        let existing = path
            .iter()
            .try_fold(&mut *fragment, |node, key| node.member_mut(key))
            .and_then(Ordered::members_mut)
            .ok_or_else(|| format!("the fragment has no `{section}`"))?;
        for (name, value) in additions {
            if existing.iter().any(|(key, _)| key == name) {
                return Err(format!(
                    "the fragment already has `{name}` in `{section}`; add something new"
                ));
            }
            if let (true, Ordered::Object(operations)) = (section == "paths", value) {
                for (_, operation) in operations {
                    if let Some(Ordered::Scalar(Value::String(id))) =
                        operation.pointer("/operationId")
                    {
                        added.push(id.clone());
                    }
                }
            }
            existing.push((name.clone(), value.clone()));
        }
    }
    if added.is_empty() {
        return Err("the addition has no operation (`paths` with an `operationId`)".into());
    }
    Ok(added)
}

pub fn check(root: &Path, args: &[&str]) -> Result<(), String> {
    let addition_path = match args {
        [] => root.join(DEFAULT_ADDITION),
        [path] => PathBuf::from(path),
        _ => return Err("usage: cargo xtask operation-check [ADDITION.json]".into()),
    };
    let addition: Ordered = fs::read_to_string(&addition_path)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
        .map_err(|e| format!("operation check: {}: {e}", addition_path.display()))?;

    let scratch = scratch::scratch_dir("operation-check");
    let result = run_in_copy(root, &scratch, &addition);
    let _ = fs::remove_dir_all(&scratch);
    let added = result?;
    println!(
        "operation check: with {} added to the fragment, codegen and `cargo test` pass in a copy of \
         the workspace, and no hand-written file changed",
        added.join(", ")
    );
    Ok(())
}

fn run_in_copy(root: &Path, copy: &Path, addition: &Ordered) -> Result<Vec<String>, String> {
    copy_workspace(root, copy)?;
    let fragment_path = copy.join(codegen::FRAGMENT);
    let mut fragment = Fragment::load(&fragment_path)
        .map_err(|e| e.to_string())?
        .ordered;
    let added = add_operations(&mut fragment, addition)?;
    let text = fragment.pretty() + "\n";
    fs::write(&fragment_path, text).map_err(|e| format!("{}: {e}", fragment_path.display()))?;
    let before = contents(copy)?;

    // A target directory of its own: cargo names the copy's crates as it
    // names the workspace's (the same packages, at the same place in their
    // workspace), so sharing one would let each build overwrite the other's.
    let target = scratch::target_dir(root).join("operation-check");
    let cargo = Cargo {
        dir: copy,
        target: &target,
        rustflags: None,
    };
    // What a user runs: codegen, then accepting the new snapshots, then
    // the README's test command as CI runs it.
    let check = "operation check";
    cargo.run(&["xtask", "codegen"], check)?;
    cargo.run_with(
        &["test", "--quiet", "-p", "conformance"],
        &[("INSTA_UPDATE", Some("always")), ("CI", None)],
        check,
    )?;
    cargo.run_with(&["test", "--quiet"], &[("CI", Some("true"))], check)?;

    let after = contents(copy)?;
    let generated = codegen::generate(
        &Fragment::load(&fragment_path).map_err(|e| e.to_string())?,
        codegen::FRAGMENT,
    )?;
    let written_by_tools = |path: &Path| {
        generated.iter().any(|(file, _)| file == path)
            || path.extension().is_some_and(|e| e == "snap")
                && path.components().any(|c| c.as_os_str() == "snapshots")
    };
    let by_hand: Vec<String> = before
        .keys()
        .chain(after.keys())
        .filter(|path| before.get(*path) != after.get(*path))
        .filter(|path| !written_by_tools(path))
        .map(|path| path.display().to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if !by_hand.is_empty() {
        return Err(format!(
            "operation check: these files changed, which codegen and snapshots do not account for:\n  {}",
            by_hand.join("\n  ")
        ));
    }
    Ok(added)
}

/// Copies the workspace's files to `copy`, without `target` folders and
/// hidden ones but `.cargo` (so no `.git`), as a source archive holds them.
fn copy_workspace(root: &Path, copy: &Path) -> Result<(), String> {
    for (relative, bytes) in contents(root)? {
        let to = copy.join(&relative);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        fs::write(&to, bytes).map_err(|e| format!("{}: {e}", to.display()))?;
    }
    Ok(())
}

/// Every file under `dir` but those in `target` folders and in hidden ones
/// other than `.cargo`, by its path relative to `dir`.
fn contents(dir: &Path) -> Result<BTreeMap<PathBuf, Vec<u8>>, String> {
    fn walk(
        dir: &Path,
        relative: &Path,
        out: &mut BTreeMap<PathBuf, Vec<u8>>,
    ) -> Result<(), String> {
        let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
            let name = entry.file_name();
            let name_text = name.to_string_lossy();
            let path = entry.path();
            let kind = entry
                .file_type()
                .map_err(|e| format!("{}: {e}", path.display()))?;
            if kind.is_dir() {
                // `.cargo` holds the `xtask` alias; `.git`, `.ci` and the
                // like are not the workspace's sources.
                let hidden = name_text.starts_with('.') && name_text != ".cargo";
                if hidden || name_text == "target" {
                    continue;
                }
                walk(&path, &relative.join(&name), out)?;
            } else if kind.is_file() {
                let bytes = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                out.insert(relative.join(&name), bytes);
            }
        }
        Ok(())
    }
    let mut out = BTreeMap::new();
    walk(dir, Path::new(""), &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;

    fn fragment_with(addition: &str) -> (Fragment, Vec<String>) {
        let root = crate::workspace_root();
        let mut ordered = Fragment::load(&root.join(codegen::FRAGMENT))
            .expect("fragment")
            .ordered;
        let addition: Ordered =
            serde_json::from_str(&fs::read_to_string(root.join(addition)).expect("addition"))
                .expect("JSON");
        // The check's own copy of the workspace already holds the addition:
        // take it out first, so the test adds it either way.
        for path in [&["paths"][..], &["components", "schemas"][..]] {
            let pointer: String = path.iter().map(|key| format!("/{key}")).collect();
            let Some(Ordered::Object(added)) = addition.pointer(&pointer) else {
                continue;
            };
            let existing = path
                .iter()
                .try_fold(&mut ordered, |node, key| node.member_mut(key))
                .and_then(Ordered::members_mut)
                .expect("the fragment has the section");
            existing.retain(|(name, _)| !added.iter().any(|(new, _)| new == name));
        }
        let added = add_operations(&mut ordered, &addition).expect("adds");
        let dir = std::env::temp_dir().join(format!(
            "cloudflare-ssl-operation-check-test-{}-{}",
            std::process::id(),
            added.join("-")
        ));
        fs::create_dir_all(&dir).expect("scratch");
        let path = dir.join("openapi.json");
        fs::write(&path, ordered.pretty()).expect("written");
        let fragment = Fragment::load(&path).expect("loads");
        let _ = fs::remove_dir_all(&dir);
        (fragment, added)
    }

    /// The fast half of the check: each addition in testdata becomes a
    /// client method, a fake's operation and a conformance case (the slow
    /// half, building and testing a copy, runs in CI).
    #[test]
    fn every_addition_reaches_every_emitter() {
        for addition in [
            DEFAULT_ADDITION,
            "xtask/testdata/operation_check/min_tls_version.json",
        ] {
            let (fragment, added) = fragment_with(addition);
            assert_eq!(added.len(), 2, "{addition}: {added:?}");
            let model = Model::read(&fragment).expect("the model reads");
            let files = codegen::generate(&fragment, "test").expect("generates");
            let file = |name: &str| {
                files
                    .iter()
                    .find(|(path, _)| path.ends_with(name))
                    .map(|(_, text)| text.as_str())
                    .unwrap_or_default()
            };
            for id in &added {
                assert!(model.operations.iter().any(|o| &o.id == id), "{id}");
                assert!(
                    file("cloudflare-ssl/src/generated_operations.rs")
                        .contains(&format!("pub async fn {id}(")),
                    "{id}: no client method"
                );
                assert!(
                    file("cloudflare-ssl-mock/src/generated_operations.rs")
                        .contains(&format!("= \"{id}\";")),
                    "{id}: not in the fake's list"
                );
                assert!(
                    file("tests/src/generated_operations.rs").contains(&format!("id: \"{id}\"")),
                    "{id}: not in the conformance table"
                );
            }
        }
    }

    #[test]
    fn an_addition_that_would_change_what_exists_is_refused() {
        let ordered = |text: &str| -> Ordered { serde_json::from_str(text).expect("JSON") };
        let mut fragment =
            ordered(r#"{ "paths": { "/a": {} }, "components": { "schemas": { "A": {} } } }"#);
        let twice = ordered(r#"{ "paths": { "/a": { "get": { "operationId": "a" } } } }"#);
        let error = add_operations(&mut fragment, &twice).expect_err("exists");
        assert!(error.contains("already has `/a`"), "{error}");
        let schema_twice = ordered(
            r#"{ "paths": { "/b": { "get": { "operationId": "b" } } },
                 "components": { "schemas": { "A": {} } } }"#,
        );
        let error = add_operations(&mut fragment, &schema_twice).expect_err("exists");
        assert!(error.contains("already has `A`"), "{error}");
        let nothing = ordered(r#"{ "components": { "schemas": { "C": {} } } }"#);
        let error = add_operations(&mut fragment, &nothing).expect_err("no operation");
        assert!(error.contains("no operation"), "{error}");
    }

    /// The fragment keeps its order: what it had comes first, as it was,
    /// and the addition after it.
    #[test]
    fn an_addition_goes_after_what_the_fragment_has() {
        let mut fragment: Ordered = serde_json::from_str(
            r#"{ "paths": { "/z": {}, "/a": {} }, "components": { "schemas": {} } }"#,
        )
        .expect("JSON");
        let addition: Ordered =
            serde_json::from_str(r#"{ "paths": { "/m": { "get": { "operationId": "m" } } } }"#)
                .expect("JSON");
        assert_eq!(
            add_operations(&mut fragment, &addition),
            Ok(vec!["m".to_owned()])
        );
        let Some(Ordered::Object(paths)) = fragment.pointer("/paths") else {
            panic!("paths");
        };
        let keys: Vec<&str> = paths.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(keys, ["/z", "/a", "/m"]);
    }
}
