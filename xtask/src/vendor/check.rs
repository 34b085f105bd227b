//! `cargo xtask vendor-check`: the user workspace of the client README's
//! "Vendoring" section, and what the README says of it (see the module
//! above).

use std::fs;
use std::path::{Path, PathBuf};

use super::copy::{CLIENT, copy_crate, copy_lock};
use super::scratch::{Cargo, scratch_dir, target_dir};

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
    the_root_tests_only_the_app(&locked)?;
    println!("vendor check: a root `cargo test` runs my-app's tests only");

    let client = app.join("vendor/cloudflare-ssl");
    copy_lock(root, &client)?;
    for args in [
        &["build", "--quiet", "--all-targets"][..],
        &["test", "--quiet"],
    ] {
        locked.run(&in_copy(args), "vendor check (locked)")?;
    }
    println!("vendor check: the copy passes its own tests with the workspace's Cargo.lock");

    // Other RUSTFLAGS rebuild everything: a target directory of its own.
    let fresh = Cargo {
        dir: app,
        target: &target.join("vendor-check-fresh"),
        rustflags: Some("-D warnings"),
    };
    the_copy_passes_resolved_fresh(&fresh, &client.join("Cargo.lock"))?;
    println!(
        "vendor check: with no lock file the copy builds and passes its tests under -D warnings, every TLS feature"
    );
    Ok(())
}

/// In `my-app/`: only the user's package is a member, its tests build none
/// of the copies' dev-dependencies, and they pass.
fn the_root_tests_only_the_app(cargo: &Cargo) -> Result<(), String> {
    let members = cargo.stdout(
        &["metadata", "--quiet", "--format-version", "1", "--no-deps"],
        "vendor check",
    )?;
    let names = package_names(&members)?;
    if names != ["my-app"] {
        return Err(format!(
            "vendor check: the workspace members are {names:?}, not just my-app: the README's `exclude` does not keep the copies out"
        ));
    }
    let tree = cargo.stdout(
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
    cargo.run(&["test", "--quiet"], "vendor check (my-app)")
}

/// The client's suite in its copy with no lock file: the newest compatible
/// versions, resolved into a `lock` of the copy's own (it is its own
/// workspace), under `cargo`'s `RUSTFLAGS`, for every TLS feature.
fn the_copy_passes_resolved_fresh(cargo: &Cargo, lock: &Path) -> Result<(), String> {
    fs::remove_file(lock).map_err(|e| format!("{}: {e}", lock.display()))?;
    cargo.run(
        &in_copy(&["generate-lockfile", "--quiet"]),
        "vendor check (fresh)",
    )?;
    let resolved = fs::read_to_string(lock).map_err(|e| {
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
    cargo.run(&in_copy(&["build", "--quiet", "--all-targets"]), check)?;
    cargo.run(&in_copy(&["test", "--quiet"]), check)?;
    for features in FRESH_FEATURES {
        let mut args = vec!["test", "--quiet", "--no-default-features"];
        args.extend_from_slice(features);
        args.extend(["--lib", "--test", "runtime"]);
        cargo.run(&in_copy(&args), check)?;
    }
    Ok(())
}

/// `args` run on the client's copy from `my-app/`, as the README does.
fn in_copy<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut args = args.to_vec();
    args.extend(["--manifest-path", "vendor/cloudflare-ssl/Cargo.toml"]);
    args
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
