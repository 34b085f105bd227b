//! Restart validation of every certificate pack that timed out in it, and
//! follow each one until it is active.
//!
//! ```text
//! restart_timed_out_packs <ZONE_ID>... [--validation-method txt|http|email] [--max-wait SECS] [--poll-interval-ms MS]
//! ```
//!
//! For each zone, every pack is listed (`status=all`, every page); each pack
//! in `validation_timed_out` gets the documented restart (a PATCH of the
//! pack with an empty body: "restart validation … for a Certificate Pack in
//! a validation_timed_out status"), or with `--validation-method` a PATCH
//! of `/ssl/verification/{pack}` that switches the pack to that method
//! ("A PATCH request will request an immediate validation check on any
//! certificate"), and then is waited for until it is
//! `active`, fails again, or `--max-wait` (default 1800 s, for all the waits
//! together, which run side by side) passes. Polls start
//! `--poll-interval-ms` apart (default 5000) and back off to 60 s.
//!
//! stdout: `<zone_id>\t<pack_id>\t<final status>` per restarted pack (the
//! last status seen; `gone` when the pack disappeared, `unknown` when it
//! was never seen after the restart), and per pack whose restart was
//! refused (its status as listed). stderr: progress and every failure.
//!
//! A zone whose listing fails, or ends before every pack was seen (the
//! walk's cap, a page repeated or empty, a page without `result_info`), is
//! a failure, said on stderr, and none of its packs is restarted.
//!
//! Exit status: 0 when every restarted pack became active (or none needed
//! a restart), 1 when any listing failed or was incomplete, or any restart
//! or wait failed or ran out of time, 2 on bad input or missing
//! credentials (nothing sent).

mod common;

use std::process::ExitCode;
use std::time::Duration;

use cloudflare_ssl::dcv::tsv_field;
use cloudflare_ssl::types::{
    CertificatePackEditRequest, CertificatePackListStatus, DesiredValidationMethod,
    ListCertificatePacksQuery, SslVerificationEditRequest,
};
use cloudflare_ssl::{
    Client, DEFAULT_FIRST_POLL_INTERVAL, DEFAULT_MAX_POLL_INTERVAL, ListingError, PollSchedule,
    WaitTarget,
};
use tokio::task::JoinSet;

const USAGE: &str = "usage: restart_timed_out_packs <ZONE_ID>... \
                     [--validation-method txt|http|email] [--max-wait SECS] [--poll-interval-ms MS]";
const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(1800);

struct Arguments {
    zones: Vec<String>,
    /// Restart through `/ssl/verification/{pack}` with this method.
    method: Option<DesiredValidationMethod>,
    max_wait: Duration,
    schedule: PollSchedule,
}

