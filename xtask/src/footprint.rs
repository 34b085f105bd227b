//! `cargo xtask footprint`: what `crates/cloudflare-ssl` costs a user who
//! vendors it — crates in the dependency tree, cold build times, binary size.
//!
//! The crate is copied into a scratch directory with `[workspace]` appended
//! to its Cargo.toml (as `.ci/vendor-check.sh` does, and as a vendoring user
//! would), next to the workspace's Cargo.lock so that the versions are the
//! ones CI tested (`--fresh-lock` resolves the newest instead). Beside it, a
//! minimal consumer binary (build a client from the environment, edit one
//! certificate pack, print the result) depends on the copy, once per
//! scenario:
//!
//! - `default`: default features, i.e. `rustls` (reqwest's rustls with the
//!   aws-lc-rs provider). This is the smallest feature set *of the crate*
//!   that speaks HTTPS: it has no other TLS feature.
//! - `no-default`: `default-features = false`: plain HTTP only, the floor.
//! - `user-ring`, `user-native-tls`: not features of the crate, but what a
//!   user can switch on in their own Cargo.toml on top of
//!   `default-features = false` (Cargo unifies reqwest's features):
//!   reqwest's `rustls-no-provider` with rustls' `ring` provider (the binary
//!   must install that provider before building a client), or reqwest's
//!   `native-tls` (links the system OpenSSL; needs its headers and
//!   pkg-config to build).
//!
//! For each: `cargo tree` unique crates (normal edges, and with build
//! dependencies), the median of `--runs` cold builds (empty
//! `CARGO_TARGET_DIR`, sources already fetched) in debug and release, and
//! the size of the release binary. The crate's own examples are built in
//! release with default features and their sizes reported too. Only `cargo`
//! is needed; expect many minutes on a small machine.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const USAGE: &str = "\
cargo xtask footprint [--runs N] [--quick] [--fresh-lock] [--keep]

  --runs N       cold builds per scenario and profile; the median is reported (default 3)
  --quick        dependency counts only, no builds
  --fresh-lock   resolve the newest versions instead of using the workspace's Cargo.lock
  --keep         keep the scratch directory
";

struct Options {
    runs: usize,
    quick: bool,
    fresh_lock: bool,
    keep: bool,
}

fn options(args: &[&str]) -> Result<Options, String> {
    let mut options = Options {
        runs: 3,
        quick: false,
        fresh_lock: false,
        keep: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--runs" => {
                options.runs = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("--runs takes a positive number\n\n{USAGE}"))?;
            }
            "--quick" => options.quick = true,
            "--fresh-lock" => options.fresh_lock = true,
            "--keep" => options.keep = true,
            other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
        }
    }
    Ok(options)
}

/// One way of depending on the crate.
struct Scenario {
    key: &'static str,
    label: &'static str,
    https: &'static str,
    /// The consumer's dependency lines.
    dependencies: &'static str,
    /// Code the consumer runs first (installing a crypto provider).
    prelude: &'static str,
    /// Whether `cargo tree` of the vendored crate itself with these flags
    /// must give the same count (a cross-check of the consumer's count).
    crate_flags: Option<&'static [&'static str]>,
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        key: "default",
        label: "default features (`rustls`: rustls + aws-lc-rs)",
        https: "yes",
        dependencies: r#"cloudflare-ssl = { path = "../cloudflare-ssl" }"#,
        prelude: "",
        crate_flags: Some(&[]),
    },
    Scenario {
        key: "no-default",
        label: "`default-features = false`",
        https: "no: plain HTTP only",
        dependencies: r#"cloudflare-ssl = { path = "../cloudflare-ssl", default-features = false }"#,
        prelude: "",
        crate_flags: Some(&["--no-default-features"]),
    },
    Scenario {
        key: "user-ring",
        label: "user-side: `default-features = false` + reqwest `rustls-no-provider` + rustls `ring`",
        https: "yes, once the binary installs the ring provider",
        dependencies: r#"cloudflare-ssl = { path = "../cloudflare-ssl", default-features = false }
reqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }"#,
        prelude: r#"    rustls::crypto::ring::default_provider()
        .install_default()
        .expect("no other provider is installed");
"#,
        crate_flags: None,
    },
    Scenario {
        key: "user-native-tls",
        label: "user-side: `default-features = false` + reqwest `native-tls` (system OpenSSL)",
        https: "yes, through the system's OpenSSL",
        dependencies: r#"cloudflare-ssl = { path = "../cloudflare-ssl", default-features = false }
reqwest = { version = "0.13", default-features = false, features = ["native-tls"] }"#,
        prelude: "",
        crate_flags: None,
    },
];

