//! The `dns` feature: a plan's records and its packs' CAA records checked
//! in DNS, through hickory-resolver, with the system's resolver
//! configuration or explicit nameservers (UDP, then TCP for a truncated
//! answer or a UDP failure).
//!
//! How each [`RecordState`] is decided (the names of a plan's records):
//!
//! - **TXT** `N` = `V`: a CNAME at `N` that is the plan's own delegation
//!   CNAME for `N` is followed: `V` among the TXT values at its end is
//!   `published`, else `missing` (Cloudflare places those values itself).
//!   Any other CNAME at `N` is a `conflict`. Without a CNAME: `V` among
//!   `N`'s TXT values is `published`; values the plan does not expect at
//!   `N` only are `wrong`; none, or only the plan's other values for `N`
//!   (a pack for `example.com` and `*.example.com` has two at one name),
//!   is `missing`.
//! - **CNAME** `N` → `T`: a CNAME at `N` to `T` (case and final dot
//!   aside) is `published`, to anything else `wrong`; no CNAME but TXT
//!   records at `N` is a `conflict` (Cloudflare's delegated-DCV page:
//!   existing `_acme-challenge` TXT records conflict with the delegation
//!   CNAME); nothing is `missing`.
//! - **HTTP** and **email**: `not checked`.
//! - A lookup that fails (timeout, refusal, server failure) makes the
//!   record `lookup failed`: nothing is known.
//!
//! Each host of each pack gets a [`CaaCheck`] by RFC 8659 (see `caa.rs`).

mod caa;
mod lookup;

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use lookup::{Answer, CaaProperty, Lookups};

use super::plan::DcvPlan;
use super::record::DcvRecord;
use super::state::{CaaCheck, CaaVerdict, RecordState};
use super::zone_file::{absolute, character_strings};
use crate::generated_open_enums::CertificateAuthority;

/// Checks DCV records and CAA records in DNS. Caches nothing, so a check
/// repeated after records were published sees them.
#[derive(Clone)]
pub struct DnsChecker {
    lookups: Lookups,
}

impl fmt::Debug for DnsChecker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DnsChecker").finish_non_exhaustive()
    }
}

impl DnsChecker {
    /// A checker asking the system's resolvers (`/etc/resolv.conf` on
    /// Unix, the registry on Windows).
    pub fn from_system_config() -> Result<Self, ResolverError> {
        Ok(Self {
            lookups: Lookups::system()?,
        })
    }

    /// A checker asking `nameservers` only, each over UDP and then TCP on
    /// the same port (`127.0.0.1:5353`, `[::1]:53`).
    pub fn with_nameservers(nameservers: &[SocketAddr]) -> Result<Self, ResolverError> {
        Ok(Self {
            lookups: Lookups::nameservers(nameservers)?,
        })
    }

    /// Bounds each lookup by `limit` (by default only the resolver's own
    /// timeouts bound it: 5 s per attempt, two attempts, per server, over
    /// UDP and again over TCP); a lookup that takes longer is
    /// `lookup failed: no answer within …`.
    pub fn lookup_timeout(mut self, limit: Duration) -> Self {
        self.lookups.limit = Some(limit);
        self
    }

    /// Fills in `plan`: every record's state, and one CAA check per host of
    /// every pack, for the certificate authority the pack names.
    pub async fn check(&self, plan: &mut DcvPlan) {
        let names = PlanNames::of(plan);
        for pack in &mut plan.packs {
            for planned in &mut pack.records {
                planned.state = self.record_state_in(&planned.record, &names).await;
            }
        }
        for planned in &mut plan.delegation {
            planned.state = self.record_state_in(&planned.record, &names).await;
        }
        let mut sets = CaaSets::default();
        for pack in &mut plan.packs {
            let authority = pack.certificate_authority.as_ref();
            let mut checks = Vec::new();
            for host in &pack.hosts {
                checks.push(self.caa_with(host, authority, &mut sets).await);
            }
            pack.caa = checks;
        }
    }

    /// What DNS says about `record` alone (no delegation CNAME of a plan to
    /// follow).
    pub async fn record_state(&self, record: &DcvRecord) -> RecordState {
        self.record_state_in(record, &PlanNames::default()).await
    }

    /// Whether `authority` may issue for `host` (`*.example.com` for a
    /// wildcard), by the CAA records that rule it.
    pub async fn caa(&self, host: &str, authority: Option<&CertificateAuthority>) -> CaaCheck {
        self.caa_with(host, authority, &mut CaaSets::default())
            .await
    }

    async fn record_state_in(&self, record: &DcvRecord, names: &PlanNames) -> RecordState {
        match record {
            DcvRecord::Txt { name, value } => self.txt_state(name, value, names).await,
            DcvRecord::Cname { name, target } => self.cname_state(name, target).await,
            _ => RecordState::NotChecked,
        }
    }

