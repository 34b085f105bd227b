//! Where and how the vendoring checks run cargo: a scratch directory of
//! their own, the workspace's target directory, `RUSTFLAGS` when asked.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// How cargo runs in the scratch workspace: where, with which target
/// directory, and with `RUSTFLAGS` set or inherited.
pub struct Cargo<'a> {
    pub dir: &'a Path,
    pub target: &'a Path,
    pub rustflags: Option<&'a str>,
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
    pub fn run(&self, args: &[&str], check: &str) -> Result<(), String> {
        self.run_with(args, &[], check)
    }

    /// [`Cargo::run`] with environment variables set, or removed where the
    /// value is `None`.
    pub fn run_with(
        &self,
        args: &[&str],
        env: &[(&str, Option<&str>)],
        check: &str,
    ) -> Result<(), String> {
        let mut command = self.command(args);
        for (name, value) in env {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
        let status = command
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
    pub fn stdout(&self, args: &[&str], check: &str) -> Result<String, String> {
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

/// A scratch directory of its own for `what`, emptied.
pub fn scratch_dir(what: &str) -> PathBuf {
    let scratch =
        std::env::temp_dir().join(format!("cloudflare-ssl-{what}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&scratch);
    scratch
}

/// `$CARGO_TARGET_DIR`, else the workspace's `target/`, so that reruns
/// reuse earlier builds.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
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
