//! Order an advanced certificate pack, safely: never a second pack for the
//! same hosts, and, with `--wait`, follow it to `active`, printing the
//! records to publish as they appear.
//!
//! ```text
//! order_certificate_pack <ZONE_ID> --host HOST [--host HOST]... --ca lets_encrypt|google|ssl_com
//!     --validation txt|http|email --validity-days DAYS [--cloudflare-branding]
//!     [--wait SECS] [--poll-interval-ms MS]
//! ```
//!
//! The order goes through `Client::order_certificate_pack_once`: the order
//! is checked (nothing is sent for a refused field), every pack of the zone
//! is listed (`status=all`, every page), a pack of type `advanced` with the
//! same hosts that has not ended is taken as it is, the quota is read, and
//! the order is sent once.
//!
//! stdout: `ZONE<TAB>PACK<TAB>existing|ordered<TAB>STATUS`. With `--wait`,
//! the pack is then polled (`--poll-interval-ms` apart at first, default
//! 5000, backing off to 60 s) until it is `active`, fails, or `SECS` pass;
//! each validation record is printed once, as soon as a poll shows it,
//! `ZONE<TAB>PACK<TAB>record<TAB>KIND<TAB>NAME<TAB>VALUE` (KIND, NAME and
//! VALUE as `cloudflare_ssl::dcv::DcvRecord` writes them: the README's
//! table), and at the end `ZONE<TAB>PACK<TAB>final<TAB>STATUS` (the last
//! status seen; `gone` when the pack disappeared, `unknown` when no poll
//! answered). stderr: what happened, and every failure.
//!
//! Exit status: 0 when the pack was ordered or already existed (and, with
//! `--wait`, became active); 1 for an exhausted quota, a listing that
//! failed or was incomplete, a refused order, an order whose outcome is
//! unknown, or a pack that failed or was still on its way when the wait
//! ended; 2 on bad input or missing credentials (nothing sent).

mod common;

use std::collections::HashSet;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Duration;

use cloudflare_ssl::dcv::{DcvRecord, tsv_field};
use cloudflare_ssl::types::{
    CertificateAuthority, CertificatePack, CertificatePackOrderRequest, CertificatePackOrderType,
    ValidationMethod, ValidityDays,
};
use cloudflare_ssl::{
    DEFAULT_FIRST_POLL_INTERVAL, DEFAULT_MAX_POLL_INTERVAL, OrderError, PollSchedule, WaitTarget,
    Waiter,
};

const USAGE: &str = "usage: order_certificate_pack <ZONE_ID> --host HOST [--host HOST]... \
                     --ca lets_encrypt|google|ssl_com --validation txt|http|email \
                     --validity-days DAYS [--cloudflare-branding] [--wait SECS] [--poll-interval-ms MS]";

struct Arguments {
    zone: String,
    order: CertificatePackOrderRequest,
    wait: Option<Duration>,
    schedule: PollSchedule,
}

