//! `cargo xtask footprint`: what `crates/cloudflare-ssl` costs a user who
//! vendors it — crates in the dependency tree, cold build times, binary
//! size — side by side with cloudflare-rs and with a floor of reqwest and
//! serde alone, all measured in one run.
//!
//! The crate is copied out of the workspace by [`crate::vendor::vendor_copy`]
//! (made its own workspace root, as a vendoring user's copy is once
//! excluded from their workspace), with the workspace's Cargo.lock beside
//! it so that the versions are the ones CI tested (`--fresh-lock` resolves
//! the newest instead). Beside it, one minimal consumer binary per row
//! ([`scenarios::SCENARIOS`], programs in [`consumer`]), each its own
//! workspace with the same lock file: the client with each TLS feature and
//! with none, the floor (reqwest with its own default TLS, serde, no
//! client) and cloudflare-rs (`cloudflare` 0.14, default features).
//!
//! For each: `cargo tree` unique crates (normal edges, and with build
//! dependencies), the median of `--runs` cold builds (empty
//! `CARGO_TARGET_DIR`, sources already fetched, rows round-robin) in debug
//! and release, and the size of the release binary; then every row relative
//! to cloudflare-rs ([`report`]). The crate's own examples are built in
//! release with default features and their sizes reported too. Only
//! `cargo` is needed (and OpenSSL's headers for the native-tls rows); expect
//! many minutes on a small machine, seconds with `--quick`.

mod args;
mod cargo;
mod consumer;
mod machine;
mod report;
mod scenarios;

use std::fs;
use std::path::Path;

use self::cargo::{Cargo, Measured};
use self::scenarios::{SCENARIOS, Scenario};
use crate::vendor::{copy_lock, vendor_copy};

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    if args.iter().any(|a| matches!(*a, "-h" | "--help")) {
        print!("{}", args::USAGE);
        return Ok(());
    }
    let options = args::parse(args, &scenarios::keys())?;
    let scratch =
        std::env::temp_dir().join(format!("cloudflare-ssl-footprint-{}", std::process::id()));
    let _ = fs::remove_dir_all(&scratch);
    fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let result = measure(root, &scratch, &options);
    if options.keep {
        eprintln!("footprint: kept {}", scratch.display());
    } else {
        let _ = fs::remove_dir_all(&scratch);
    }
    print!("{}", result?);
    Ok(())
}

fn measure(root: &Path, scratch: &Path, options: &args::Options) -> Result<String, String> {
    let vendored = vendor_copy(root, scratch, !options.fresh_lock)?;
    let cargo = Cargo::from_env();
    let selected = SCENARIOS
        .iter()
        .filter(|s| options.only.is_empty() || options.only.iter().any(|k| k == s.key));

    let mut rows: Vec<(&Scenario, std::path::PathBuf, Measured)> = Vec::new();
    let mut notes = Vec::new();
    for scenario in selected {
        eprintln!("footprint: {}: fetch and count", scenario.key);
        let dir = scratch.join(format!("consumer-{}", scenario.key));
        consumer::write(&dir, scenario)?;
        if !options.fresh_lock {
            copy_lock(root, &dir)?;
        }
        let measured = cargo::prepare(&cargo, &dir);
        if let (Some(flags), Ok(count)) = (scenario.crate_flags(), &measured.normal) {
            let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
            match cargo.count_crates(&vendored, &flags, "normal") {
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
        // Round-robin (every row once per run, debug then release), so
        // that load from anything else on the machine spreads over all rows.
        for run in 0..options.runs {
            for (scenario, dir, measured) in &mut rows {
                if measured.failure.is_none() {
                    cargo::build_cold(&cargo, dir, scratch, scenario.key, run, measured);
                }
            }
        }
    }
    let examples = if options.quick {
        None
    } else {
        eprintln!("footprint: the crate's examples");
        Some(cargo::build_examples(&cargo, &vendored, scratch))
    };
    let rows: Vec<(&Scenario, Measured)> = rows
        .into_iter()
        .map(|(scenario, _, measured)| (scenario, measured))
        .collect();
    Ok(report::render(&rows, examples, &notes, options))
}
