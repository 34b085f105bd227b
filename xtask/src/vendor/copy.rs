//! Copying a crate out of the workspace: unchanged, after checking that
//! its manifest stands alone, or made a workspace root of its own.

use std::fs;
use std::path::{Path, PathBuf};

/// The client crate, relative to the workspace root.
pub const CLIENT: &str = "crates/cloudflare-ssl";

/// Copies the client crate (without any `target` directory) to
/// `<into>/cloudflare-ssl`, checks that its manifest stands alone, makes it
/// a workspace root, and puts the workspace's Cargo.lock beside it when
/// `with_lock`. Returns the copy's directory.
pub fn vendor_copy(root: &Path, into: &Path, with_lock: bool) -> Result<PathBuf, String> {
    let copy = into.join("cloudflare-ssl");
    copy_crate(root, CLIENT, &copy, &[])?;
    let manifest = copy.join("Cargo.toml");
    let mut contents =
        fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    contents.push_str("\n[workspace]\n");
    fs::write(&manifest, contents).map_err(|e| format!("{}: {e}", manifest.display()))?;
    if with_lock {
        copy_lock(root, &copy)?;
    }
    Ok(copy)
}

/// Copies the workspace's Cargo.lock (if there is one) into `dir`, so that
/// a build there resolves the versions CI tested.
pub fn copy_lock(root: &Path, dir: &Path) -> Result<(), String> {
    let lock = root.join("Cargo.lock");
    if lock.is_file() {
        fs::copy(&lock, dir.join("Cargo.lock")).map_err(|e| format!("copying Cargo.lock: {e}"))?;
    }
    Ok(())
}

/// Copies the crate at `relative` to `to`, unchanged but for `target`
/// directories, after checking that its manifest stands alone (paths in
/// `allowed` excepted).
pub fn copy_crate(root: &Path, relative: &str, to: &Path, allowed: &[&str]) -> Result<(), String> {
    let manifest = root.join(relative).join("Cargo.toml");
    let contents =
        fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let reaching_out = reaching_out(&contents, allowed);
    if !reaching_out.is_empty() {
        return Err(format!(
            "{relative}/Cargo.toml inherits from or points outside its workspace:\n{}",
            reaching_out.join("\n")
        ));
    }
    copy_dir(&root.join(relative), to)
}

/// The manifest's lines (numbered) that inherit from a workspace or point
/// outside the crate's directory, other than to a path in `allowed`;
/// comments are skipped.
fn reaching_out(manifest: &str, allowed: &[&str]) -> Vec<String> {
    manifest
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with('#'))
        .filter(|(_, line)| {
            let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            let outside = compact.contains("path=\"..")
                && !allowed
                    .iter()
                    .any(|path| compact.contains(&format!("path=\"{path}\"")));
            compact.contains("workspace=true") || compact.contains(".workspace=") || outside
        })
        .map(|(number, line)| format!("{}:{line}", number + 1))
        .collect()
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let entries = fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", from.display()))?;
        let path = entry.path();
        let dest = to.join(entry.file_name());
        let kind = entry
            .file_type()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if kind.is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&path, &dest)?;
            }
        } else {
            fs::copy(&path, &dest).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendor::scratch::scratch_dir;

    #[test]
    fn inheritance_and_outside_paths_are_found() {
        let manifest = "[package]\nedition.workspace = true\n# workspace = true in a comment\n\
                        [dependencies]\nserde = { workspace = true }\nmock = { path = \"../mock\" }\n\
                        own = { path = \"src/own\" }\nreqwest = \"0.13\"\n\
                        client = { path = \"../client\" }\n";
        assert_eq!(
            reaching_out(manifest, &["../client"]),
            [
                "2:edition.workspace = true",
                "5:serde = { workspace = true }",
                "6:mock = { path = \"../mock\" }"
            ]
        );
        assert_eq!(reaching_out(manifest, &[]).len(), 4);
    }

    #[test]
    fn the_client_crate_copies_standalone() {
        let root = crate::workspace_root();
        let scratch = scratch_dir("vendor-copy-test");
        let copied = vendor_copy(&root, &scratch, true);
        let manifest = copied
            .as_ref()
            .map(|copy| fs::read_to_string(copy.join("Cargo.toml")));
        let has_lock = copied
            .as_ref()
            .is_ok_and(|copy| copy.join("Cargo.lock").is_file());
        let has_lib = copied
            .as_ref()
            .is_ok_and(|copy| copy.join("src/lib.rs").is_file());
        let _ = fs::remove_dir_all(&scratch);
        let manifest = manifest.expect("copied").expect("manifest");
        assert!(manifest.ends_with("\n[workspace]\n"));
        assert!(has_lock && has_lib);
    }
}
