//! Where each record and each host of a plan stands: [`RecordState`] for a
//! record, [`CaaCheck`] for a host's CAA records. A plan starts with every
//! record [`RecordState::ToPublish`] and no CAA check; the `dns` feature's
//! checker (`dcv::dns::DnsChecker`) fills both from DNS. The types are here
//! without the feature so that a plan has one shape, and one JSON shape,
//! with or without it.

use std::fmt;

use serde::Serialize;

/// What DNS says about one record of a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RecordState {
    /// Not checked against DNS: the plan says what to publish.
    ToPublish,
    /// The record is there: the TXT value among the name's TXT values (read
    /// through the plan's own delegation CNAME when there is one), or the
    /// CNAME pointing at the target.
    Published,
    /// Nothing of the kind at the name.
    Missing,
    /// The name has records of the kind, none of them the one wanted.
    Wrong {
        /// What is there instead, as a zone file writes it (`"value"` for
        /// TXT, `target.example.` for CNAME).
        found: Vec<String>,
    },
    /// A record of the other kind holds the name: a TXT record where the
    /// delegation CNAME must be (Cloudflare's delegated-DCV page: existing
    /// `_acme-challenge` TXT records conflict with it), or a CNAME that is
    /// not the plan's delegation where a TXT record is needed.
    Conflict {
        /// That record, as a zone file writes it (`TXT "value"`,
        /// `CNAME target.example.`).
        found: String,
    },
    /// HTTP and email validation: nothing in DNS to check.
    NotChecked,
    /// The DNS lookup failed (a timeout, a refusal, a server failure), so
    /// nothing is known.
    LookupFailed {
        /// Why, in the resolver's words.
        reason: String,
    },
}

impl RecordState {
    /// Whether this state stands in the way of validation, or left it
    /// unknown: `missing`, `wrong`, `conflict` or a failed lookup.
    pub fn is_problem(&self) -> bool {
        matches!(
            self,
            Self::Missing | Self::Wrong { .. } | Self::Conflict { .. } | Self::LookupFailed { .. }
        )
    }
}

/// `to publish`, `published`, `missing`, `wrong: <found>`,
/// `conflict: <found>`, `not checked`, `lookup failed: <reason>`: the
/// `STATE` column.
impl fmt::Display for RecordState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ToPublish => f.write_str("to publish"),
            Self::Published => f.write_str("published"),
            Self::Missing => f.write_str("missing"),
            Self::Wrong { found } => write!(f, "wrong: {}", found.join(", ")),
            Self::Conflict { found } => write!(f, "conflict: {found}"),
            Self::NotChecked => f.write_str("not checked"),
            Self::LookupFailed { reason } => write!(f, "lookup failed: {reason}"),
        }
    }
}

/// What a host's CAA records say about the pack's certificate authority.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaaCheck {
    /// The host, as the pack lists it (`*.example.com` for a wildcard).
    pub host: String,
    /// The CAA domain of the pack's certificate authority
    /// (`letsencrypt.org`, …); `None` when the pack names none this client
    /// knows.
    pub ca_domain: Option<String>,
    /// The name whose CAA record set rules the host (RFC 8659's relevant
    /// record set: the host's own, or its closest ancestor's); `None` when
    /// no name up to the top-level domain has one.
    pub relevant_name: Option<String>,
    /// The verdict.
    #[serde(flatten)]
    pub verdict: CaaVerdict,
}

/// Whether the certificate authority may issue for a host.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
#[non_exhaustive]
pub enum CaaVerdict {
    /// It may: no CAA record set at all, a set that restricts nothing for
    /// this kind of host, or one that names the authority.
    Allowed {
        /// The relevant set, as a zone file writes each record
        /// (`0 issue "letsencrypt.org"`); empty when there is none.
        found: Vec<String>,
    },
    /// It may not: the relevant set's `issue` (or, for a wildcard host,
    /// `issuewild`) properties name other authorities only, or the set has
    /// a critical property this check does not know.
    Blocked {
        /// The relevant set, as a zone file writes each record.
        found: Vec<String>,
        /// Which rule blocks it.
        reason: String,
    },
    /// A CAA record set applies, but the pack names no certificate
    /// authority this client knows, so nothing can be said.
    NotChecked {
        /// Why.
        reason: String,
    },
    /// A CAA lookup failed, so nothing is known.
    LookupFailed {
        /// Why, in the resolver's words.
        reason: String,
    },
}

impl CaaVerdict {
    /// Whether this verdict stands in the way of issuance, or left it
    /// unknown: blocked, or a failed lookup.
    pub fn is_problem(&self) -> bool {
        matches!(self, Self::Blocked { .. } | Self::LookupFailed { .. })
    }
}

/// `allowed`, `blocks: <values found>`, `not checked: <reason>`,
/// `lookup failed: <reason>`: the last column of a `caa` line.
impl fmt::Display for CaaVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Allowed { .. } => f.write_str("allowed"),
            Self::Blocked { found, .. } => write!(f, "blocks: {}", found.join(", ")),
            Self::NotChecked { reason } => write!(f, "not checked: {reason}"),
            Self::LookupFailed { reason } => write!(f, "lookup failed: {reason}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_read_as_the_state_column_and_serialise_tagged() {
        let wrong = RecordState::Wrong {
            found: vec!["\"a\"".into(), "\"b\"".into()],
        };
        assert_eq!(wrong.to_string(), "wrong: \"a\", \"b\"");
        assert_eq!(
            serde_json::to_value(&wrong).ok(),
            Some(serde_json::json!({ "state": "wrong", "found": ["\"a\"", "\"b\""] }))
        );
        assert_eq!(RecordState::ToPublish.to_string(), "to publish");
        assert_eq!(RecordState::NotChecked.to_string(), "not checked");
        assert!(!RecordState::NotChecked.is_problem() && !RecordState::Published.is_problem());
        assert!(RecordState::Missing.is_problem());
    }

    #[test]
    fn caa_verdicts_read_as_the_caa_column() {
        let blocked = CaaVerdict::Blocked {
            found: vec!["0 issue \"pki.goog\"".into()],
            reason: "issue names other authorities".into(),
        };
        assert_eq!(blocked.to_string(), "blocks: 0 issue \"pki.goog\"");
        assert!(blocked.is_problem());
        let allowed = CaaVerdict::Allowed { found: vec![] };
        assert_eq!(allowed.to_string(), "allowed");
        assert!(!allowed.is_problem());
    }
}