    async fn txt_state(&self, name: &str, value: &str, names: &PlanNames) -> RecordState {
        let key = normalised(name);
        let delegation = names.delegations.get(&key).map(String::as_str);
        let through_delegation = match self.lookups.cname(name).await {
            Answer::Failed(reason) => return RecordState::LookupFailed { reason },
            Answer::Found(targets) => {
                if !delegation.is_some_and(|d| targets.iter().any(|t| normalised(t) == d)) {
                    let found = targets.iter().map(|t| format!("CNAME {t}")).collect();
                    return RecordState::Conflict {
                        found: joined(found),
                    };
                }
                true
            }
            Answer::Nothing => false,
        };
        match self.lookups.txt(name).await {
            Answer::Failed(reason) => RecordState::LookupFailed { reason },
            Answer::Found(values) if values.iter().any(|v| v == value) => RecordState::Published,
            // Cloudflare places the values behind its delegation CNAME
            // itself; others there are not this record's business.
            Answer::Found(_) | Answer::Nothing if through_delegation => RecordState::Missing,
            Answer::Found(values) => {
                // The plan's other values for this name are not wrong here:
                // they are the other records' business.
                let expected = names.txt_values.get(&key);
                let foreign: Vec<String> = values
                    .iter()
                    .filter(|v| !expected.is_some_and(|e| e.contains(*v)))
                    .map(|v| character_strings(v))
                    .collect();
                if foreign.is_empty() {
                    RecordState::Missing
                } else {
                    RecordState::Wrong { found: foreign }
                }
            }
            Answer::Nothing => RecordState::Missing,
        }
    }

    async fn cname_state(&self, name: &str, target: &str) -> RecordState {
        match self.lookups.cname(name).await {
            Answer::Failed(reason) => RecordState::LookupFailed { reason },
            Answer::Found(targets)
                if targets.iter().any(|t| normalised(t) == normalised(target)) =>
            {
                RecordState::Published
            }
            Answer::Found(targets) => RecordState::Wrong { found: targets },
            Answer::Nothing => match self.lookups.txt(name).await {
                Answer::Failed(reason) => RecordState::LookupFailed { reason },
                Answer::Found(values) => {
                    let found = values
                        .iter()
                        .map(|v| format!("TXT {}", character_strings(v)));
                    RecordState::Conflict {
                        found: joined(found.collect()),
                    }
                }
                Answer::Nothing => RecordState::Missing,
            },
        }
    }

    async fn caa_with(
        &self,
        host: &str,
        authority: Option<&CertificateAuthority>,
        sets: &mut CaaSets,
    ) -> CaaCheck {
        let ca_domain = authority.and_then(CertificateAuthority::caa_domain);
        let (names, wildcard) = caa::climb(host);
        let mut relevant = None;
        for name in names {
            match sets.read(&self.lookups, &name).await {
                Answer::Failed(reason) => {
                    let verdict = CaaVerdict::LookupFailed { reason };
                    return check(host, ca_domain, None, verdict);
                }
                Answer::Found(set) => {
                    relevant = Some((name, set));
                    break;
                }
                Answer::Nothing => {}
            }
        }
        let (name, set) = relevant.unzip();
        let verdict = caa::verdict(set.as_deref().unwrap_or(&[]), ca_domain, wildcard);
        check(host, ca_domain, name.map(|n| absolute(&n)), verdict)
    }
}

/// The CAA record sets read during one check, by name: hosts of a zone
/// share their ancestors, and each set is read once.
#[derive(Default)]
struct CaaSets(HashMap<String, Answer<CaaProperty>>);

impl CaaSets {
    async fn read(&mut self, lookups: &Lookups, name: &str) -> Answer<CaaProperty> {
        if let Some(answer) = self.0.get(name) {
            return answer.clone();
        }
        let answer = lookups.caa(name).await;
        self.0.insert(name.to_owned(), answer.clone());
        answer
    }
}

fn check(
    host: &str,
    ca_domain: Option<&str>,
    relevant_name: Option<String>,
    verdict: CaaVerdict,
) -> CaaCheck {
    CaaCheck {
        host: host.to_owned(),
        ca_domain: ca_domain.map(str::to_owned),
        relevant_name,
        verdict,
    }
}

/// What a plan expects at each name, names [`normalised`]: its delegation
/// CNAMEs' targets, and every TXT value of its records.
#[derive(Default)]
struct PlanNames {
    delegations: HashMap<String, String>,
    txt_values: HashMap<String, Vec<String>>,
}

impl PlanNames {
    fn of(plan: &DcvPlan) -> Self {
        let mut names = Self::default();
        for (_, planned) in plan.records() {
            match &planned.record {
                DcvRecord::Cname { name, target } => {
                    names
                        .delegations
                        .insert(normalised(name), normalised(target));
                }
                DcvRecord::Txt { name, value } => names
                    .txt_values
                    .entry(normalised(name))
                    .or_default()
                    .push(value.clone()),
                _ => {}
            }
        }
        names
    }
}

/// A name as DNS compares it: lowercase, without a final `.`.
fn normalised(name: &str) -> String {
    name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase()
}

fn joined(found: Vec<String>) -> String {
    found.join(", ")
}

/// The resolver could not be set up: the system's configuration could not
/// be read, or no nameserver was given.
#[derive(Debug)]
pub struct ResolverError {
    reason: String,
}

impl ResolverError {
    fn new(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
        }
    }

    fn from_cause(cause: impl fmt::Display) -> Self {
        Self::new(cause.to_string())
    }
}

impl fmt::Display for ResolverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot set up the DNS resolver: {}", self.reason)
    }
}

impl std::error::Error for ResolverError {}
