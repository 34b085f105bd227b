//! [`Step`], one step of a pack's script: what one `GET` of the pack
//! answers, and what it does to the pack.

use std::time::Duration;

use cloudflare_ssl::types::{CertificatePackStatus, ValidationRecord};
use serde_json::{Map, Value};

use crate::codes;
use crate::envelope::{checked_status, error_entry};
use crate::zones::StepKind;

/// One step of a pack's [script](crate::Pack::script) (or of the script
/// of a zone's next order, [`Zone::on_order`](crate::Zone::on_order)):
/// what one `GET` of the pack answers. A status converts into a step, so a
/// script of statuses alone is a list of strings; mixed scripts spell each
/// step out, and a status step can bring the pack's validation records:
///
/// ```
/// # use std::time::Duration;
/// # use cloudflare_ssl::types::ValidationRecord;
/// # use cloudflare_ssl_mock::Step;
/// let txt = ValidationRecord::new()
///     .txt_name("_acme-challenge.example.com".into())
///     .txt_value("ca3-574923932a82475cb8592200f1a2a23d".into());
/// let script = [
///     Step::status("pending_validation").validation_records([txt]),
///     Step::rate_limited(Duration::from_secs(7)),
///     Step::status("active"),
///     Step::gone(),
/// ];
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Step(pub(crate) StepKind);

impl Step {
    /// The pack moves to `status` (documented or not) and the `GET`
    /// answers it.
    pub fn status(status: impl Into<CertificatePackStatus>) -> Self {
        Self(StepKind::Status {
            status: status.into().as_str().to_owned(),
            fields: Map::new(),
        })
    }

    /// With this status step the pack's `validation_records` become
    /// `records` (the TXT, HTTP or e-mail records to publish, which a
    /// waiter for `WaitTarget::ValidationRecords` and a DCV plan read).
    ///
    /// # Panics
    /// If this is not a [`status`](Self::status) step: only those change
    /// the pack.
    pub fn validation_records(self, records: impl IntoIterator<Item = ValidationRecord>) -> Self {
        self.with_field("validation_records", records_json(records))
    }

    /// With this status step the pack's `dcv_delegation_records` become
    /// `records` (the `_acme-challenge` CNAMEs of delegated DCV).
    ///
    /// # Panics
    /// If this is not a [`status`](Self::status) step.
    pub fn dcv_delegation_records(
        self,
        records: impl IntoIterator<Item = ValidationRecord>,
    ) -> Self {
        self.with_field("dcv_delegation_records", records_json(records))
    }

    fn with_field(mut self, name: &str, value: Value) -> Self {
        let StepKind::Status { fields, .. } = &mut self.0 else {
            panic!(
                "cloudflare-ssl-mock: `{name}` goes with a status step (`Step::status(…).{name}(…)`), not {:?}",
                self.0
            );
        };
        fields.insert(name.to_owned(), value);
        self
    }

    /// The `GET` answers Cloudflare's failure envelope with these codes and
    /// HTTP `status`, once; the pack stays as it is. The client retries
    /// 408, 409, 429 and 5xx, and each retry takes the next step.
    ///
    /// # Panics
    /// If `status` is not between 200 and 599.
    pub fn api_error(status: u16, codes: &[i64]) -> Self {
        Self(StepKind::Failure {
            status: checked_status(status),
            errors: codes.iter().map(|code| error_entry(*code)).collect(),
        })
    }

    /// The `GET` answers 404 with [`codes::NOT_FOUND`], once, as for a pack
    /// the zone does not hold; the pack stays (a pack not yet visible, a
    /// flaky read).
    pub fn not_found() -> Self {
        Self::api_error(404, &[codes::NOT_FOUND])
    }

    /// The `GET` answers 429 with `Retry-After` (whole seconds, rounded
    /// up; plus `retry-after-ms` for a fraction) and code
    /// [`codes::RATE_LIMITED`], once; the pack stays as it is.
    pub fn rate_limited(retry_after: Duration) -> Self {
        Self(StepKind::RateLimited(retry_after))
    }

    /// The pack is gone: the zone no longer holds it, so this `GET` and
    /// every later request for it answer 404 ([`codes::NOT_FOUND`]), and
    /// the list leaves it out. Steps after it are never taken.
    pub fn gone() -> Self {
        Self(StepKind::Gone)
    }
}

impl From<&str> for Step {
    fn from(status: &str) -> Self {
        Self::status(status)
    }
}

impl From<String> for Step {
    fn from(status: String) -> Self {
        Self::status(status)
    }
}

impl From<CertificatePackStatus> for Step {
    fn from(status: CertificatePackStatus) -> Self {
        Self::status(status)
    }
}

/// `records` as the JSON array a pack holds.
pub(crate) fn records_json(records: impl IntoIterator<Item = ValidationRecord>) -> Value {
    let records: Vec<ValidationRecord> = records.into_iter().collect();
    serde_json::to_value(records).expect("ValidationRecord serializes")
}
