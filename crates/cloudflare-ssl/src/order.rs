//! Ordering a certificate pack so that calling again never makes a second
//! one (`Client::order_certificate_pack_once`): which listed pack counts as
//! the one ordered, the quota check, and which failures of the order may
//! have reached Cloudflare; the checks before anything is sent are in
//! `order/input.rs`. The calls are in `client.rs`; the decisions are here.
//!
//! An order is the one operation that is not safe to send twice: each one
//! creates a pack and uses the zone's quota, and Cloudflare takes no
//! idempotency key. So the order itself is sent once (the call path does
//! not retry it after anything that may have reached Cloudflare), and the
//! zone's packs are listed before it, and after it when its outcome is
//! unclear.

use std::collections::BTreeSet;
use std::fmt;

use crate::error::Error;
use crate::generated_open_enums::CertificatePackListStatus;
use crate::generated_queries::ListCertificatePacksQuery;
use crate::generated_types::{CertificatePack, CertificatePackOrderRequest, CertificatePackQuotas};
use crate::pack_status::StatusClass;
use crate::pages::ListingError;

mod input;

pub(crate) use input::check;
use input::host_key;

/// The most packs the pack list returns on one page (the fragment's
/// `per_page` maximum): the fewest requests for a zone's every pack.
const PACKS_PER_PAGE: u64 = 50;

/// What `Client::order_certificate_pack_once` did.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum OrderOutcome {
    /// A pack with the same hosts that has not ended was already there:
    /// nothing was ordered. The pack as listed.
    Existing(CertificatePack),
    /// The order was placed. The pack as the order returned it, or, when
    /// the order's answer was lost (a 5xx, a timeout, a cut connection), as
    /// the listing after it found it.
    Ordered(CertificatePack),
}

impl OrderOutcome {
    /// The pack, existing or ordered.
    pub fn pack(&self) -> &CertificatePack {
        match self {
            Self::Existing(pack) | Self::Ordered(pack) => pack,
        }
    }

    /// The pack, by value.
    pub fn into_pack(self) -> CertificatePack {
        match self {
            Self::Existing(pack) | Self::Ordered(pack) => pack,
        }
    }

    /// Whether this call ordered the pack (rather than finding it).
    pub fn was_ordered(&self) -> bool {
        matches!(self, Self::Ordered(_))
    }
}

/// Why `Client::order_certificate_pack_once` did not return a pack. Only
/// [`OrderError::OutcomeUnknown`] may come after a pack was ordered; after
/// every other variant, nothing was.
#[derive(Debug)]
#[non_exhaustive]
pub enum OrderError {
    /// The order, or the zone id, would not make a valid request: nothing
    /// was sent.
    InvalidInput {
        /// The order's field (`hosts`, `certificate_authority`,
        /// `validation_method`, `validity_days`, `type`), or `zone_id`.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// Listing the zone's packs failed, or it ended before every pack was
    /// seen, so whether one with these hosts exists is not known: nothing
    /// was ordered.
    Listing(Box<ListingError<CertificatePack>>),
    /// The zone's advanced certificate pack quota is used up
    /// (`advanced.used >= advanced.allocated`): nothing was ordered.
    QuotaExhausted {
        /// `advanced.used`.
        used: i64,
        /// `advanced.allocated`.
        allocated: i64,
    },
    /// Reading the quota failed, or Cloudflare refused the order or never
    /// received it (a 4XX, a rate limit, a failure to connect): nothing was
    /// ordered.
    Request(Error),
    /// The order may have reached Cloudflare (a 5xx or 408, a timeout, a
    /// connection cut, an answer that could not be read), and the listing
    /// after it found no pack with these hosts, or failed: a pack may or
    /// may not have been made. Calling again later orders nothing if the
    /// pack has appeared by then.
    OutcomeUnknown {
        /// What the order ended in (boxed to keep `OrderError` small).
        error: Box<Error>,
        /// Why the listing after it could not tell, when it failed or was
        /// incomplete; `None` when it saw every pack and none had these
        /// hosts.
        listing: Option<Box<ListingError<CertificatePack>>>,
    },
}

impl OrderError {
    /// Whether a pack may have been ordered: only for
    /// [`OrderError::OutcomeUnknown`].
    pub fn may_have_ordered(&self) -> bool {
        matches!(self, Self::OutcomeUnknown { .. })
    }
}

impl fmt::Display for OrderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidInput { field, reason } => {
                write!(f, "invalid `{field}`: {reason}; nothing was sent")
            }
            Self::Listing(listing) => write!(
                f,
                "the zone's certificate packs could not all be listed, so nothing was ordered: {listing}"
            ),
            Self::QuotaExhausted { used, allocated } => write!(
                f,
                "the zone's advanced certificate pack quota is used up ({used} used of {allocated} allocated); nothing was ordered"
            ),
            Self::Request(error) => write!(f, "{error}; nothing was ordered"),
            Self::OutcomeUnknown { error, listing } => {
                write!(
                    f,
                    "the order's outcome is unknown: it may have reached Cloudflare ({error}), and "
                )?;
                match listing {
                    None => f.write_str("no pack with these hosts was listed after it"),
                    Some(listing) => write!(f, "the listing after it could not tell: {listing}"),
                }
            }
        }
    }
}

