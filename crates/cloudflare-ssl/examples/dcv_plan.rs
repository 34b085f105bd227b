//! What to publish so that each zone's certificate packs can be validated,
//! and, with `--check`, whether DNS has it and CAA lets each pack's
//! authority issue.
//!
//! ```text
//! dcv_plan <ZONE_ID>... [--check] [--nameserver IP:PORT]... [--format tsv|bind|json] [--delegate HOST]...
//! ```
//!
//! For each zone, every pack is listed (`status=all`, every page) and, for
//! each pack being validated (`initializing`, `pending_validation`), its
//! records are printed (`Client::dcv_plan`). `--delegate HOST` adds the
//! delegation CNAME of each host not ordered yet, from the zone's DCV
//! delegation UUID, with `-` as the pack (one zone only: the UUID is the
//! zone's).
//!
//! stdout, `--format tsv` (the default): one
//! `ZONE<TAB>PACK<TAB>KIND<TAB>NAME<TAB>VALUE<TAB>STATE` line per record,
//! KIND, NAME and VALUE as `cloudflare_ssl::dcv::DcvRecord` writes them;
//! STATE is `to publish`, or with `--check` one of `published`, `missing`,
//! `wrong: <found>`, `conflict: <found>`, `not checked` (HTTP, email),
//! `lookup failed: <reason>`. With `--check`, one
//! `ZONE<TAB>PACK<TAB>caa<TAB>HOST<TAB>CA-DOMAIN<TAB>VERDICT` line per host
//! of each pack, VERDICT `allowed` or `blocks: <values found>` (or
//! `not checked: …`, `lookup failed: …`). `--format bind`: only the
//! records, as zone-file lines; `--format json`: every zone's plan, one
//! JSON array. stderr: a line per zone and every failure.
//!
//! `--check` asks the system's resolvers, or the `--nameserver`s given
//! (UDP, then TCP), each lookup for at most 8 s; it needs the `dns` feature
//! (`cargo run --features dns --example dcv_plan -- …`).
//!
//! Exit status: 0 when every plan was made (and, with `--check`, every
//! record that can be checked is published and CAA lets every pack's
//! authority issue); 1 when anything is missing, wrong, in conflict or
//! blocked, a lookup or a request failed, a listing was incomplete, or the
//! system's resolver configuration could not be read (nothing sent); 2 on
//! bad input or missing credentials (nothing sent).

mod common;

use std::net::SocketAddr;
use std::process::ExitCode;

use cloudflare_ssl::Client;
use cloudflare_ssl::ListingError;
use cloudflare_ssl::dcv::{DcvPlan, DelegatedHosts, PlanError};

const USAGE: &str = "usage: dcv_plan <ZONE_ID>... [--check] [--nameserver IP:PORT]... \
                     [--format tsv|bind|json] [--delegate HOST]...";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Tsv,
    Bind,
    Json,
}

struct Arguments {
    zones: Vec<String>,
    // Read only by the DNS check, which needs the `dns` feature.
    #[cfg_attr(not(feature = "dns"), allow(dead_code))]
    check: bool,
    #[cfg_attr(not(feature = "dns"), allow(dead_code))]
    nameservers: Vec<SocketAddr>,
    format: Format,
    delegate: DelegatedHosts,
}

