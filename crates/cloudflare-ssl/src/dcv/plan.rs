//! A zone's DCV plan: for every pack being validated, the records to
//! publish, and, for hosts not ordered yet, the delegation CNAMEs; and the
//! plan written out as TSV lines and as a zone file (its JSON is its
//! `Serialize`).
//!
//! A pack's records come from its `validation_records` and
//! `dcv_delegation_records`, then from `/ssl/verification` where that adds
//! one the pack does not list (the verification entry whose
//! `cert_pack_uuid` is the pack's id).

use serde::Serialize;

use super::record::{DcvRecord, RecordKind, tsv_field};
use super::state::{CaaCheck, RecordState};
use super::zone_file::ZONE_FILE_TTL;
use crate::generated_open_enums::{CertificateAuthority, CertificatePackStatus};
use crate::generated_types::{CertificatePack, SslVerification};

/// What to publish so that a zone's certificate packs can be validated.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DcvPlan {
    /// The zone.
    pub zone_id: String,
    /// Every pack being validated
    /// ([`CertificatePackStatus::is_validating`]), in the listing's order.
    pub packs: Vec<PackPlan>,
    /// Delegation CNAMEs for hosts not ordered yet (`--delegate`); they
    /// belong to no pack.
    pub delegation: Vec<PlannedRecord>,
}

/// One pack of a plan: its records to publish, and once checked, the CAA
/// verdict for each of its hosts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PackPlan {
    /// The pack's id.
    pub id: String,
    /// Its status when listed.
    pub status: CertificatePackStatus,
    /// Its hosts.
    pub hosts: Vec<String>,
    /// The certificate authority it was ordered from, if the pack says.
    pub certificate_authority: Option<CertificateAuthority>,
    /// The records to publish, each once.
    pub records: Vec<PlannedRecord>,
    /// One CAA check per host once the plan is checked; empty before.
    pub caa: Vec<CaaCheck>,
}

/// A record of a plan and what DNS says about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlannedRecord {
    /// The record.
    #[serde(flatten)]
    pub record: DcvRecord,
    /// [`RecordState::ToPublish`] until the plan is checked.
    #[serde(flatten)]
    pub state: RecordState,
}

impl PlannedRecord {
    /// `record`, not checked yet.
    pub fn to_publish(record: DcvRecord) -> Self {
        Self {
            record,
            state: RecordState::ToPublish,
        }
    }
}

impl DcvPlan {
    /// The plan for `zone_id` from its packs (every page of the list, with
    /// `status=all`) and its `/ssl/verification` entries: every pack being
    /// validated, with its records.
    pub fn new(
        zone_id: impl Into<String>,
        packs: &[CertificatePack],
        verification: &[SslVerification],
    ) -> Self {
        let packs = packs
            .iter()
            .filter(|pack| pack.status.is_validating())
            .map(|pack| PackPlan::new(pack, verification))
            .collect();
        Self {
            zone_id: zone_id.into(),
            packs,
            delegation: Vec::new(),
        }
    }

    /// Adds delegation records for hosts not ordered yet (from
    /// [`delegation_records`](super::delegation_records)), each once.
    pub fn add_delegation(&mut self, records: impl IntoIterator<Item = DcvRecord>) {
        for record in records {
            push_new(&mut self.delegation, record);
        }
    }

    /// Every record of the plan with the pack it belongs to (`None` for the
    /// delegation records).
    pub fn records(&self) -> impl Iterator<Item = (Option<&str>, &PlannedRecord)> {
        let of_packs = self
            .packs
            .iter()
            .flat_map(|pack| pack.records.iter().map(|r| (Some(pack.id.as_str()), r)));
        of_packs.chain(self.delegation.iter().map(|r| (None, r)))
    }

    /// How many records and hosts stand in the way of validation (or were
    /// not learnt): records [`RecordState::is_problem`], CAA verdicts
    /// [`CaaVerdict::is_problem`](super::CaaVerdict::is_problem). Zero for
    /// a plan not checked.
    ///
    /// A pack may offer a TXT record and a delegation CNAME for one name:
    /// they are alternatives, and once either is `published` the name is
    /// covered, so the other's state (a `conflict` with it, say) is no
    /// problem.
    pub fn problems(&self) -> usize {
        let of_packs = self.packs.iter().map(|pack| {
            let records = pack.records.iter();
            let unmet = records.filter(|r| r.state.is_problem() && !covered(&pack.records, r));
            unmet.count() + pack.caa.iter().filter(|c| c.verdict.is_problem()).count()
        });
        let delegation = self.delegation.iter().filter(|r| r.state.is_problem());
        of_packs.sum::<usize>() + delegation.count()
    }