impl std::error::Error for OrderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::InvalidInput { .. } | Self::QuotaExhausted { .. } => None,
            Self::Listing(listing) => Some(listing),
            Self::Request(error) => Some(error),
            Self::OutcomeUnknown { error, .. } => Some(error.as_ref()),
        }
    }
}

impl From<Error> for OrderError {
    /// A value refused before anything was sent (the zone id, an enum
    /// value) is [`OrderError::InvalidInput`]; any other error is
    /// [`OrderError::Request`].
    fn from(error: Error) -> Self {
        match error {
            Error::InvalidInput { parameter, reason } => Self::InvalidInput {
                field: parameter,
                reason,
            },
            error => Self::Request(error),
        }
    }
}

impl From<ListingError<CertificatePack>> for OrderError {
    /// A listing whose first call was refused before anything was sent
    /// (the zone id) is [`OrderError::InvalidInput`]; any other is
    /// [`OrderError::Listing`].
    fn from(listing: ListingError<CertificatePack>) -> Self {
        match listing {
            ListingError::Failed {
                items,
                error: error @ Error::InvalidInput { .. },
            } if items.is_empty() => error.into(),
            listing => Self::Listing(Box::new(listing)),
        }
    }
}

/// The hosts as a set that compares without regard to order or case.
fn host_set(hosts: &[String]) -> BTreeSet<String> {
    hosts.iter().map(|host| host_key(host)).collect()
}

/// The query for every pack of a zone, whatever its status (without
/// `status=all`, Cloudflare lists only active packs).
pub(crate) fn every_pack() -> ListCertificatePacksQuery {
    ListCertificatePacksQuery::new()
        .status(CertificatePackListStatus::All)
        .per_page(PACKS_PER_PAGE)
}

/// The first of `packs` that stands for `order`: of the order's type, with
/// the same hosts (in any order and case), and not ended
/// ([`StatusClass::Ended`]: deleted, expired, on its way out). A pack whose
/// validation timed out counts: restart its validation, or delete it to
/// order anew. So does a status this client does not know yet.
pub(crate) fn matching_pack(
    packs: Vec<CertificatePack>,
    order: &CertificatePackOrderRequest,
) -> Option<CertificatePack> {
    let wanted = host_set(&order.hosts);
    packs.into_iter().find(|pack| {
        pack.type_.as_str() == order.type_.as_str()
            && pack.status.class() != StatusClass::Ended
            && host_set(&pack.hosts) == wanted
    })
}

