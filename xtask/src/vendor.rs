//! Vendoring the client crate as a user would: [`vendor_copy`] copies
//! `crates/cloudflare-ssl` out of the workspace into a directory of its
//! own, and `cargo xtask vendor-check` builds and tests that copy there with
//! its default features.
//!
//! The copy proves the crate stands alone: its Cargo.toml must name every
//! dependency's version (no `workspace = true`, no `.workspace =`) and no
//! path may reach outside its directory (`path = "../…"`). `[workspace]`
//! is appended so that cargo treats it as its own root, and the workspace's
//! Cargo.lock is put beside it so that the versions are the ones CI tested
//! (cargo drops what the crate does not use). `cargo xtask footprint`
//! measures consumers of the same copy.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The client crate, relative to the workspace root.
const CRATE: &str = "crates/cloudflare-ssl";

/// Copies the client crate (without any `target` directory) to
/// `<into>/cloudflare-ssl`, checks that its manifest stands alone, makes it
/// a workspace root, and puts the workspace's Cargo.lock beside it when
/// `with_lock`. Returns the copy's directory.
pub fn vendor_copy(root: &Path, into: &Path, with_lock: bool) -> Result<PathBuf, String> {
    let copy = into.join("cloudflare-ssl");
    copy_dir(&root.join(CRATE), &copy)?;
    let manifest = copy.join("Cargo.toml");
    let mut contents =
        fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let reaching_out = reaching_out(&contents);
    if !reaching_out.is_empty() {
        return Err(format!(
            "{CRATE}/Cargo.toml inherits from or points outside its workspace:\n{}",
            reaching_out.join("\n")
        ));
    }
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

/// The manifest's lines (numbered) that inherit from a workspace or point
/// outside the crate's directory; comments are skipped.
fn reaching_out(manifest: &str) -> Vec<String> {
    manifest
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with('#'))
        .filter(|(_, line)| {
            let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            compact.contains("workspace=true")
                || compact.contains(".workspace=")
                || compact.contains("path=\"..")
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

/// `cargo xtask vendor-check`: the copy builds (every target) and passes
/// its tests outside the workspace, with its default features. Builds go
/// to `$CARGO_TARGET_DIR`, else the workspace's `target/`, so that reruns
/// reuse them.
pub fn check(root: &Path) -> Result<(), String> {
    in_scratch_copy(
        root,
        "vendor check",
        |scratch| vendor_copy(root, scratch, true),
        &[&["build", "--quiet", "--all-targets"], &["test", "--quiet"]],
    )?;
    println!("vendor check: cloudflare-ssl builds and passes its tests outside the workspace");
    Ok(())
}

/// Makes a copy with `make_copy` in a scratch directory of its own, runs
/// cargo there with each of `commands` in turn, and removes the directory.
/// Builds go to `$CARGO_TARGET_DIR`, else the workspace's `target/`, so
/// that reruns reuse them; a failure names `check`.
pub fn in_scratch_copy(
    root: &Path,
    check: &str,
    make_copy: impl FnOnce(&Path) -> Result<PathBuf, String>,
    commands: &[&[&str]],
) -> Result<(), String> {
    let scratch = std::env::temp_dir().join(format!(
        "cloudflare-ssl-{}-{}",
        check.replace(' ', "-"),
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&scratch);
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let result = make_copy(&scratch).and_then(|copy| {
        commands
            .iter()
            .try_for_each(|args| cargo(&copy, &target, args, check))
    });
    let _ = fs::remove_dir_all(&scratch);
    result
}

/// Runs cargo in `dir` (a copy outside the workspace) with its output
/// shown; a failure names the `check` that ran it.
fn cargo(dir: &Path, target: &Path, args: &[&str], check: &str) -> Result<(), String> {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .status()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "{check}: `cargo {}` failed in the copy ({status})",
            args.join(" ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inheritance_and_outside_paths_are_found() {
        let manifest = "[package]\nedition.workspace = true\n# workspace = true in a comment\n\
                        [dependencies]\nserde = { workspace = true }\nmock = { path = \"../mock\" }\n\
                        own = { path = \"src/own\" }\nreqwest = \"0.13\"\n";
        assert_eq!(
            reaching_out(manifest),
            [
                "2:edition.workspace = true",
                "5:serde = { workspace = true }",
                "6:mock = { path = \"../mock\" }"
            ]
        );
    }

    #[test]
    fn the_client_crate_copies_standalone() {
        let root = crate::workspace_root();
        let scratch = std::env::temp_dir().join(format!(
            "cloudflare-ssl-vendor-copy-test-{}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&scratch);
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
