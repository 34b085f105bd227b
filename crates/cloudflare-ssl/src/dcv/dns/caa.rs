//! Whether a certificate authority may issue for a host, by RFC 8659
//! ("DNS Certification Authority Authorization (CAA) Resource Record"):
//!
//! - **The relevant record set** (§3): the CAA record set of the host, or
//!   else of its parent, and so on up to (not including) the root; for a
//!   wildcard host `*.X`, the climb starts at `X`. The first name with a
//!   non-empty set rules; when no name has one, any authority may issue.
//! - **Critical properties** (§4.1): a property whose issuer critical flag
//!   (bit 0, the value 128) is set and whose tag the authority does not
//!   know forbids issuance. Known here: RFC 8659's `issue`, `issuewild` and
//!   `iodef`, and the other tags of IANA's "Certification Authority
//!   Restriction Properties" registry in use: `contactemail` and
//!   `contactphone` (CA/Browser Forum Baseline Requirements),
//!   `issuemail` (RFC 9495) and `issuevmc`. Tags match case-insensitively.
//! - **Which properties decide** (§4.2, §4.3): for a wildcard host, the
//!   `issuewild` properties when the set has any, else the `issue`
//!   properties; for any other host, the `issue` properties (`issuewild` is
//!   ignored). When there are none, the set does not restrict issuance.
//!   Otherwise the authority may issue only if one of them names its issuer
//!   domain name: the value up to `;`, without surrounding spaces, compared
//!   case-insensitively. A value with no domain (`;`) names no authority.

use super::lookup::CaaProperty;
use crate::dcv::state::CaaVerdict;
use crate::dcv::zone_file::character_strings;

/// The tags whose meaning is known, so that a critical one does not block.
const KNOWN_TAGS: [&str; 7] = [
    "issue",
    "issuewild",
    "iodef",
    "contactemail",
    "contactphone",
    "issuemail",
    "issuevmc",
];

/// The names whose CAA record sets rule `host`, closest first, and whether
/// `host` is a wildcard: `*.a.example.com` climbs `a.example.com`,
/// `example.com`, `com`.
pub(super) fn climb(host: &str) -> (Vec<String>, bool) {
    let host = host.strip_suffix('.').unwrap_or(host);
    let (base, wildcard) = match host.strip_prefix("*.") {
        Some(base) => (base, true),
        None => (host, false),
    };
    let mut names = Vec::new();
    let mut name = base;
    while !name.is_empty() {
        names.push(name.to_ascii_lowercase());
        name = name.split_once('.').map_or("", |(_, parent)| parent);
    }
    (names, wildcard)
}

/// The verdict of the relevant record set `set` (empty when no name had
/// one) for the authority whose issuer domain name is `ca_domain`.
pub(super) fn verdict(set: &[CaaProperty], ca_domain: Option<&str>, wildcard: bool) -> CaaVerdict {
    let found: Vec<String> = set.iter().map(presentation).collect();
    let known = |tag: &str| KNOWN_TAGS.iter().any(|k| k.eq_ignore_ascii_case(tag));
    if let Some(unknown) = set.iter().find(|p| p.is_critical() && !known(&p.tag)) {
        let reason = format!(
            "the critical property `{}` is unknown, which forbids issuance (RFC 8659 §4.1)",
            unknown.tag
        );
        return CaaVerdict::Blocked { found, reason };
    }
    let tagged = |tag: &str| -> Vec<&CaaProperty> {
        set.iter()
            .filter(|p| p.tag.eq_ignore_ascii_case(tag))
            .collect()
    };
    let wild = if wildcard {
        tagged("issuewild")
    } else {
        Vec::new()
    };
    let (tag, deciding) = if wild.is_empty() {
        ("issue", tagged("issue"))
    } else {
        ("issuewild", wild)
    };
    if deciding.is_empty() {
        return CaaVerdict::Allowed { found };
    }
    let Some(ca_domain) = ca_domain else {
        let reason =
            format!("`{tag}` properties apply, and the pack names no authority this client knows");
        return CaaVerdict::NotChecked { reason };
    };
    if deciding
        .iter()
        .any(|p| issuer_domain(&p.value).eq_ignore_ascii_case(ca_domain))
    {
        CaaVerdict::Allowed { found }
    } else {
        let reason = format!("no `{tag}` property names {ca_domain}");
        CaaVerdict::Blocked { found, reason }
    }
}

