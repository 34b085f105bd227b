//! The footprint report: one markdown table of what each row costs, one of
//! each row relative to cloudflare-rs, and the targets checked
//! against the `default` row.

use std::fmt::Write as _;
use std::time::Duration;

use super::args::Options;
use super::cargo::Measured;
use super::machine;
use super::scenarios::{REFERENCE, Scenario};

/// The crate's own examples: (name, bytes), or why they were not built;
/// `None` with `--quick`.
pub type Examples = Option<Result<Vec<(String, u64)>, String>>;

pub fn render(
    rows: &[(&Scenario, Measured)],
    examples: Examples,
    notes: &[String],
    options: &Options,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n## cloudflare-ssl footprint, vendored\n");
    let _ = writeln!(out, "{}\n", machine::describe());
    let _ = writeln!(
        out,
        "Lock file: {}. Build times: median of {} cold build(s) (min–max), `cargo build` of a minimal \
         consumer binary in an empty CARGO_TARGET_DIR with sources already fetched, the rows built \
         round-robin.\n",
        if options.fresh_lock {
            "resolved fresh (newest versions)"
        } else {
            "the workspace's Cargo.lock (versions CI tested)"
        },
        options.runs
    );
    costs(&mut out, rows, options.quick);
    ratios(&mut out, rows);
    targets(&mut out, rows);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "- Crate counts: unique lines of `cargo tree -e normal --prefix none` (and `-e normal,build`) \
         for the host target, the consumer itself not counted (cloudflare-ssl or `cloudflare` counted)."
    );
    let _ = writeln!(
        out,
        "- CPU: user + system seconds of the build, cargo and everything it ran (Linux only); \
         other load on the machine changes it far less than the wall time beside it."
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
                let _ = writeln!(out, "| `{name}` | {} |", size(bytes));
            }
        }
        Some(Err(error)) => {
            let _ = writeln!(out, "\nExamples: {error}");
        }
    }
    out
}

fn costs(out: &mut String, rows: &[(&Scenario, Measured)], quick: bool) {
    let _ = writeln!(
        out,
        "| row | HTTPS | crates (normal deps) | crates (+ build deps) | cold debug build | debug, CPU | cold release build | release, CPU | release binary |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (scenario, m) in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            scenario.label,
            scenario.https,
            count(&m.normal),
            count(&m.with_build),
            times(&m.debug, quick),
            times(&m.debug_cpu, quick),
            times(&m.release, quick),
            times(&m.release_cpu, quick),
            m.binary.map(size).unwrap_or_else(|| "—".into()),
        );
    }
}

/// The figures of one row that are compared: crates, debug, release, binary.
fn figures(m: &Measured) -> [Option<f64>; 4] {
    [
        m.normal.as_ref().ok().map(|n| *n as f64),
        median(&m.debug),
        median(&m.release),
        m.binary.map(|b| b as f64),
    ]
}

fn ratios(out: &mut String, rows: &[(&Scenario, Measured)]) {
    let Some((_, reference)) = rows.iter().find(|(s, _)| s.key == REFERENCE) else {
        let _ = writeln!(out, "\n(No `{REFERENCE}` row measured: no ratios.)");
        return;
    };
    let reference = figures(reference);
    let _ = writeln!(
        out,
        "\nRelative to cloudflare-rs (its consumer = 1.00; below 1 is smaller or faster):\n"
    );
    let _ = writeln!(
        out,
        "| row | crates (normal deps) | cold debug build | cold release build | release binary |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|");
    for (scenario, m) in rows {
        let cells: Vec<String> = figures(m)
            .iter()
            .zip(reference)
            .map(|(value, reference)| ratio(*value, reference))
            .collect();
        let _ = writeln!(out, "| `{}` | {} |", scenario.key, cells.join(" | "));
    }
}

