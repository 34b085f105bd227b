//! Running cargo for the footprint: fetching, counting crates with
//! `cargo tree`, and timing cold builds (an empty `CARGO_TARGET_DIR` each,
//! removed afterwards).

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use super::{consumer, machine};

/// The cargo that runs this xtask (`$CARGO`), or `cargo`.
#[derive(Debug)]
pub struct Cargo {
    program: OsString,
}

impl Cargo {
    pub fn from_env() -> Self {
        Self {
            program: std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
        }
    }

    /// Runs cargo in `dir`, with `target` as its target directory (never
    /// the caller's `CARGO_TARGET_DIR`); its stdout, or stderr's tail as
    /// the error.
    pub fn run(&self, dir: &Path, args: &[&str], target: Option<&Path>) -> Result<String, String> {
        let mut command = Command::new(&self.program);
        command.args(args).current_dir(dir);
        command.env_remove("CARGO_TARGET_DIR");
        if let Some(target) = target {
            command.env("CARGO_TARGET_DIR", target);
        }
        let output = command
            .output()
            .map_err(|e| format!("could not run cargo: {e}"))?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let tail: Vec<&str> = stderr.lines().rev().take(15).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            Err(format!(
                "`cargo {}` failed:\n{}",
                args.join(" "),
                tail.join("\n")
            ))
        }
    }

    /// Unique crates in `cargo tree -e <edges> --prefix none`, the root included.
    pub fn count_crates(&self, dir: &Path, flags: &[&str], edges: &str) -> Result<usize, String> {
        let mut args = vec!["tree", "--quiet", "-e", edges, "--prefix", "none"];
        args.extend_from_slice(flags);
        let out = self.run(dir, &args, None)?;
        Ok(unique_crates(&out))
    }
}

fn unique_crates(tree: &str) -> usize {
    let crates: BTreeSet<&str> = tree
        .lines()
        .map(|line| line.trim_end_matches(" (*)").trim())
        .filter(|line| !line.is_empty() && !line.starts_with('['))
        .collect();
    crates.len()
}

/// What was measured for one scenario.
#[derive(Debug)]
pub struct Measured {
    pub normal: Result<usize, String>,
    pub with_build: Result<usize, String>,
    /// Wall time of each cold build.
    pub debug: Vec<Duration>,
    pub release: Vec<Duration>,
    /// CPU time (user + system) of each cold build, where it can be read.
    pub debug_cpu: Vec<Duration>,
    pub release_cpu: Vec<Duration>,
    pub binary: Option<u64>,
    pub failure: Option<String>,
}

/// Fetches the consumer's sources (so that build timings are compile time
/// only) and counts its crates, the consumer itself not counted.
pub fn prepare(cargo: &Cargo, dir: &Path) -> Measured {
    let mut measured = Measured {
        normal: Err("not measured".into()),
        with_build: Err("not measured".into()),
        debug: Vec::new(),
        release: Vec::new(),
        debug_cpu: Vec::new(),
        release_cpu: Vec::new(),
        binary: None,
        failure: None,
    };
    if let Err(error) = cargo.run(dir, &["fetch"], None) {
        measured.failure = Some(format!("cargo fetch failed: {error}"));
        return measured;
    }
    measured.normal = cargo.count_crates(dir, &[], "normal").map(|n| n - 1);
    measured.with_build = cargo.count_crates(dir, &[], "normal,build").map(|n| n - 1);
    measured
}

/// One cold debug build and one cold release build of the consumer in
/// `dir`, each in an empty target directory `<scratch>/target-<key>-…`.
pub fn build_cold(
    cargo: &Cargo,
    dir: &Path,
    scratch: &Path,
    key: &str,
    run: usize,
    measured: &mut Measured,
) {
    for release in [false, true] {
        let profile = if release { "release" } else { "debug" };
        let target = scratch.join(format!("target-{key}-{profile}-{run}"));
        let _ = fs::remove_dir_all(&target);
        let mut args = vec!["build", "--quiet"];
        if release {
            args.push("--release");
        }
        let (start, cpu_start) = (Instant::now(), machine::children_cpu());
        let built = cargo.run(dir, &args, Some(&target));
        let elapsed = start.elapsed();
        let cpu = cpu_start
            .zip(machine::children_cpu())
            .map(|(start, end)| end.saturating_sub(start));
        match built {
            Ok(_) => {
                eprintln!(
                    "footprint: {key} {profile} build {}: {:.1} s ({} CPU)",
                    run + 1,
                    elapsed.as_secs_f64(),
                    cpu.map_or("?".to_owned(), |cpu| format!("{:.1} s", cpu.as_secs_f64()))
                );
                let cpu_times = if release {
                    &mut measured.release_cpu
                } else {
                    &mut measured.debug_cpu
                };
                cpu_times.extend(cpu);
                if release {
                    measured.release.push(elapsed);
                    if measured.binary.is_none() {
                        let binary = target.join("release").join(format!(
                            "{}{}",
                            consumer::NAME,
                            std::env::consts::EXE_SUFFIX
                        ));
                        measured.binary = fs::metadata(&binary).ok().map(|m| m.len());
                    }
                } else {
                    measured.debug.push(elapsed);
                }
            }
            Err(error) => {
                measured.failure = Some(format!("{profile} build failed: {error}"));
                let _ = fs::remove_dir_all(&target);
                return;
            }
        }
        let _ = fs::remove_dir_all(&target);
    }
}

/// The crate's examples (`examples/*.rs`, `examples/*/main.rs`), built in
/// release with default features: (name, size) or why not.
pub fn build_examples(
    cargo: &Cargo,
    vendored: &Path,
    scratch: &Path,
) -> Result<Vec<(String, u64)>, String> {
    let mut names = Vec::new();
    if let Ok(entries) = fs::read_dir(vendored.join("examples")) {
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned);
            let Some(name) = name else { continue };
            if path.extension().is_some_and(|e| e == "rs") || path.join("main.rs").is_file() {
                names.push(name);
            }
        }
    }
    names.sort();
    if names.is_empty() {
        return Err(
            "crates/cloudflare-ssl has no examples; the consumer binary stands in for one".into(),
        );
    }
    let target = scratch.join("target-examples");
    cargo.run(
        vendored,
        &["build", "--quiet", "--release", "--examples"],
        Some(&target),
    )?;
    let sizes = names
        .into_iter()
        .filter_map(|name| {
            let file = target
                .join("release/examples")
                .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
            fs::metadata(file).ok().map(|m| (name, m.len()))
        })
        .collect();
    let _ = fs::remove_dir_all(&target);
    Ok(sizes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crates_are_counted_once_with_the_root() {
        let tree = "consumer v0.0.0 (/tmp/x)\nreqwest v0.13.5\nbytes v1.0.0\nbytes v1.0.0 (*)\n[build-dependencies]\ncc v1.2.0\n\n";
        assert_eq!(unique_crates(tree), 4);
    }
}