    /// The plan as TSV lines, each ending in a line feed: per pack, one
    /// `ZONE<TAB>PACK<TAB>KIND<TAB>NAME<TAB>VALUE<TAB>STATE` line per
    /// record, then one `ZONE<TAB>PACK<TAB>caa<TAB>HOST<TAB>CA-DOMAIN<TAB>VERDICT`
    /// line per host checked; then the delegation records with `-` as the
    /// pack. Fields are escaped with [`tsv_field`].
    pub fn to_tsv(&self) -> String {
        let zone = tsv_field(&self.zone_id);
        let mut lines = Vec::new();
        for pack in &self.packs {
            let id = tsv_field(&pack.id);
            lines.extend(pack.records.iter().map(|r| record_line(&zone, &id, r)));
            lines.extend(pack.caa.iter().map(|check| caa_line(&zone, &id, check)));
        }
        lines.extend(self.delegation.iter().map(|r| record_line(&zone, "-", r)));
        lines.concat()
    }

    /// The plan's records as zone-file lines with a TTL of
    /// [`ZONE_FILE_TTL`] (see [`DcvRecord::zone_file_line`]), each pack's
    /// under a comment naming it; no states, no CAA verdicts.
    pub fn to_zone_file(&self) -> String {
        let mut lines = String::new();
        let mut group = |comment: String, records: &[PlannedRecord]| {
            if records.is_empty() {
                return;
            }
            lines.push_str(&format!("; {}\n", tsv_field(&comment)));
            for planned in records {
                lines.push_str(&planned.record.zone_file_line(ZONE_FILE_TTL));
                lines.push('\n');
            }
        };
        for pack in &self.packs {
            let hosts = pack.hosts.join(", ");
            let about = format!(
                "zone {} pack {} ({}): {hosts}",
                self.zone_id, pack.id, pack.status
            );
            group(about, &pack.records);
        }
        let about = format!(
            "zone {}: DCV delegation for hosts not ordered yet",
            self.zone_id
        );
        group(about, &self.delegation);
        lines
    }
}

impl PackPlan {
    /// `pack`'s records: its own, then what `verification` adds for it.
    fn new(pack: &CertificatePack, verification: &[SslVerification]) -> Self {
        let mut records = Vec::new();
        let listed = [&pack.validation_records, &pack.dcv_delegation_records];
        for record in listed.into_iter().flatten().flatten() {
            for record in DcvRecord::from_validation_record(record) {
                push_new(&mut records, record);
            }
        }
        let about_this_pack = verification
            .iter()
            .filter(|entry| entry.cert_pack_uuid.as_deref() == Some(pack.id.as_str()));
        for entry in about_this_pack {
            let info = entry.verification_info.as_ref();
            let method = entry.validation_method.as_ref();
            if let Some(record) = info.and_then(|info| DcvRecord::from_verification(info, method)) {
                push_new(&mut records, record);
            }
        }
        Self {
            id: pack.id.clone(),
            status: pack.status.clone(),
            hosts: pack.hosts.clone(),
            certificate_authority: pack.certificate_authority.clone(),
            records,
            caa: Vec::new(),
        }
    }
}

/// `ZONE<TAB>PACK<TAB>KIND<TAB>NAME<TAB>VALUE<TAB>STATE` and a line feed.
fn record_line(zone: &str, pack: &str, planned: &PlannedRecord) -> String {
    let state = planned.state.to_string();
    let fields = planned.record.tsv_fields();
    format!("{zone}\t{pack}\t{fields}\t{}\n", tsv_field(&state))
}

/// `ZONE<TAB>PACK<TAB>caa<TAB>HOST<TAB>CA-DOMAIN<TAB>VERDICT` and a line
/// feed; `-` for an authority this client does not know.
fn caa_line(zone: &str, pack: &str, check: &CaaCheck) -> String {
    let host = tsv_field(&check.host);
    let ca = tsv_field(check.ca_domain.as_deref().unwrap_or("-"));
    let verdict = check.verdict.to_string();
    format!(
        "{zone}\t{pack}\tcaa\t{host}\t{ca}\t{}\n",
        tsv_field(&verdict)
    )
}

/// Whether another of `records`, of the other DNS kind at the same name
/// (TXT and delegation CNAME), is published.
fn covered(records: &[PlannedRecord], record: &PlannedRecord) -> bool {
    let name_and_kind = |r: &DcvRecord| match r {
        DcvRecord::Txt { name, .. } => Some((name.to_ascii_lowercase(), RecordKind::Txt)),
        DcvRecord::Cname { name, .. } => Some((name.to_ascii_lowercase(), RecordKind::Cname)),
        _ => None,
    };
    let Some((name, kind)) = name_and_kind(&record.record) else {
        return false;
    };
    records.iter().any(|other| {
        other.state == RecordState::Published
            && name_and_kind(&other.record).is_some_and(|(n, k)| n == name && k != kind)
    })
}

/// Adds `record` to `records` unless it is there already.
fn push_new(records: &mut Vec<PlannedRecord>, record: DcvRecord) {
    if !records.iter().any(|planned| planned.record == record) {
        records.push(PlannedRecord::to_publish(record));
    }
}