/// Refuses to order when the zone's advanced quota is used up. A quota
/// without `advanced`, or without its `allocated` or `used` (the fragment
/// makes every one optional), says nothing either way, and the order goes
/// ahead: Cloudflare still refuses an order over its quota, and a refusal
/// is not an order.
pub(crate) fn check_quota(quotas: &CertificatePackQuotas) -> Result<(), OrderError> {
    let advanced = quotas.advanced.as_ref();
    match advanced.and_then(|quota| quota.used.zip(quota.allocated)) {
        Some((used, allocated)) if used >= allocated => {
            Err(OrderError::QuotaExhausted { used, allocated })
        }
        _ => Ok(()),
    }
}

/// Whether the order that ended in `error` may have reached Cloudflare and
/// been acted on: any failure but an answer that refuses it (a 4XX other
/// than 408, a 200 with `"success": false`, a 429) and one before anything
/// was sent (a failure to connect, input refused, a deadline that passed
/// before the first attempt). The call path retried the order only after a
/// 429 or a failure to connect, so only its last attempt can have reached
/// Cloudflare.
pub(crate) fn may_have_reached_cloudflare(error: &Error) -> bool {
    let refusal = |status: reqwest::StatusCode| {
        status.is_client_error() && status != reqwest::StatusCode::REQUEST_TIMEOUT
    };
    match error {
        // Cloudflare's failure envelope on a 2xx is a refusal too.
        Error::Api { status, .. } => !(status.is_success() || refusal(*status)),
        // A 2xx that could not be read may well be the order's success.
        Error::UnexpectedResponse { status, .. } => !status.is_some_and(refusal),
        Error::RateLimited { .. } => false,
        // A connect timeout is a `Timeout` here: counted as possibly sent,
        // which costs one listing more.
        Error::Transport { kind, .. } => *kind != crate::error::TransportKind::Connect,
        Error::DeadlineExceeded { attempts, .. } => *attempts > 0,
        Error::InvalidInput { .. } | Error::Encoding(_) | Error::Config(_) => false,
    }
}

/// What an order that ended in `error`, which may have reached Cloudflare,
/// comes to once the zone's packs were listed again: the pack it made, or
/// an unknown outcome.
pub(crate) fn after_unclear_order(
    error: Error,
    listing: Result<Vec<CertificatePack>, ListingError<CertificatePack>>,
    order: &CertificatePackOrderRequest,
) -> Result<OrderOutcome, OrderError> {
    let (packs, listing) = match listing {
        Ok(packs) => (packs, None),
        // A pack found in a partial listing is still the pack.
        Err(listing) => (listing.items().to_vec(), Some(Box::new(listing))),
    };
    match matching_pack(packs, order) {
        Some(pack) => Ok(OrderOutcome::Ordered(pack)),
        None => Err(OrderError::OutcomeUnknown {
            error: Box::new(error),
            listing,
        }),
    }
}