fn arguments(line: common::CommandLine) -> Result<Arguments, String> {
    let [zone] = line.positional.as_slice() else {
        return Err("name exactly one zone".into());
    };
    let hosts: Vec<String> = line
        .texts("--host")
        .into_iter()
        .map(str::to_owned)
        .collect();
    let required = |option: &str| line.text(option).ok_or(format!("{option} is required"));
    let days = line
        .number("--validity-days")
        .ok_or("--validity-days is required")?;
    // Values the fragment does not list become `Unknown`, which the
    // ordering call refuses by field name before anything is sent: the
    // fragment is the one list of what is allowed.
    let mut order = CertificatePackOrderRequest::new(
        CertificateAuthority::from(required("--ca")?),
        hosts,
        CertificatePackOrderType::Advanced,
        ValidationMethod::from(required("--validation")?),
        ValidityDays::from(i64::try_from(days).unwrap_or(i64::MAX)),
    );
    if line.switch("--cloudflare-branding") {
        order.cloudflare_branding = Some(true);
    }
    let first_interval = line
        .number("--poll-interval-ms")
        .map_or(DEFAULT_FIRST_POLL_INTERVAL, Duration::from_millis);
    Ok(Arguments {
        zone: zone.clone(),
        order,
        wait: line.number("--wait").map(Duration::from_secs),
        schedule: PollSchedule::new(first_interval, DEFAULT_MAX_POLL_INTERVAL),
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = common::Options {
        switches: &["--cloudflare-branding"],
        numbers: &["--validity-days", "--wait", "--poll-interval-ms"],
        texts: &["--host", "--ca", "--validation"],
    };
    let (arguments, client) = match common::start_tool_with(USAGE, &options, arguments) {
        Ok(started) => started,
        Err(exit) => return exit,
    };
    let zone = &arguments.zone;

    let outcome = match client
        .order_certificate_pack_once(zone, &arguments.order)
        .await
    {
        Ok(outcome) => outcome,
        Err(error @ OrderError::InvalidInput { .. }) => {
            return common::usage_error(&error.to_string(), USAGE);
        }
        Err(OrderError::Request(error)) => {
            eprint!(
                "{zone}: the order failed; nothing was ordered\n{}",
                common::refusal(&error)
            );
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("{zone}: {error}");
            if error.may_have_ordered() {
                eprintln!("{zone}: run this again later: it finds the pack if one was made");
            }
            return ExitCode::FAILURE;
        }
    };
    let how = if outcome.was_ordered() {
        "ordered"
    } else {
        "existing"
    };
    let pack = outcome.into_pack();
    // The pack's id and status come from the server: escaped so that no
    // answer can split a line or a column.
    let id = tsv_field(&pack.id);
    println!("{zone}\t{id}\t{how}\t{}", tsv_field(pack.status.as_str()));
    eprintln!("{zone} {}: {how}", pack.id);

    let Some(max_wait) = arguments.wait else {
        return ExitCode::SUCCESS;
    };
    let records = RecordPrinter::new(zone, &id);
    records.print_new(&pack);
    let waited = Waiter::new(
        || client.get_certificate_pack(zone, &pack.id),
        |polled: &CertificatePack| {
            records.print_new(polled);
            WaitTarget::Active.acceptance(polled)
        },
    )
    .poll_schedule(arguments.schedule)
    .wait(max_wait)
    .await;
    let status = common::final_status(&waited);
    println!("{zone}\t{id}\tfinal\t{}", tsv_field(&status));
    match waited {
        Ok(_) => {
            eprintln!("{zone} {}: active", pack.id);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{zone} {}: {error}", pack.id);
            ExitCode::FAILURE
        }
    }
}

/// Prints each validation record of a pack once, the first time a look at
/// the pack shows it.
struct RecordPrinter<'a> {
    zone: &'a str,
    pack: &'a str,
    printed: Mutex<HashSet<DcvRecord>>,
}

impl<'a> RecordPrinter<'a> {
    fn new(zone: &'a str, pack: &'a str) -> Self {
        Self {
            zone,
            pack,
            printed: Mutex::new(HashSet::new()),
        }
    }

    /// The records of `pack`'s `validation_records` and
    /// `dcv_delegation_records` not printed before, one line each.
    fn print_new(&self, pack: &CertificatePack) {
        let lists = [&pack.validation_records, &pack.dcv_delegation_records];
        let records = lists
            .into_iter()
            .flatten()
            .flatten()
            .flat_map(DcvRecord::from_validation_record);
        // A poisoned lock only means a print panicked; the set is intact.
        let mut printed = self.printed.lock().unwrap_or_else(|e| e.into_inner());
        for record in records {
            let line = format!(
                "{}\t{}\trecord\t{}",
                self.zone,
                self.pack,
                record.tsv_fields()
            );
            if printed.insert(record) {
                println!("{line}");
            }
        }
    }
}