fn arguments(line: common::CommandLine) -> Result<Arguments, String> {
    let zones = common::zone_ids(line.positional.clone())?;
    let format = match line.text("--format").unwrap_or("tsv") {
        "tsv" => Format::Tsv,
        "bind" => Format::Bind,
        "json" => Format::Json,
        other => return Err(format!("--format takes tsv, bind or json, not `{other}`")),
    };
    let check = line.switch("--check");
    if check && !cfg!(feature = "dns") {
        return Err("--check needs the `dns` feature: build with `--features dns`".into());
    }
    let nameservers = line
        .texts("--nameserver")
        .into_iter()
        .map(|server| {
            server
                .parse::<SocketAddr>()
                .map_err(|_| format!("--nameserver takes IP:PORT, not `{server}`"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if !nameservers.is_empty() && !check {
        return Err("--nameserver needs --check".into());
    }
    let delegate = DelegatedHosts::parse(line.texts("--delegate"))
        .map_err(|error| format!("--delegate: {error}"))?;
    if !delegate.is_empty() && line.positional.len() != 1 {
        return Err(
            "--delegate needs exactly one ZONE_ID: the delegation UUID is the zone's".into(),
        );
    }
    Ok(Arguments {
        zones,
        check,
        nameservers,
        format,
        delegate,
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = common::Options {
        switches: &["--check"],
        numbers: &[],
        texts: &["--format", "--nameserver", "--delegate"],
    };
    let (arguments, client) = match common::start_tool_with(USAGE, &options, arguments) {
        Ok(started) => started,
        Err(exit) => return exit,
    };
    let checker = match Checker::new(&arguments) {
        Ok(checker) => checker,
        Err(reason) => {
            eprintln!("{reason}");
            return ExitCode::FAILURE;
        }
    };

    let mut failed = 0usize;
    let mut plans = Vec::new();
    for zone in &arguments.zones {
        let mut plan = match client.dcv_plan(zone).await {
            Ok(plan) => plan,
            Err(error) => {
                failed += 1;
                eprint!("{zone}: no plan\n{}", describe(&error));
                continue;
            }
        };
        failed += add_delegation(&client, &mut plan, &arguments.delegate).await;
        checker.check(&mut plan).await;
        let problems = plan.problems();
        failed += problems;
        let records = plan.records().count();
        eprintln!(
            "{zone}: {} packs being validated, {records} records, {problems} problems",
            plan.packs.len()
        );
        match arguments.format {
            Format::Tsv => print!("{}", plan.to_tsv()),
            Format::Bind => print!("{}", plan.to_zone_file()),
            Format::Json => plans.push(plan),
        }
    }
    if arguments.format == Format::Json {
        match serde_json::to_string_pretty(&plans) {
            Ok(json) => println!("{json}"),
            Err(error) => {
                eprintln!("cannot print the plans: {error}");
                failed += 1;
            }
        }
    }
    common::exit_status(failed)
}

/// Adds the delegation records of `hosts` to `plan`: 0, or 1 when they
/// could not be read (said on stderr).
async fn add_delegation(client: &Client, plan: &mut DcvPlan, hosts: &DelegatedHosts) -> usize {
    if hosts.is_empty() {
        return 0;
    }
    match client.dcv_delegation_records(&plan.zone_id, hosts).await {
        Ok(records) => {
            plan.add_delegation(records);
            0
        }
        Err(error) => {
            eprintln!("{}: no delegation records: {error}", plan.zone_id);
            1
        }
    }
}

/// Why a plan could not be made, for stderr, one fact per line.
fn describe(error: &PlanError) -> String {
    match error {
        PlanError::Listing(ListingError::Failed { error, .. }) | PlanError::Verification(error) => {
            common::refusal(error)
        }
        other => format!("{other}\n"),
    }
}

/// The DNS check `--check` asks for, if any.
/// How long one DNS lookup may take: a nameserver that does not answer
/// makes each record `lookup failed` after this, rather than after the
/// resolver's own retries over UDP and TCP (about 20 s).
#[cfg(feature = "dns")]
const LOOKUP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(8);

struct Checker {
    #[cfg(feature = "dns")]
    dns: Option<cloudflare_ssl::dcv::dns::DnsChecker>,
}

impl Checker {
    #[cfg(feature = "dns")]
    fn new(arguments: &Arguments) -> Result<Self, String> {
        use cloudflare_ssl::dcv::dns::DnsChecker;
        if !arguments.check {
            return Ok(Self { dns: None });
        }
        let checker = if arguments.nameservers.is_empty() {
            DnsChecker::from_system_config()
        } else {
            DnsChecker::with_nameservers(&arguments.nameservers)
        };
        checker
            .map(|dns| Self {
                dns: Some(dns.lookup_timeout(LOOKUP_TIMEOUT)),
            })
            .map_err(|error| error.to_string())
    }

    /// Without the `dns` feature `--check` is refused with the arguments,
    /// so there is nothing to set up.
    #[cfg(not(feature = "dns"))]
    fn new(_arguments: &Arguments) -> Result<Self, String> {
        Ok(Self {})
    }

    async fn check(&self, plan: &mut DcvPlan) {
        #[cfg(feature = "dns")]
        if let Some(dns) = &self.dns {
            dns.check(plan).await;
        }
        #[cfg(not(feature = "dns"))]
        let _ = plan;
    }
}