/// The targets for the default features, checked where measured.
fn targets(out: &mut String, rows: &[(&Scenario, Measured)]) {
    let find = |key: &str| rows.iter().find(|(s, _)| s.key == key).map(|(_, m)| m);
    let Some(default) = find("default") else {
        return;
    };
    let [crates, debug, _, binary] = figures(default);
    let reference = find(REFERENCE).map(figures).unwrap_or([None; 4]);
    let verdict = |met: Option<bool>| match met {
        Some(true) => "met",
        Some(false) => "**not met**",
        None => "not measured",
    };
    let _ = writeln!(out, "\nTargets for the default features:\n");
    let _ = writeln!(
        out,
        "- cold debug build ≤ 0.8× cloudflare-rs's: {} ({})",
        ratio(debug, reference[1]),
        verdict(debug.zip(reference[1]).map(|(d, r)| d <= 0.8 * r))
    );
    let _ = writeln!(
        out,
        "- ≤ 100 crates in the normal tree: {} ({})",
        count(&default.normal),
        verdict(crates.map(|c| c <= 100.0))
    );
    let _ = writeln!(
        out,
        "- release binary smaller than cloudflare-rs's consumer: {} ({})",
        ratio(binary, reference[3]),
        verdict(binary.zip(reference[3]).map(|(b, r)| b < r))
    );
}

fn count(c: &Result<usize, String>) -> String {
    match c {
        Ok(n) => n.to_string(),
        Err(_) => "—".into(),
    }
}

fn ratio(value: Option<f64>, reference: Option<f64>) -> String {
    match (value, reference) {
        (Some(v), Some(r)) if r > 0.0 => format!("{:.2}×", v / r),
        _ => "—".into(),
    }
}

fn median(runs: &[Duration]) -> Option<f64> {
    let mut secs: Vec<f64> = runs.iter().map(Duration::as_secs_f64).collect();
    secs.sort_by(f64::total_cmp);
    let mid = secs.len() / 2;
    match secs.len() {
        0 => None,
        n if n % 2 == 1 => Some(secs[mid]),
        _ => Some((secs[mid - 1] + secs[mid]) / 2.0),
    }
}

fn times(runs: &[Duration], quick: bool) -> String {
    let Some(median) = median(runs) else {
        return if quick { "(--quick)" } else { "—" }.into();
    };
    if runs.len() == 1 {
        return format!("{median:.1} s (1 run)");
    }
    let secs = runs.iter().map(Duration::as_secs_f64);
    let low = secs.clone().fold(f64::INFINITY, f64::min);
    let high = secs.fold(0.0, f64::max);
    format!("{median:.1} s ({low:.1}–{high:.1}, n={})", runs.len())
}

fn size(bytes: u64) -> String {
    format!("{:.2} MiB ({bytes} B)", bytes as f64 / (1024.0 * 1024.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::footprint::scenarios::SCENARIOS;

    #[test]
    fn build_times_report_the_median_and_range() {
        let runs = [30, 10, 20].map(Duration::from_secs);
        assert_eq!(times(&runs, false), "20.0 s (10.0–30.0, n=3)");
        assert_eq!(median(&[10, 20].map(Duration::from_secs)), Some(15.0));
        assert_eq!(times(&[], true), "(--quick)");
        assert_eq!(times(&[], false), "—");
    }

    fn measured(crates: usize, debug: u64, binary: u64) -> Measured {
        Measured {
            normal: Ok(crates),
            with_build: Ok(crates + 5),
            debug: vec![Duration::from_secs(debug)],
            release: vec![Duration::from_secs(2 * debug)],
            debug_cpu: vec![Duration::from_secs(debug)],
            release_cpu: vec![Duration::from_secs(2 * debug)],
            binary: Some(binary),
            failure: None,
        }
    }

    #[test]
    fn ratios_and_targets_are_against_cloudflare_rs() {
        let default = SCENARIOS.iter().find(|s| s.key == "default").expect("row");
        let reference = SCENARIOS.iter().find(|s| s.key == REFERENCE).expect("row");
        let rows = [
            (default, measured(93, 20, 4_000_000)),
            (reference, measured(107, 30, 5_000_000)),
        ];
        let options = Options {
            runs: 1,
            quick: false,
            only: Vec::new(),
            fresh_lock: false,
            keep: false,
        };
        let report = render(&rows, None, &[], &options);
        assert!(
            report.contains("| `default` | 0.87× | 0.67× | 0.67× | 0.80× |"),
            "{report}"
        );
        assert!(report.contains("| `cloudflare-rs` | 1.00× | 1.00× | 1.00× | 1.00× |"));
        assert!(
            report.contains("0.8× cloudflare-rs's: 0.67× (met)"),
            "{report}"
        );
        assert!(report.contains("≤ 100 crates in the normal tree: 93 (met)"));
        let slow = [
            (default, measured(101, 29, 6_000_000)),
            (reference, measured(107, 30, 5_000_000)),
        ];
        let report = render(&slow, None, &[], &options);
        assert_eq!(report.matches("**not met**").count(), 3, "{report}");
    }
}
