//! DCV delegation for hosts not ordered yet: the CNAME records, built from
//! the zone's DCV delegation UUID (`GET /zones/{zone_id}/dcv_delegation/uuid`).
//!
//! Source: Cloudflare's "Delegated DCV" page
//! (developers.cloudflare.com/ssl/edge-certificates/changing-dcv-method/methods/delegated-dcv/):
//! each record is `_acme-challenge.<host> CNAME <host>.<validation URL>.`,
//! where the validation URL the dashboard shows is `<uuid>.dcv.cloudflare.com`
//! (the UUID operation's description: the identifier "used as part of the
//! CNAME target for DCV Delegation"). "If your certificate only covers the
//! apex domain and a wildcard, you only need to create a single CNAME record
//! for your apex domain"; every host named besides needs its own record. So
//! a wildcard host `*.X` is covered by the record for `X`, and `X` and `*.X`
//! together need one record.

use std::fmt;

use super::record::DcvRecord;
use crate::error::Error;

/// The domain under which Cloudflare answers for delegated DCV.
pub const DCV_DELEGATION_DOMAIN: &str = "dcv.cloudflare.com";

/// The most bytes a domain name holds in its text form (RFC 1035 §2.3.4:
/// 255 on the wire, 253 written without the final dot).
const MAX_NAME: usize = 253;
/// The most bytes one label holds (RFC 1035 §2.3.4).
const MAX_LABEL: usize = 63;

/// Hosts to delegate DCV for, checked: each a host name (letters, digits
/// and `-` in labels of 1 to 63 bytes, `*` only as a whole first label),
/// and kept as the names that need a record: lowercase, without a final
/// `.`, a wildcard `*.X` as `X`, each once, in the order first given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DelegatedHosts {
    names: Vec<String>,
}

impl DelegatedHosts {
    /// Checks `hosts`; the first one that is not a host name is the error.
    pub fn parse<S: AsRef<str>>(
        hosts: impl IntoIterator<Item = S>,
    ) -> Result<Self, DelegationError> {
        let mut names = Vec::new();
        for host in hosts {
            let host = host.as_ref();
            let name = record_name_of(host).map_err(|reason| DelegationError::InvalidHost {
                host: host.to_owned(),
                reason,
            })?;
            if !names.contains(&name) {
                names.push(name);
            }
        }
        Ok(Self { names })
    }

    /// The names that need a record, in order: `example.com` for
    /// `example.com` and `*.example.com` alike.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// The name whose `_acme-challenge` record covers `host`, or why `host` is
/// not a host name.
fn record_name_of(host: &str) -> Result<String, &'static str> {
    let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    let base = host.strip_prefix("*.").unwrap_or(&host);
    if base.is_empty() || base == "*" {
        return Err("it names no host");
    }
    if base.len() > MAX_NAME {
        return Err("it is longer than 253 bytes");
    }
    for label in base.split('.') {
        if label.is_empty() {
            return Err("it has an empty label");
        }
        if label.len() > MAX_LABEL {
            return Err("it has a label longer than 63 bytes");
        }
        if label == "*" {
            return Err("`*` may only be its first label");
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err("a label holds a character other than a letter, a digit or `-`");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("a label starts or ends with `-`");
        }
    }
    Ok(base.to_owned())
}

/// The delegation CNAME of each of `hosts`:
/// `_acme-challenge.<name>` → `<name>.<uuid>.dcv.cloudflare.com`. Fails
/// when `uuid` is not one DNS label (letters, digits, `-`; 1 to 63 bytes),
/// which would make every target point elsewhere.
pub fn delegation_records(
    uuid: &str,
    hosts: &DelegatedHosts,
) -> Result<Vec<DcvRecord>, DelegationError> {
    let is_label = !uuid.is_empty()
        && uuid.len() <= MAX_LABEL
        && uuid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !is_label {
        return Err(DelegationError::InvalidUuid {
            uuid: uuid.to_owned(),
        });
    }
    Ok(hosts
        .names
        .iter()
        .map(|name| DcvRecord::Cname {
            name: format!("_acme-challenge.{name}"),
            target: format!("{name}.{uuid}.{DCV_DELEGATION_DOMAIN}"),
        })
        .collect())
}

