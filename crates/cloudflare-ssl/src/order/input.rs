//! What an order must be before it is sent, checked before anything is:
//! a refusal is an [`Error::InvalidInput`] naming the field, which
//! `OrderError` turns into its own `InvalidInput`.
//!
//! Sources: the fragment's `CertificatePackOrderRequest` (`hosts`:
//! `minItems` 1, `maxItems` 50, "may not contain more than 50 hosts, and
//! may not be empty"; the enums of `certificate_authority`,
//! `validation_method`, `validity_days` and `type`), Cloudflare's "HTTP DCV
//! method" page
//! (developers.cloudflare.com/ssl/edge-certificates/changing-dcv-method/methods/http/:
//! "HTTP DCV validation also does not work for wildcard certificates … use
//! TXT or Email validation"), and RFC 4343 (DNS names compare without
//! regard to ASCII case).

use std::collections::BTreeSet;

use crate::error::Error;
use crate::generated_open_enums::ValidationMethod;
use crate::generated_types::CertificatePackOrderRequest;
use crate::operation::known_value;

/// The most hosts one order may name (the fragment's `maxItems`).
const MAX_HOSTS: usize = 50;

/// Refuses an order that would not make a valid request or could not be
/// validated, before anything is sent.
pub(crate) fn check(order: &CertificatePackOrderRequest) -> Result<(), Error> {
    check_hosts(&order.hosts)?;
    known_value("type", &order.type_)?;
    known_value("certificate_authority", &order.certificate_authority)?;
    known_value("validation_method", &order.validation_method)?;
    known_value("validity_days", &order.validity_days)?;
    if order.validation_method == ValidationMethod::Http
        && let Some(wildcard) = order.hosts.iter().find(|host| host.starts_with("*."))
    {
        return Err(Error::InvalidInput {
            parameter: "validation_method",
            reason: format!(
                "`http` validation cannot validate the wildcard host {wildcard:?} (Cloudflare's \
                 HTTP DCV page: it \"does not work for wildcard certificates\"); use `txt` or `email`"
            ),
        });
    }
    Ok(())
}

fn check_hosts(hosts: &[String]) -> Result<(), Error> {
    let refuse = |reason: String| {
        Err(Error::InvalidInput {
            parameter: "hosts",
            reason,
        })
    };
    if hosts.is_empty() {
        return refuse("no host: an order names at least one".to_owned());
    }
    if hosts.len() > MAX_HOSTS {
        return refuse(format!(
            "{} hosts, more than the {MAX_HOSTS} an order may name",
            hosts.len()
        ));
    }
    let mut seen = BTreeSet::new();
    for (index, host) in hosts.iter().enumerate() {
        if host.is_empty() {
            return refuse(format!("host {index} is empty"));
        }
        if !seen.insert(host_key(host)) {
            let first = hosts
                .iter()
                .find(|other| host_key(other) == host_key(host))
                .unwrap_or(host);
            return refuse(format!(
                "{host:?} repeats {first:?} (host names do not differ by case)"
            ));
        }
    }
    Ok(())
}

/// A host as it compares with others: host names do not differ by case
/// (RFC 4343).
pub(super) fn host_key(host: &str) -> String {
    host.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generated_open_enums::{
        CertificateAuthority, CertificatePackOrderType, ValidityDays,
    };

    fn order(hosts: &[&str], method: ValidationMethod) -> CertificatePackOrderRequest {
        CertificatePackOrderRequest::new(
            CertificateAuthority::LetsEncrypt,
            hosts.iter().map(|host| (*host).to_owned()).collect(),
            CertificatePackOrderType::Advanced,
            method,
            ValidityDays::Days90,
        )
    }

    fn refused_field(order: &CertificatePackOrderRequest) -> (&'static str, String) {
        match check(order) {
            Err(Error::InvalidInput { parameter, reason }) => (parameter, reason),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_valid_order_passes() {
        let ok = order(&["example.com", "*.example.com"], ValidationMethod::Txt);
        assert!(check(&ok).is_ok());
        let fifty: Vec<String> = (0..50).map(|n| format!("h{n}.example.com")).collect();
        let mut at_the_limit = ok.clone();
        at_the_limit.hosts = fifty;
        assert!(check(&at_the_limit).is_ok());
    }

    #[test]
    fn hosts_are_refused_when_empty_too_many_blank_or_repeated() {
        let (field, reason) = refused_field(&order(&[], ValidationMethod::Txt));
        assert_eq!(field, "hosts");
        assert!(reason.contains("at least one"), "{reason}");

        let mut many = order(&[], ValidationMethod::Txt);
        many.hosts = (0..51).map(|n| format!("h{n}.example.com")).collect();
        let (field, reason) = refused_field(&many);
        assert_eq!(
            (field, reason.as_str()),
            ("hosts", "51 hosts, more than the 50 an order may name")
        );

        let (field, reason) = refused_field(&order(&["example.com", ""], ValidationMethod::Txt));
        assert_eq!((field, reason.as_str()), ("hosts", "host 1 is empty"));

        let repeated = order(
            &["www.example.com", "example.com", "WWW.Example.com"],
            ValidationMethod::Txt,
        );
        let (field, reason) = refused_field(&repeated);
        assert_eq!(field, "hosts");
        assert!(
            reason.contains("\"WWW.Example.com\" repeats \"www.example.com\""),
            "{reason}"
        );
    }

    #[test]
    fn unknown_enum_values_are_refused_by_field() {
        let mut unknown_ca = order(&["example.com"], ValidationMethod::Txt);
        unknown_ca.certificate_authority = CertificateAuthority::from("digicert");
        let mut unknown_method = order(&["example.com"], ValidationMethod::Txt);
        unknown_method.validation_method = ValidationMethod::from("cname");
        let mut unknown_days = order(&["example.com"], ValidationMethod::Txt);
        unknown_days.validity_days = ValidityDays::from(60);
        let mut unknown_type = order(&["example.com"], ValidationMethod::Txt);
        unknown_type.type_ = CertificatePackOrderType::from("universal");
        for (order, expected) in [
            (unknown_ca, "certificate_authority"),
            (unknown_method, "validation_method"),
            (unknown_days, "validity_days"),
            (unknown_type, "type"),
        ] {
            let (field, reason) = refused_field(&order);
            assert_eq!(field, expected, "{reason}");
            assert!(reason.contains("is not one of"), "{reason}");
        }
    }

    #[test]
    fn http_validation_is_refused_with_a_wildcard_host_only() {
        let (field, reason) = refused_field(&order(
            &["example.com", "*.example.com"],
            ValidationMethod::Http,
        ));
        assert_eq!(field, "validation_method");
        assert!(reason.contains("\"*.example.com\""), "{reason}");
        assert!(
            check(&order(
                &["example.com", "www.example.com"],
                ValidationMethod::Http
            ))
            .is_ok()
        );
        assert!(
            check(&order(
                &["example.com", "*.example.com"],
                ValidationMethod::Email
            ))
            .is_ok()
        );
    }
}
