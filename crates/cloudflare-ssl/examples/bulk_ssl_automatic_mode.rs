//! Set Automatic SSL/TLS for many zones, reading each zone's setting first,
//! through the client-side rate limiter, a bounded number at a time.
//!
//! ```text
//! bulk_ssl_automatic_mode <auto|custom> [ZONES_FILE] [--concurrency N] [--dry-run]
//! ```
//!
//! Zone ids come one per line from ZONES_FILE, or from stdin when it is
//! absent or `-` (blank lines and `#` comments are skipped). Each zone is
//! read first, and PATCHed only when its value differs and the setting is
//! editable (`Client::ensure_ssl_automatic_mode`); each done zone is printed
//! on stdout as `<zone_id>\t<value>\t<changed|unchanged>`. With `--dry-run`
//! only the reads are sent, and each zone is printed as
//! `<zone_id>\t<current value>\t<would change|unchanged|not editable>`.
//! Progress and every failure (HTTP status, `code: message`, `cf-ray`; a
//! setting that is not editable) go to stderr. The limiter keeps the job
//! under Cloudflare's 1 200 requests per 5 minutes, and a 429 with a wait
//! pauses every request in flight, not only the one that got it.
//!
//! Exit status: 0 when every zone was done (or, with `--dry-run`, read), 1
//! when any failed (a zone whose setting is not editable fails, except in a
//! dry run, which reports it), 2 on bad input or missing credentials
//! (nothing sent).

mod common;

use std::io::Read;
use std::process::ExitCode;
use std::sync::Arc;

use cloudflare_ssl::types::SslAutomaticModeValue;
use cloudflare_ssl::{Client, EnsureError, Ensured, PlannedChange};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

const USAGE: &str =
    "usage: bulk_ssl_automatic_mode <auto|custom> [ZONES_FILE] [--concurrency N] [--dry-run]";
const DEFAULT_CONCURRENCY: usize = 8;

struct Arguments {
    value: SslAutomaticModeValue,
    zones: Vec<String>,
    concurrency: usize,
    dry_run: bool,
}

fn arguments(line: common::CommandLine) -> Result<Arguments, String> {
    let concurrency = match line.number("--concurrency") {
        None => DEFAULT_CONCURRENCY,
        Some(n) => usize::try_from(n)
            .ok()
            .filter(|n| *n > 0)
            .ok_or("--concurrency takes a positive number")?,
    };
    let (value, zones_file) = match line.positional.as_slice() {
        [value] => (value, None),
        [value, file] if file == "-" => (value, None),
        [value, file] => (value, Some(file.as_str())),
        _ => return Err("wrong number of arguments".into()),
    };
    let value = SslAutomaticModeValue::from(value.as_str());
    if !value.is_known() {
        let known = SslAutomaticModeValue::KNOWN_VALUES.join(" or ");
        return Err(format!(
            "the mode must be {known}, not {:?}",
            value.as_str()
        ));
    }
    Ok(Arguments {
        value,
        zones: zone_ids(zones_file)?,
        concurrency,
        dry_run: line.switch("--dry-run"),
    })
}

fn zone_ids(file: Option<&str>) -> Result<Vec<String>, String> {
    let text = match file {
        Some(path) => {
            std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?
        }
        None => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| format!("cannot read stdin: {e}"))?;
            text
        }
    };
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect())
}

#[tokio::main]
async fn main() -> ExitCode {
    let (arguments, client) =
        match common::start_tool(USAGE, &["--dry-run"], &["--concurrency"], arguments) {
            Ok(started) => started,
            Err(exit) => return exit,
        };

    let zones = arguments.zones;
    let total = zones.len();
    let slots = Arc::new(Semaphore::new(arguments.concurrency));
    let mut tasks = JoinSet::new();
    for zone in zones {
        let (client, slots, value) = (client.clone(), slots.clone(), arguments.value.clone());
        let dry_run = arguments.dry_run;
        tasks.spawn(async move {
            // Held for the whole zone: at most `concurrency` in flight.
            let _slot = slots.acquire_owned().await;
            let outcome = one_zone(&client, &zone, value, dry_run).await;
            (zone, outcome)
        });
    }
    let (mut done, mut failed) = (0, 0);
    while let Some(joined) = tasks.join_next().await {
        done += 1;
        match joined {
            Ok((zone, Ok(line))) => {
                println!("{zone}\t{line}");
                eprintln!("[{done}/{total}] {zone}: {}", line.replace('\t', " "));
            }
            Ok((zone, Err(reason))) => {
                failed += 1;
                eprint!("[{done}/{total}] {zone}: failed\n{reason}");
            }
            Err(panicked) => {
                failed += 1;
                eprintln!("[{done}/{total}] a task failed: {panicked}");
            }
        }
    }
    let verb = if arguments.dry_run { "read" } else { "done" };
    eprintln!("{} {verb}, {failed} failed", total - failed);
    common::exit_status(failed)
}

/// One zone: its stdout line after the zone id, or why it failed (for
/// stderr, one fact per line).
async fn one_zone(
    client: &Client,
    zone: &str,
    value: SslAutomaticModeValue,
    dry_run: bool,
) -> Result<String, String> {
    if dry_run {
        let plan = client
            .plan_ssl_automatic_mode(zone, value)
            .await
            .map_err(|error| common::refusal(&error))?;
        let change = match plan.change {
            PlannedChange::Unchanged => "unchanged",
            PlannedChange::WouldChange => "would change",
            PlannedChange::NotEditable => "not editable",
            other => return Err(format!("{other:?}\n")),
        };
        return Ok(format!("{}\t{change}", plan.current.value));
    }
    match client.ensure_ssl_automatic_mode(zone, value).await {
        Ok(ensured) => {
            let change = match ensured {
                Ensured::Changed(_) => "changed",
                _ => "unchanged",
            };
            Ok(format!("{}\t{change}", ensured.setting().value))
        }
        Err(EnsureError::Request(error)) => Err(common::refusal(&error)),
        Err(other) => Err(format!("{other}\n")),
    }
}