/// The consumer: what an application using the crate minimally looks like.
const CONSUMER_MAIN: &str = r#"//! Edit one certificate pack: credentials and base URL from the environment.
use std::process::ExitCode;

fn main() -> ExitCode {
PRELUDE    let args: Vec<String> = std::env::args().skip(1).collect();
    let [zone_id, pack_id] = args.as_slice() else {
        eprintln!("usage: footprint-consumer <zone_id> <certificate_pack_id>");
        return ExitCode::from(2);
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let client = match cloudflare_ssl::Client::from_env() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let edit = cloudflare_ssl::types::CertificatePackEditRequest::default();
    match runtime.block_on(client.edit_certificate_pack(zone_id, pack_id, &edit)) {
        Ok(pack) => {
            println!("{} {}", pack.id, pack.status.as_str());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
"#;

struct Measured {
    normal: Result<usize, String>,
    with_build: Result<usize, String>,
    debug: Vec<Duration>,
    release: Vec<Duration>,
    binary: Option<u64>,
    failure: Option<String>,
}

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    if args.iter().any(|a| matches!(*a, "-h" | "--help")) {
        print!("{USAGE}");
        return Ok(());
    }
    let options = options(args)?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let scratch =
        std::env::temp_dir().join(format!("cloudflare-ssl-footprint-{}", std::process::id()));
    let _ = fs::remove_dir_all(&scratch);
    fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let result = measure(root, &scratch, &cargo, &options);
    if options.keep {
        eprintln!("footprint: kept {}", scratch.display());
    } else {
        let _ = fs::remove_dir_all(&scratch);
    }
    let report = result?;
    print!("{report}");
    Ok(())
}

fn measure(
    root: &Path,
    scratch: &Path,
    cargo: &std::ffi::OsStr,
    options: &Options,
) -> Result<String, String> {
    let vendored = scratch.join("cloudflare-ssl");
    copy_dir(&root.join("crates/cloudflare-ssl"), &vendored)?;
    append(&vendored.join("Cargo.toml"), "\n[workspace]\n")?;
    let lock = root.join("Cargo.lock");
    let copy_lock = |dir: &Path| -> Result<(), String> {
        if !options.fresh_lock && lock.is_file() {
            fs::copy(&lock, dir.join("Cargo.lock"))
                .map_err(|e| format!("copying Cargo.lock: {e}"))?;
        }
        Ok(())
    };
    copy_lock(&vendored)?;
    let cargo = Cargo {
        program: cargo.to_owned(),
    };

    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for scenario in SCENARIOS {
        eprintln!("footprint: {}: fetch and count", scenario.key);
        let dir = scratch.join(format!("consumer-{}", scenario.key));
        write_consumer(&dir, scenario)?;
        copy_lock(&dir)?;
        let measured = prepare(&cargo, &dir);
        if let (Some(flags), Ok(count)) = (scenario.crate_flags, &measured.normal) {
            match count_crates(&cargo, &vendored, flags, "normal") {
                Ok(own) if own == *count => {}
                Ok(own) => notes.push(format!(
                    "`{}`: `cargo tree` of the crate itself counts {own} crates, the consumer's tree {count}.",
                    scenario.key
                )),
                Err(error) => notes.push(format!("`{}`: {error}", scenario.key)),
            }
        }
        rows.push((scenario, dir, measured));
    }
    if !options.quick {
        // Round-robin (every scenario once per run, debug then release), so
        // that load from anything else on the machine spreads over all rows.
        for run in 0..options.runs {
            for (scenario, dir, measured) in &mut rows {
                if measured.failure.is_none() {
                    build_cold(&cargo, dir, scratch, scenario, run, measured);
                }
            }
        }
    }
    let examples = if options.quick {
        None
    } else {
        eprintln!("footprint: the crate's examples");
        Some(build_examples(&cargo, &vendored, scratch))
    };
    let rows: Vec<(&Scenario, Measured)> = rows
        .into_iter()
        .map(|(scenario, _, measured)| (scenario, measured))
        .collect();
    Ok(report(&rows, examples, &notes, options))
}

/// Fetches the consumer's sources (so that build timings are compile time
/// only) and counts its crates.
fn prepare(cargo: &Cargo, dir: &Path) -> Measured {
    let mut measured = Measured {
        normal: Err("not measured".into()),
        with_build: Err("not measured".into()),
        debug: Vec::new(),
        release: Vec::new(),
        binary: None,
        failure: None,
    };
    if let Err(error) = cargo.run(dir, &["fetch"], None) {
        measured.failure = Some(format!("cargo fetch failed: {error}"));
        return measured;
    }
    // The consumer itself is not counted.
    measured.normal = count_crates(cargo, dir, &[], "normal").map(|n| n - 1);
    measured.with_build = count_crates(cargo, dir, &[], "normal,build").map(|n| n - 1);
    measured
}

/// One cold debug build and one cold release build, each in an empty
/// target directory that is removed afterwards.
fn build_cold(
    cargo: &Cargo,
    dir: &Path,
    scratch: &Path,
    scenario: &Scenario,
    run: usize,
    measured: &mut Measured,
) {
    for release in [false, true] {
        let profile = if release { "release" } else { "debug" };
        let target = scratch.join(format!("target-{}-{profile}-{run}", scenario.key));
        let _ = fs::remove_dir_all(&target);
        let mut args = vec!["build", "--quiet"];
        if release {
            args.push("--release");
        }
        let start = Instant::now();
        let built = cargo.run(dir, &args, Some(&target));
        let elapsed = start.elapsed();
        match built {
            Ok(_) => {
                eprintln!(
                    "footprint: {} {profile} build {}: {:.1} s",
                    scenario.key,
                    run + 1,
                    elapsed.as_secs_f64()
                );
                if release {
                    measured.release.push(elapsed);
                    if measured.binary.is_none() {
                        let binary = target.join("release").join(EXE_NAME);
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

const EXE_NAME: &str = if cfg!(windows) {
    "footprint-consumer.exe"
} else {
    "footprint-consumer"
};

/// The crate's examples (`examples/*.rs`, `examples/*/main.rs`), built in
/// release with default features: (name, size) or why not.
fn build_examples(
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
        return Err("crates/cloudflare-ssl has no examples yet; the consumer binary above stands in for one".into());
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

fn write_consumer(dir: &Path, scenario: &Scenario) -> Result<(), String> {
    fs::create_dir_all(dir.join("src")).map_err(|e| format!("{}: {e}", dir.display()))?;
    let manifest = format!(
        "[package]\nname = \"footprint-consumer\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{}\ntokio = {{ version = \"1\", default-features = false, features = [\"rt\"] }}\n\n[workspace]\n",
        scenario.dependencies
    );
    write(&dir.join("Cargo.toml"), &manifest)?;
    write(
        &dir.join("src/main.rs"),
        &CONSUMER_MAIN.replace("PRELUDE", scenario.prelude),
    )
}

/// Unique crates in `cargo tree -e <edges> --prefix none`, the root included.
fn count_crates(cargo: &Cargo, dir: &Path, flags: &[&str], edges: &str) -> Result<usize, String> {
    let mut args = vec!["tree", "--quiet", "-e", edges, "--prefix", "none"];
    args.extend_from_slice(flags);
    let out = cargo.run(dir, &args, None)?;
    let crates: BTreeSet<&str> = out
        .lines()
        .map(|line| line.trim_end_matches(" (*)").trim())
        .filter(|line| !line.is_empty() && !line.starts_with('['))
        .collect();
    Ok(crates.len())
}

struct Cargo {
    program: std::ffi::OsString,
}

impl Cargo {
    /// Runs cargo in `dir`; its stdout, or stderr's tail as the error.
    fn run(&self, dir: &Path, args: &[&str], target: Option<&Path>) -> Result<String, String> {
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
}

fn report(
    rows: &[(&Scenario, Measured)],
    examples: Option<Result<Vec<(String, u64)>, String>>,
    notes: &[String],
    options: &Options,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n## cloudflare-ssl footprint, vendored\n");
    let _ = writeln!(out, "{}\n", machine());
    let _ = writeln!(
        out,
        "Lock file: {}. Build times: median of {} cold build(s) (min–max), `cargo build` of a minimal \
         consumer binary in an empty CARGO_TARGET_DIR with sources already fetched.\n",
        if options.fresh_lock {
            "resolved fresh (newest versions)"
        } else {
            "the workspace's Cargo.lock (versions CI tested)"
        },
        options.runs
    );
    let _ = writeln!(
        out,
        "| scenario | HTTPS | crates (normal deps) | crates (+ build deps) | cold debug build | cold release build | release binary |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---:|");
    for (scenario, m) in rows {
        let count = |c: &Result<usize, String>| match c {
            Ok(n) => n.to_string(),
            Err(_) => "—".into(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            scenario.label,
            scenario.https,
            count(&m.normal),
            count(&m.with_build),
            times(&m.debug, options.quick),
            times(&m.release, options.quick),
            m.binary.map(size).unwrap_or_else(|| "—".into()),
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "- Crate counts: unique lines of `cargo tree -e normal --prefix none` (and `-e normal,build`) \
         for the host target, the consumer itself not counted, cloudflare-ssl counted."
    );
    let _ = writeln!(
        out,
        "- The smallest feature set of cloudflare-ssl that speaks HTTPS is its default (`rustls` = \
         reqwest's rustls with aws-lc-rs); the crate has no smaller TLS feature. The `user-side` rows \
         are not features of the crate: they are what a user can enable in their own Cargo.toml on top \
         of `default-features = false`."
    );
    for (scenario, m) in rows {
        for error in [&m.normal, &m.with_build]
            .into_iter()
            .filter_map(|c| c.as_ref().err())
        {
            if error != "not measured" {
                let _ = writeln!(out, "- `{}`: {error}", scenario.key);
            }
        }
        if let Some(failure) = &m.failure {
            let _ = writeln!(out, "- `{}`: {failure}", scenario.key);
        }
    }
    for note in notes {
        let _ = writeln!(out, "- {note}");
    }
    match examples {
        None => {}
        Some(Ok(examples)) => {
            let _ = writeln!(
                out,
                "\nThe crate's own examples, `cargo build --release --examples`, default features:\n"
            );
            let _ = writeln!(out, "| example | release binary |");
            let _ = writeln!(out, "|---|---:|");
            for (name, bytes) in examples {
                let _ = writeln!(out, "| {name} | {} |", size(bytes));
            }
        }
        Some(Err(error)) => {
            let _ = writeln!(out, "\nExamples: {error}");
        }
    }
    out
}

fn times(runs: &[Duration], quick: bool) -> String {
    if runs.is_empty() {
        return if quick {
            "(--quick)".into()
        } else {
            "—".into()
        };
    }
    let mut secs: Vec<f64> = runs.iter().map(Duration::as_secs_f64).collect();
    secs.sort_by(f64::total_cmp);
    let median = if secs.len() % 2 == 1 {
        secs[secs.len() / 2]
    } else {
        (secs[secs.len() / 2 - 1] + secs[secs.len() / 2]) / 2.0
    };
    if secs.len() == 1 {
        format!("{median:.0} s (1 run)")
    } else {
        format!(
            "{median:.0} s ({:.0}–{:.0}, n={})",
            secs[0],
            secs[secs.len() - 1],
            secs.len()
        )
    }
}

fn size(bytes: u64) -> String {
    format!("{:.2} MiB ({bytes} B)", bytes as f64 / (1024.0 * 1024.0))
}

/// Cores, CPU model and toolchain, for the record.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "rustc ?".into());
    format!(
        "Machine: {cores} cores, {cpu}, {rustc}, {}.",
        std::env::consts::OS
    )
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let entries = fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", from.display()))?;
        let path = entry.path();
        let dest: PathBuf = to.join(entry.file_name());
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

fn append(file: &Path, text: &str) -> Result<(), String> {
    let mut contents = fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    contents.push_str(text);
    write(file, &contents)
}

fn write(file: &Path, contents: &str) -> Result<(), String> {
    fs::write(file, contents).map_err(|e| format!("{}: {e}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_and_reject() {
        let parsed = options(&["--runs", "5", "--quick", "--keep"]).expect("valid");
        assert_eq!(parsed.runs, 5);
        assert!(parsed.quick && parsed.keep && !parsed.fresh_lock);
        assert!(options(&["--runs", "0"]).is_err());
        assert!(options(&["--bogus"]).is_err());
    }

    #[test]
    fn build_times_report_the_median_and_range() {
        let runs = [30, 10, 20].map(Duration::from_secs);
        assert_eq!(times(&runs, false), "20 s (10–30, n=3)");
        assert_eq!(times(&[], true), "(--quick)");
    }

    #[test]
    fn every_scenario_gets_a_compilable_main() {
        for scenario in SCENARIOS {
            let main = CONSUMER_MAIN.replace("PRELUDE", scenario.prelude);
            assert!(!main.contains("PRELUDE"));
            assert!(main.contains("fn main"));
        }
    }
}
