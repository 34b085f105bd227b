//! Vendoring the client as a user would, following the client README's
//! "Vendoring" section: `cargo xtask vendor-check` builds a scratch user
//! workspace, `my-app/`, whose `Cargo.toml` is the README's own, with
//! `crates/cloudflare-ssl` and `crates/cloudflare-ssl-mock` copied
//! unchanged under `my-app/vendor/` and excluded from the workspace. It
//! checks what the README says of it:
//!
//! - the copies are not workspace members, and a root `cargo test` runs the
//!   user's tests (one against the fake) without building the copies'
//!   dev-dependencies;
//! - the client's own suite runs in its copy (`--manifest-path`), first
//!   with the workspace's Cargo.lock (the versions CI tested), then with no
//!   lock file at all (the newest semver-compatible versions, as a user
//!   without our lock gets) under `RUSTFLAGS="-D warnings"`, for each TLS
//!   feature: a deprecation upstream fails here before it fails a user.
//!
//! Each copy must stand alone: its Cargo.toml names every dependency's
//! version (no `workspace = true`, no `.workspace =`) and no path reaches
//! outside its directory (`path = "../…"`), but the mock's path to its
//! sibling client. [`vendor_copy`] makes the other kind of copy, one made
//! its own workspace root with `[workspace]`, for `cargo xtask footprint`
//! and `growth-check`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The client crate, relative to the workspace root.
const CLIENT: &str = "crates/cloudflare-ssl";
/// The fake Cloudflare, relative to the workspace root.
const MOCK: &str = "crates/cloudflare-ssl-mock";
/// The one path the mock's manifest may have outside its directory: the
/// client copied beside it.
const MOCK_TO_CLIENT: &str = "../cloudflare-ssl";

/// Where the README's example manifest starts: the first line of its
/// `toml` block.
const MANIFEST_MARKER: &str = "# my-app/Cargo.toml";

/// Dev-dependencies of the copies that a root `cargo test` must not build
/// (the ones a user noticed it building when the copies were members).
const COPIES_DEV_ONLY: &[&str] = &["rcgen", "proptest", "tracing-subscriber"];

/// The user's program: a client from the environment.
const APP_MAIN: &str = r#"//! A program using the vendored client.
fn main() {
    match cloudflare_ssl::Client::from_env() {
        Ok(client) => println!("client for {}", client.base_url()),
        Err(error) => eprintln!("{error}"),
    }
}
"#;

/// The user's test: one call to the vendored fake.
const APP_TEST: &str = r#"//! A test of the user's own, against the vendored fake.
use cloudflare_ssl_mock::documented::ZONE_ID;

#[tokio::test]
async fn the_setting_is_read_from_the_fake() {
    let mock = cloudflare_ssl_mock::start().await;
    let setting = mock.client().get_ssl_automatic_mode(ZONE_ID).await;
    assert!(setting.is_ok(), "{setting:?}");
}
"#;