/// The issuer domain name of an `issue` or `issuewild` value: the part
/// before `;`, trimmed, without a final `.`.
fn issuer_domain(value: &str) -> &str {
    let domain = value.split(';').next().unwrap_or("").trim();
    domain.strip_suffix('.').unwrap_or(domain)
}

/// `0 issue "letsencrypt.org"`: a property as a zone file writes it.
fn presentation(property: &CaaProperty) -> String {
    format!(
        "{} {} {}",
        property.flags,
        property.tag,
        character_strings(&property.value)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn property(flags: u8, tag: &str, value: &str) -> CaaProperty {
        CaaProperty {
            flags,
            tag: tag.into(),
            value: value.into(),
        }
    }

    fn is_allowed(verdict: &CaaVerdict) -> bool {
        matches!(verdict, CaaVerdict::Allowed { .. })
    }

    #[test]
    fn the_climb_starts_at_the_host_or_below_its_wildcard() {
        assert_eq!(
            climb("www.Example.com."),
            (
                vec!["www.example.com".into(), "example.com".into(), "com".into()],
                false
            )
        );
        assert_eq!(
            climb("*.example.com"),
            (vec!["example.com".into(), "com".into()], true)
        );
    }

    #[test]
    fn no_record_set_allows_any_authority() {
        assert!(is_allowed(&verdict(&[], Some("letsencrypt.org"), false)));
        assert!(is_allowed(&verdict(&[], None, true)));
    }

    #[test]
    fn issue_names_the_authorities_that_may_issue() {
        let set = [
            property(0, "issue", "pki.goog; cansignhttpexchanges=yes"),
            property(0, "iodef", "mailto:security@example.com"),
        ];
        assert!(is_allowed(&verdict(&set, Some("pki.goog"), false)));
        let blocked = verdict(&set, Some("letsencrypt.org"), false);
        assert_eq!(
            blocked.to_string(),
            "blocks: 0 issue \"pki.goog; cansignhttpexchanges=yes\", 0 iodef \"mailto:security@example.com\""
        );
        assert!(is_allowed(&verdict(
            &[property(0, "ISSUE", " LetsEncrypt.org ")],
            Some("letsencrypt.org"),
            false
        )));
        assert!(!is_allowed(&verdict(
            &[property(0, "issue", ";")],
            Some("letsencrypt.org"),
            false
        )));
    }

    #[test]
    fn issuewild_rules_wildcards_when_present_and_only_them() {
        let set = [
            property(0, "issue", "letsencrypt.org"),
            property(0, "issuewild", "pki.goog"),
        ];
        assert!(!is_allowed(&verdict(&set, Some("letsencrypt.org"), true)));
        assert!(is_allowed(&verdict(&set, Some("pki.goog"), true)));
        assert!(
            is_allowed(&verdict(&set, Some("letsencrypt.org"), false)),
            "issuewild is ignored for other hosts"
        );
        let issue_only = [property(0, "issue", "letsencrypt.org")];
        assert!(
            is_allowed(&verdict(&issue_only, Some("letsencrypt.org"), true)),
            "issue rules a wildcard without issuewild"
        );
        let wild_only = [property(0, "issuewild", "pki.goog")];
        assert!(
            is_allowed(&verdict(&wild_only, Some("letsencrypt.org"), false)),
            "no issue: no restriction"
        );
    }

    #[test]
    fn an_unknown_critical_tag_forbids_issuance_and_a_known_one_does_not() {
        let set = [
            property(128, "tbs", "x"),
            property(0, "issue", "letsencrypt.org"),
        ];
        match verdict(&set, Some("letsencrypt.org"), false) {
            CaaVerdict::Blocked { reason, .. } => assert!(reason.contains("`tbs`"), "{reason}"),
            other => panic!("{other:?}"),
        }
        let set = [
            property(128, "iodef", "mailto:a@example.com"),
            property(0, "issue", "letsencrypt.org"),
        ];
        assert!(is_allowed(&verdict(&set, Some("letsencrypt.org"), false)));
        let not_critical = [property(0, "tbs", "x")];
        assert!(is_allowed(&verdict(
            &not_critical,
            Some("letsencrypt.org"),
            false
        )));
    }

    #[test]
    fn an_unknown_authority_is_not_checked_where_a_set_decides() {
        let set = [property(0, "issue", "letsencrypt.org")];
        assert!(matches!(
            verdict(&set, None, false),
            CaaVerdict::NotChecked { .. }
        ));
    }
}