/// Why the delegation records could not be made.
#[derive(Debug)]
#[non_exhaustive]
pub enum DelegationError {
    /// A host given is not a host name; nothing was sent.
    InvalidHost {
        /// The host as given.
        host: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Reading the zone's DCV delegation UUID failed.
    Request(Error),
    /// Cloudflare answered without a UUID.
    NoUuid,
    /// Cloudflare's UUID is not one DNS label.
    InvalidUuid {
        /// The UUID as received.
        uuid: String,
    },
}

impl fmt::Display for DelegationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidHost { host, reason } => {
                write!(f, "`{host}` is not a host name: {reason}")
            }
            Self::Request(error) => write!(f, "reading the DCV delegation UUID failed: {error}"),
            Self::NoUuid => f.write_str("Cloudflare answered without a DCV delegation UUID"),
            Self::InvalidUuid { uuid } => {
                write!(f, "the DCV delegation UUID `{uuid}` is not one DNS label")
            }
        }
    }
}

impl std::error::Error for DelegationError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Request(error) => Some(error),
            _ => None,
        }
    }
}

impl From<Error> for DelegationError {
    fn from(error: Error) -> Self {
        Self::Request(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(uuid: &str, hosts: &[&str]) -> Vec<String> {
        let hosts = DelegatedHosts::parse(hosts).expect("valid hosts");
        delegation_records(uuid, &hosts)
            .expect("valid uuid")
            .iter()
            .map(DcvRecord::tsv_fields)
            .collect()
    }

    #[test]
    fn the_apex_record_covers_its_wildcard() {
        assert_eq!(
            lines("abc123", &["example.com", "*.example.com"]),
            ["cname\t_acme-challenge.example.com\texample.com.abc123.dcv.cloudflare.com"]
        );
        assert_eq!(
            lines("abc123", &["*.Example.COM."]),
            ["cname\t_acme-challenge.example.com\texample.com.abc123.dcv.cloudflare.com"]
        );
    }

    #[test]
    fn a_named_subdomain_needs_its_own_record() {
        assert_eq!(
            lines(
                "abc123",
                &["example.com", "*.example.com", "sub.example.com"]
            ),
            [
                "cname\t_acme-challenge.example.com\texample.com.abc123.dcv.cloudflare.com",
                "cname\t_acme-challenge.sub.example.com\tsub.example.com.abc123.dcv.cloudflare.com",
            ]
        );
    }

    #[test]
    fn hosts_that_are_not_host_names_are_refused_by_name() {
        for (host, reason) in [
            ("", "it names no host"),
            ("*.", "it names no host"),
            ("a..example.com", "it has an empty label"),
            ("a.*.example.com", "`*` may only be its first label"),
            (
                "a b.example.com",
                "a label holds a character other than a letter, a digit or `-`",
            ),
            ("-a.example.com", "a label starts or ends with `-`"),
        ] {
            match DelegatedHosts::parse([host]) {
                Err(DelegationError::InvalidHost {
                    host: named,
                    reason: said,
                }) => {
                    assert_eq!((named.as_str(), said), (host, reason));
                }
                other => panic!("{host:?}: {other:?}"),
            }
        }
        let long = format!("{}.example.com", "a".repeat(64));
        assert!(DelegatedHosts::parse([long]).is_err());
    }

    #[test]
    fn a_uuid_that_is_not_a_label_is_refused() {
        let hosts = DelegatedHosts::parse(["example.com"]).expect("valid");
        for uuid in ["", "a.b", "a b", "x/y"] {
            assert!(
                matches!(
                    delegation_records(uuid, &hosts),
                    Err(DelegationError::InvalidUuid { .. })
                ),
                "{uuid:?}"
            );
        }
    }
}