/// With no lock file, after the default features (every target built,
/// every test run): the other TLS features and plain HTTP, each with its
/// unit tests and runtime suite, as `.ci/run`'s matrix runs them.
const FRESH_FEATURES: &[&[&str]] = &[
    &["--features", "rustls-ring"],
    &["--features", "native-tls"],
    &[],
];

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
fn copy_crate(root: &Path, relative: &str, to: &Path, allowed: &[&str]) -> Result<(), String> {
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

/// The README's example manifest: the `toml` block that starts with
/// [`MANIFEST_MARKER`].
fn readme_manifest(readme: &str) -> Result<String, String> {
    let start = readme
        .find(&format!("```toml\n{MANIFEST_MARKER}\n"))
        .ok_or_else(|| {
            format!("{CLIENT}/README.md has no ```toml block starting with `{MANIFEST_MARKER}`")
        })?;
    let block = &readme[start + "```toml\n".len()..];
    let end = block
        .find("\n```")
        .ok_or_else(|| format!("{CLIENT}/README.md: the `{MANIFEST_MARKER}` block never ends"))?;
    Ok(format!("{}\n", &block[..end]))
}

/// Lays out the user workspace of the README under `scratch`: `my-app/`
/// with the README's manifest, a program and a test, and the two crates
/// under `my-app/vendor/`. Returns `my-app/`.
fn user_workspace(root: &Path, scratch: &Path) -> Result<PathBuf, String> {
    let readme = root.join(CLIENT).join("README.md");
    let readme = fs::read_to_string(&readme).map_err(|e| format!("{}: {e}", readme.display()))?;
    let app = scratch.join("my-app");
    copy_crate(root, CLIENT, &app.join("vendor/cloudflare-ssl"), &[])?;
    copy_crate(
        root,
        MOCK,
        &app.join("vendor/cloudflare-ssl-mock"),
        &[MOCK_TO_CLIENT],
    )?;
    for (file, contents) in [
        ("Cargo.toml", readme_manifest(&readme)?.as_str()),
        ("src/main.rs", APP_MAIN),
        ("tests/against_the_fake.rs", APP_TEST),
    ] {
        let path = app.join(file);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        fs::write(&path, contents).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(app)
}

/// How cargo runs in the scratch workspace: where, with which target
/// directory, and with `RUSTFLAGS` set or inherited.
struct Cargo<'a> {
    dir: &'a Path,
    target: &'a Path,
    rustflags: Option<&'a str>,
}

impl Cargo<'_> {
    fn command(&self, args: &[&str]) -> Command {
        let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(program);
        command
            .args(args)
            .current_dir(self.dir)
            .env("CARGO_TARGET_DIR", self.target);
        if let Some(flags) = self.rustflags {
            command.env("RUSTFLAGS", flags);
        }
        command
    }

    /// Runs cargo with its output shown; a failure names `check`.
    fn run(&self, args: &[&str], check: &str) -> Result<(), String> {
        let status = self
            .command(args)
            .status()
            .map_err(|e| format!("could not run cargo: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!(
                "{check}: `cargo {}` failed in {} ({status})",
                args.join(" "),
                self.dir.display()
            ))
        }
    }

    /// Runs cargo and returns its stdout.
    fn stdout(&self, args: &[&str], check: &str) -> Result<String, String> {
        let output = self
            .command(args)
            .output()
            .map_err(|e| format!("could not run cargo: {e}"))?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(format!(
                "{check}: `cargo {}` failed:\n{}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    }
}

/// `cargo xtask vendor-check`: see the module's documentation.
pub fn check(root: &Path) -> Result<(), String> {
    let scratch = scratch_dir("vendor-check");
    let result = user_workspace(root, &scratch).and_then(|app| check_in(root, &app));
    let _ = fs::remove_dir_all(&scratch);
    result
}

fn check_in(root: &Path, app: &Path) -> Result<(), String> {
    let target = target_dir(root);
    let locked = Cargo {
        dir: app,
        target: &target,
        rustflags: None,
    };
    copy_lock(root, app)?;

    // The root: only the user's package is a member, and its tests build
    // none of the copies' dev-dependencies.
    let members = locked.stdout(
        &["metadata", "--quiet", "--format-version", "1", "--no-deps"],
        "vendor check",
    )?;
    let names = package_names(&members)?;
    if names != ["my-app"] {
        return Err(format!(
            "vendor check: the workspace members are {names:?}, not just my-app: the README's `exclude` does not keep the copies out"
        ));
    }
    let tree = locked.stdout(
        &[
            "tree",
            "--quiet",
            "--workspace",
            "-e",
            "normal,build,dev",
            "--prefix",
            "none",
        ],
        "vendor check",
    )?;
    let built: Vec<&str> = COPIES_DEV_ONLY
        .iter()
        .copied()
        .filter(|name| {
            tree.lines()
                .any(|line| line.starts_with(&format!("{name} v")))
        })
        .collect();
    if !built.is_empty() {
        return Err(format!(
            "vendor check: a root `cargo test` builds the copies' dev-dependencies {built:?}"
        ));
    }
    locked.run(&["test", "--quiet"], "vendor check (my-app)")?;
    println!("vendor check: a root `cargo test` runs my-app's tests only");

    // The client's own suite in its copy, as the README runs it: first with
    // the versions CI tested.
    let client = app.join("vendor/cloudflare-ssl");
    copy_lock(root, &client)?;
    for args in [
        &["build", "--quiet", "--all-targets"][..],
        &["test", "--quiet"],
    ] {
        locked.run(&in_copy(args), "vendor check (locked)")?;
    }
    println!("vendor check: the copy passes its own tests with the workspace's Cargo.lock");

    // Then with no lock file: the newest compatible versions, in a lock of
    // the copy's own, warnings denied, in a target directory of its own
    // (other RUSTFLAGS rebuild everything).
    let lock = client.join("Cargo.lock");
    fs::remove_file(&lock).map_err(|e| format!("{}: {e}", lock.display()))?;
    let fresh_target = target.join("vendor-check-fresh");
    let fresh = Cargo {
        dir: app,
        target: &fresh_target,
        rustflags: Some("-D warnings"),
    };
    fresh.run(
        &in_copy(&["generate-lockfile", "--quiet"]),
        "vendor check (fresh)",
    )?;
    let resolved = fs::read_to_string(&lock).map_err(|e| {
        format!(
            "vendor check: the copy got no Cargo.lock of its own, so it is not its own workspace ({}: {e})",
            lock.display()
        )
    })?;
    println!(
        "vendor check: resolved fresh: {}",
        locked_versions(
            &resolved,
            &["reqwest", "rustls", "aws-lc-rs", "ring", "tokio"]
        )
        .join(", ")
    );
    let check = "vendor check (fresh resolve, -D warnings)";
    fresh.run(&in_copy(&["build", "--quiet", "--all-targets"]), check)?;
    fresh.run(&in_copy(&["test", "--quiet"]), check)?;
    for features in FRESH_FEATURES {
        let mut args = vec!["test", "--quiet", "--no-default-features"];
        args.extend_from_slice(features);
        args.extend(["--lib", "--test", "runtime"]);
        fresh.run(&in_copy(&args), check)?;
    }
    println!(
        "vendor check: with no lock file the copy builds and passes its tests under -D warnings, every TLS feature"
    );
    Ok(())
}

/// `args` run on the client's copy from `my-app/`, as the README does.
fn in_copy<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut args = args.to_vec();
    args.extend(["--manifest-path", "vendor/cloudflare-ssl/Cargo.toml"]);
    args
}

/// A scratch directory of its own for `what`, emptied.
fn scratch_dir(what: &str) -> PathBuf {
    let scratch =
        std::env::temp_dir().join(format!("cloudflare-ssl-{what}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&scratch);
    scratch
}

/// `$CARGO_TARGET_DIR`, else the workspace's `target/`, so that reruns
/// reuse earlier builds.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// The package names in `cargo metadata --no-deps` output.
fn package_names(metadata: &str) -> Result<Vec<String>, String> {
    let metadata: serde_json::Value =
        serde_json::from_str(metadata).map_err(|e| format!("cargo metadata: {e}"))?;
    let packages = metadata["packages"]
        .as_array()
        .ok_or("cargo metadata: no `packages` array")?;
    Ok(packages
        .iter()
        .filter_map(|package| package["name"].as_str().map(str::to_owned))
        .collect())
}

/// `name version` of each of `names` in a Cargo.lock (all versions).
fn locked_versions(lock: &str, names: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line
            .strip_prefix("name = \"")
            .and_then(|rest| rest.strip_suffix('"'))
        else {
            continue;
        };
        let version = lines
            .next()
            .and_then(|line| line.strip_prefix("version = \""))
            .and_then(|rest| rest.strip_suffix('"'));
        if let (true, Some(version)) = (names.contains(&name), version) {
            found.push(format!("{name} {version}"));
        }
    }
    found
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
    let scratch = scratch_dir(&check.replace(' ', "-"));
    let target = target_dir(root);
    let result = make_copy(&scratch).and_then(|copy| {
        let cargo = Cargo {
            dir: &copy,
            target: &target,
            rustflags: None,
        };
        commands.iter().try_for_each(|args| cargo.run(args, check))
    });
    let _ = fs::remove_dir_all(&scratch);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn the_readme_manifest_is_read_up_to_its_fence() {
        let readme =
            "text\n```toml\n# my-app/Cargo.toml\n[package]\nname = \"my-app\"\n```\nmore\n";
        assert_eq!(
            readme_manifest(readme).as_deref(),
            Ok("# my-app/Cargo.toml\n[package]\nname = \"my-app\"\n")
        );
        assert!(readme_manifest("```toml\n[package]\n```\n").is_err());
    }

    #[test]
    fn lock_versions_are_read_by_name() {
        let lock = "[[package]]\nname = \"ring\"\nversion = \"0.17.14\"\n\n\
                    [[package]]\nname = \"rustls\"\nversion = \"0.23.48\"\n\n\
                    [[package]]\nname = \"rustls-pki-types\"\nversion = \"1.0.0\"\n";
        assert_eq!(
            locked_versions(lock, &["rustls", "ring"]),
            ["ring 0.17.14", "rustls 0.23.48"]
        );
    }

    #[test]
    fn the_user_workspace_is_laid_out_as_the_readme_says() {
        let root = crate::workspace_root();
        let scratch = scratch_dir("vendor-layout-test");
        let laid_out = user_workspace(&root, &scratch);
        let read = |file: &str| {
            laid_out
                .as_ref()
                .ok()
                .and_then(|app| fs::read_to_string(app.join(file)).ok())
        };
        let manifest = read("Cargo.toml");
        let client = read("vendor/cloudflare-ssl/Cargo.toml");
        let mock = read("vendor/cloudflare-ssl-mock/Cargo.toml");
        let _ = fs::remove_dir_all(&scratch);
        let manifest = manifest.expect("the README's manifest");
        assert!(manifest.contains("exclude = [\"vendor\"]"), "{manifest}");
        assert!(manifest.contains("path = \"vendor/cloudflare-ssl\""));
        assert!(manifest.contains("path = \"vendor/cloudflare-ssl-mock\""));
        let original = fs::read_to_string(root.join(CLIENT).join("Cargo.toml")).expect("client");
        assert_eq!(
            client.as_deref(),
            Some(original.as_str()),
            "copied unchanged"
        );
        assert!(mock.is_some_and(|m| m.contains("path = \"../cloudflare-ssl\"")));
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