// `OrderError` stays under clippy's `result_large_err` threshold (128
// bytes), so that callers returning `Result<_, OrderError>` get no warning.
const _: () = assert!(std::mem::size_of::<OrderError>() < 128);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generated_open_enums::{
        CertificateAuthority, CertificatePackOrderType, CertificatePackStatus, ValidationMethod,
        ValidityDays,
    };

    fn order(hosts: &[&str]) -> CertificatePackOrderRequest {
        CertificatePackOrderRequest::new(
            CertificateAuthority::LetsEncrypt,
            hosts.iter().map(|host| (*host).to_owned()).collect(),
            CertificatePackOrderType::Advanced,
            ValidationMethod::Txt,
            ValidityDays::Days90,
        )
    }

    fn pack(hosts: &[&str], status: &str) -> CertificatePack {
        serde_json::from_value(serde_json::json!({
            "id": "3822ff90ea6947ce97a8b2d1f8b4e4ab",
            "certificates": [],
            "hosts": hosts,
            "status": status,
            "type": "advanced",
        }))
        .expect("a pack")
    }

    #[test]
    fn a_pack_matches_by_hosts_in_any_order_and_case_unless_it_has_ended() {
        let wanted = order(&["example.com", "*.example.com"]);
        let same = || pack(&["*.EXAMPLE.com", "Example.COM"], "pending_validation");
        assert!(matching_pack(vec![same()], &wanted).is_some());
        for status in ["validation_timed_out", "active", "some_new_status"] {
            let mut p = same();
            p.status = CertificatePackStatus::from(status);
            assert!(matching_pack(vec![p], &wanted).is_some(), "{status}");
        }
        for status in ["deleted", "expired", "pending_deletion", "inactive"] {
            let mut p = same();
            p.status = CertificatePackStatus::from(status);
            assert!(matching_pack(vec![p], &wanted).is_none(), "{status}");
        }
        let fewer = pack(&["example.com"], "active");
        let more = pack(
            &["example.com", "*.example.com", "www.example.com"],
            "active",
        );
        assert!(matching_pack(vec![fewer, more], &wanted).is_none());
        let mut universal = same();
        universal.type_ = "universal".into();
        assert!(matching_pack(vec![universal], &wanted).is_none());
    }

    #[test]
    fn the_quota_stops_an_order_only_when_both_numbers_say_it_is_used_up() {
        let quotas = |value: serde_json::Value| -> CertificatePackQuotas {
            serde_json::from_value(value).expect("quotas")
        };
        let exhausted = check_quota(&quotas(
            serde_json::json!({ "advanced": { "allocated": 2, "used": 2 } }),
        ));
        assert!(
            matches!(
                exhausted,
                Err(OrderError::QuotaExhausted {
                    used: 2,
                    allocated: 2
                })
            ),
            "{exhausted:?}"
        );
        let over = check_quota(&quotas(
            serde_json::json!({ "advanced": { "allocated": 1, "used": 3 } }),
        ));
        assert!(matches!(
            over,
            Err(OrderError::QuotaExhausted {
                used: 3,
                allocated: 1
            })
        ));
        for unknown in [
            serde_json::json!({ "advanced": { "allocated": 2, "used": 1 } }),
            serde_json::json!({ "advanced": { "used": 5 } }),
            serde_json::json!({ "advanced": { "allocated": 0 } }),
            serde_json::json!({ "advanced": {} }),
            serde_json::json!({}),
        ] {
            assert!(check_quota(&quotas(unknown.clone())).is_ok(), "{unknown}");
        }
    }

    #[test]
    fn only_answers_that_refuse_the_order_and_failures_before_sending_are_clear() {
        let api = |status: u16| Error::Api {
            status: reqwest::StatusCode::from_u16(status).expect("status"),
            errors: Vec::new(),
            messages: Vec::new(),
            attempts: 1,
            cf_ray: None,
        };
        let unexpected = |status: Option<u16>| Error::UnexpectedResponse {
            status: status.map(|s| reqwest::StatusCode::from_u16(s).expect("status")),
            content_type: None,
            body_prefix: String::new(),
            json_path: None,
            reason: "test".to_owned(),
            attempts: 1,
            cf_ray: None,
        };
        let deadline = |attempts| Error::DeadlineExceeded {
            deadline: std::time::Duration::from_secs(1),
            attempts,
            cf_ray: None,
        };
        for unclear in [
            api(500),
            api(502),
            api(504),
            api(408),
            unexpected(Some(502)),
            unexpected(Some(408)),
            unexpected(Some(200)),
            unexpected(None),
            deadline(1),
        ] {
            assert!(may_have_reached_cloudflare(&unclear), "{unclear:?}");
        }
        for clear in [
            api(400),
            api(403),
            api(409),
            api(422),
            api(200),
            unexpected(Some(404)),
            deadline(0),
            Error::RateLimited {
                retry_after: None,
                attempts: 3,
                errors: Vec::new(),
                cf_ray: None,
                rate_limit: Default::default(),
            },
            Error::InvalidInput {
                parameter: "zone_id",
                reason: "empty".to_owned(),
            },
        ] {
            assert!(!may_have_reached_cloudflare(&clear), "{clear:?}");
        }
    }
}
