//! Domain control validation end to end: what to publish so that a zone's
//! certificate packs can be validated ([`DcvPlan`], from
//! [`Client::dcv_plan`](crate::Client::dcv_plan)), delegation CNAMEs for
//! hosts not ordered yet ([`delegation_records`],
//! [`Client::dcv_delegation_records`](crate::Client::dcv_delegation_records)),
//! the plan as TSV, zone-file lines or JSON, and, with the `dns` feature,
//! each record and each host's CAA records checked in DNS (`dns`).
//!
//! One record prints one way everywhere: [`DcvRecord::kind`],
//! [`DcvRecord::name`] and [`DcvRecord::value`] are the `KIND`, `NAME` and
//! `VALUE` columns of every tool that prints records.

mod authority;
mod calls;
mod delegation;
#[cfg(feature = "dns")]
pub mod dns;
mod plan;
mod record;
mod state;
mod zone_file;

pub use calls::PlanError;
pub use delegation::{DCV_DELEGATION_DOMAIN, DelegatedHosts, DelegationError, delegation_records};
pub use plan::{DcvPlan, PackPlan, PlannedRecord};
pub use record::{DcvRecord, RecordKind, tsv_field};
pub use state::{CaaCheck, CaaVerdict, RecordState};
pub use zone_file::ZONE_FILE_TTL;