fn arguments(line: common::CommandLine) -> Result<Arguments, String> {
    let zones = common::zone_ids(line.positional.clone())?;
    let method = match line.text("--validation-method") {
        None => None,
        Some(method @ ("txt" | "http" | "email")) => Some(DesiredValidationMethod::from(method)),
        Some(other) => {
            return Err(format!(
                "--validation-method takes txt, http or email, not `{other}`"
            ));
        }
    };
    let first_interval = line
        .number("--poll-interval-ms")
        .map_or(DEFAULT_FIRST_POLL_INTERVAL, Duration::from_millis);
    Ok(Arguments {
        max_wait: line
            .number("--max-wait")
            .map_or(DEFAULT_MAX_WAIT, Duration::from_secs),
        schedule: PollSchedule::new(first_interval, DEFAULT_MAX_POLL_INTERVAL),
        method,
        zones,
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = common::Options {
        switches: &[],
        numbers: &["--max-wait", "--poll-interval-ms"],
        texts: &["--validation-method"],
    };
    let (arguments, client) = match common::start_tool_with(USAGE, &options, arguments) {
        Ok(started) => started,
        Err(exit) => return exit,
    };

    let mut failed = 0usize;
    let mut waits = JoinSet::new();
    for zone in &arguments.zones {
        let restarted = match restart_timed_out(&client, zone, arguments.method.as_ref()).await {
            Ok((restarted, restarts_failed)) => {
                failed += restarts_failed;
                restarted
            }
            Err(reason) => {
                failed += 1;
                eprint!("{zone}: failed\n{reason}");
                continue;
            }
        };
        for pack in restarted {
            let (client, zone) = (client.clone(), zone.clone());
            let (max_wait, schedule) = (arguments.max_wait, arguments.schedule);
            waits.spawn(async move {
                let outcome = client
                    .wait_for_certificate_pack(&zone, &pack, WaitTarget::Active)
                    .poll_schedule(schedule)
                    .wait(max_wait)
                    .await;
                (zone, pack, outcome)
            });
        }
    }
    let (mut active, mut waited) = (0usize, 0usize);
    while let Some(joined) = waits.join_next().await {
        waited += 1;
        let (zone, pack, outcome) = match joined {
            Ok(done) => done,
            Err(panicked) => {
                failed += 1;
                eprintln!("a wait failed: {panicked}");
                continue;
            }
        };
        let status = common::final_status(&outcome);
        // Ids and statuses come from the server: escaped so that no answer
        // can split a line or a column.
        println!("{zone}\t{}\t{}", tsv_field(&pack), tsv_field(&status));
        match outcome {
            Ok(_) => {
                active += 1;
                eprintln!("{zone} {pack}: active");
            }
            Err(error) => {
                failed += 1;
                eprintln!("{zone} {pack}: {error}");
            }
        }
    }
    eprintln!("{waited} restarted, {active} active, {failed} failed");
    common::exit_status(failed)
}

/// Lists every pack of `zone` and restarts validation of each one in
/// `validation_timed_out` (through `/ssl/verification/{pack}` with
/// `method`, when given): the ids restarted, and how many restarts failed
/// (each printed as it fails); or why the listing failed or is incomplete
/// (for stderr, one fact per line), in which case nothing is restarted.
async fn restart_timed_out(
    client: &Client,
    zone: &str,
    method: Option<&DesiredValidationMethod>,
) -> Result<(Vec<String>, usize), String> {
    let query = ListCertificatePacksQuery::new()
        .status(CertificatePackListStatus::All)
        .per_page(50);
    let packs = match client
        .certificate_pack_pages(zone, query)
        .collect_all()
        .await
    {
        Ok(packs) => packs,
        Err(ListingError::Failed { error, .. }) => return Err(common::refusal(&error)),
        Err(incomplete) => return Err(format!("{incomplete}; nothing restarted\n")),
    };
    eprintln!("{zone}: {} packs listed", packs.len());
    let mut restarted = Vec::new();
    let mut failed = 0;
    for pack in packs.iter().filter(|p| p.status.can_restart_validation()) {
        let restarted_as = match method {
            None => client
                .edit_certificate_pack(zone, &pack.id, CertificatePackEditRequest::new())
                .await
                .map(|now| now.status.to_string()),
            Some(method) => client
                .edit_ssl_verification(
                    zone,
                    &pack.id,
                    SslVerificationEditRequest::new(method.clone()),
                )
                .await
                .map(|now| {
                    let status = now.status.as_deref().unwrap_or("status not given");
                    format!("{status}, by {method}")
                }),
        };
        match restarted_as {
            Ok(now) => {
                eprintln!("{zone} {}: validation restarted ({now})", pack.id);
                restarted.push(pack.id.clone());
            }
            Err(error) => {
                failed += 1;
                let status = pack.status.as_str();
                println!("{zone}\t{}\t{}", tsv_field(&pack.id), tsv_field(status));
                eprint!(
                    "{zone} {}: restart failed\n{}",
                    pack.id,
                    common::refusal(&error)
                );
            }
        }
    }
    Ok((restarted, failed))
}
