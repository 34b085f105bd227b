//! One record to publish for domain control validation, typed, and the one
//! way every program prints it: `KIND NAME VALUE` (`dcv_plan`'s lines, and
//! the order tool's `record` lines, share [`DcvRecord::kind`],
//! [`DcvRecord::name`] and [`DcvRecord::value`]).
//!
//! The fields a pack's `validation_records` and `dcv_delegation_records`
//! carry, and what each becomes (the validation record schema in the
//! fragment, `ValidationRecord`):
//!
//! | KIND | NAME | VALUE |
//! |---|---|---|
//! | `txt` | `txt_name` | `txt_value` |
//! | `http` | `http_url` | `http_body` |
//! | `cname` | `cname` | `cname_target` |
//! | `email` | `-` | `emails`, joined by `,` |

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

use crate::generated_open_enums::VerificationValidationMethod;
use crate::generated_types::{ValidationRecord, VerificationInfo};

/// A record to publish (or, for HTTP and email, a step to take) so that
/// the certificate authority can validate a host.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
#[non_exhaustive]
pub enum DcvRecord {
    /// A TXT record: `name` holds `value`.
    Txt {
        /// The record's name, `_acme-challenge.<host>` as Cloudflare gives it.
        name: String,
        /// The value the certificate authority looks for.
        value: String,
    },
    /// A file the certificate authority fetches over HTTP.
    Http {
        /// The URL it fetches.
        url: String,
        /// What the URL must answer.
        body: String,
    },
    /// A CNAME record: DCV delegation, `name` pointing at `target`, so that
    /// Cloudflare places the TXT records itself.
    Cname {
        /// The record's name, `_acme-challenge.<host>`.
        name: String,
        /// What it points at, `<host>.<uuid>.dcv.cloudflare.com`.
        target: String,
    },
    /// Addresses the certificate authority e-mails for approval.
    Email {
        /// The addresses, as Cloudflare lists them.
        addresses: Vec<String>,
    },
}

/// The kind of a [`DcvRecord`], as its `KIND` column reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RecordKind {
    /// `txt`
    Txt,
    /// `http`
    Http,
    /// `cname`
    Cname,
    /// `email`
    Email,
}

impl RecordKind {
    /// `txt`, `http`, `cname` or `email`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Txt => "txt",
            Self::Http => "http",
            Self::Cname => "cname",
            Self::Email => "email",
        }
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl DcvRecord {
    /// Every record `record` describes, in the order TXT, HTTP, CNAME,
    /// email: one Cloudflare validation record can carry several. A pair
    /// with one half missing (a `txt_name` without `txt_value`) cannot be
    /// published and is left out.
    pub fn from_validation_record(record: &ValidationRecord) -> Vec<DcvRecord> {
        let pair = |a: &Option<String>, b: &Option<String>| a.clone().zip(b.clone());
        let mut records = Vec::new();
        if let Some((name, value)) = pair(&record.txt_name, &record.txt_value) {
            records.push(Self::Txt { name, value });
        }
        if let Some((url, body)) = pair(&record.http_url, &record.http_body) {
            records.push(Self::Http { url, body });
        }
        if let Some((name, target)) = pair(&record.cname, &record.cname_target) {
            records.push(Self::Cname { name, target });
        }
        if let Some(addresses) = record.emails.as_ref().filter(|a| !a.is_empty()) {
            records.push(Self::Email {
                addresses: addresses.clone(),
            });
        }
        records
    }

    /// The record `/ssl/verification` gives for a pack, if it names one
    /// completely. Its name and target come as `record_name` and
    /// `record_target`, or under the names Cloudflare's spec lists beside
    /// them (`txt_name`, `http_url`, `cname`; `txt_value`, `http_body`,
    /// `cname_target`: the fragment's deviation 15 keeps them in `extra`).
    /// The kind is `method`, else the one the field names give away.
    pub fn from_verification(
        info: &VerificationInfo,
        method: Option<&VerificationValidationMethod>,
    ) -> Option<DcvRecord> {
        let extra = |key: &str| {
            info.extra
                .get(key)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        let kind = match method {
            Some(VerificationValidationMethod::Txt) => RecordKind::Txt,
            Some(VerificationValidationMethod::Http) => RecordKind::Http,
            Some(VerificationValidationMethod::Cname) => RecordKind::Cname,
            _ if info.extra.contains_key("txt_name") => RecordKind::Txt,
            _ if info.extra.contains_key("http_url") => RecordKind::Http,
            _ if info.extra.contains_key("cname") => RecordKind::Cname,
            _ => return None,
        };
        let (name_key, target_key) = match kind {
            RecordKind::Http => ("http_url", "http_body"),
            RecordKind::Cname => ("cname", "cname_target"),
            _ => ("txt_name", "txt_value"),
        };
        let name = info.record_name.clone().or_else(|| extra(name_key))?;
        let target = info.record_target.clone().or_else(|| extra(target_key))?;
        Some(match kind {
            RecordKind::Http => Self::Http {
                url: name,
                body: target,
            },
            RecordKind::Cname => Self::Cname { name, target },
            _ => Self::Txt {
                name,
                value: target,
            },
        })
    }

    /// Its kind: the `KIND` column.
    pub fn kind(&self) -> RecordKind {
        match self {
            Self::Txt { .. } => RecordKind::Txt,
            Self::Http { .. } => RecordKind::Http,
            Self::Cname { .. } => RecordKind::Cname,
            Self::Email { .. } => RecordKind::Email,
        }
    }

    /// The `NAME` column: the record's name, the URL, or `-` for email.
    pub fn name(&self) -> &str {
        match self {
            Self::Txt { name, .. } | Self::Cname { name, .. } => name,
            Self::Http { url, .. } => url,
            Self::Email { .. } => "-",
        }
    }

    /// The `VALUE` column: the TXT value, the HTTP body, the CNAME target,
    /// or the addresses joined by `,`.
    pub fn value(&self) -> Cow<'_, str> {
        match self {
            Self::Txt { value, .. } => Cow::Borrowed(value),
            Self::Http { body, .. } => Cow::Borrowed(body),
            Self::Cname { target, .. } => Cow::Borrowed(target),
            Self::Email { addresses } => Cow::Owned(addresses.join(",")),
        }
    }

    /// `KIND<TAB>NAME<TAB>VALUE`, each field escaped with [`tsv_field`].
    pub fn tsv_fields(&self) -> String {
        format!(
            "{}\t{}\t{}",
            self.kind(),
            tsv_field(self.name()),
            tsv_field(&self.value())
        )
    }
}

/// `field` made safe for one TSV column: a backslash, tab, line feed or
/// carriage return is written `\\`, `\t`, `\n`, `\r`, so that a value can
/// never split a line or a column (a validation token never holds one; a
/// server's answer might).
pub fn tsv_field(field: &str) -> Cow<'_, str> {
    if !field.contains(['\\', '\t', '\n', '\r']) {
        return Cow::Borrowed(field);
    }
    let mut escaped = String::with_capacity(field.len() + 4);
    for c in field.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '\t' => escaped.push_str("\\t"),
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            c => escaped.push(c),
        }
    }
    Cow::Owned(escaped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_validation_record_with_every_kind_gives_each_in_order() {
        let record = ValidationRecord::default()
            .txt_name("_acme-challenge.example.com".into())
            .txt_value("token".into())
            .http_url("http://example.com/.well-known/pki-validation/ca3-x.txt".into())
            .http_body("ca3-body".into())
            .cname("_acme-challenge.example.com".into())
            .cname_target("example.com.abc.dcv.cloudflare.com".into())
            .emails(vec![
                "admin@example.com".into(),
                "webmaster@example.com".into(),
            ]);
        let lines: Vec<String> = DcvRecord::from_validation_record(&record)
            .iter()
            .map(DcvRecord::tsv_fields)
            .collect();
        assert_eq!(
            lines,
            [
                "txt\t_acme-challenge.example.com\ttoken",
                "http\thttp://example.com/.well-known/pki-validation/ca3-x.txt\tca3-body",
                "cname\t_acme-challenge.example.com\texample.com.abc.dcv.cloudflare.com",
                "email\t-\tadmin@example.com,webmaster@example.com",
            ]
        );
    }

    #[test]
    fn half_a_pair_is_no_record() {
        let record = ValidationRecord::default().txt_name("_acme-challenge.example.com".into());
        assert_eq!(DcvRecord::from_validation_record(&record), []);
        let record = ValidationRecord::default().emails(vec![]);
        assert_eq!(DcvRecord::from_validation_record(&record), []);
    }

    #[test]
    fn verification_names_under_either_spelling() {
        let mut info = VerificationInfo::default();
        info.extra
            .insert("txt_name".into(), "_acme-challenge.a.example".into());
        info.extra.insert("txt_value".into(), "v".into());
        assert_eq!(
            DcvRecord::from_verification(&info, None),
            Some(DcvRecord::Txt {
                name: "_acme-challenge.a.example".into(),
                value: "v".into()
            })
        );
        let info = VerificationInfo::default()
            .record_name("http://a.example/.well-known/x".into())
            .record_target("body".into());
        assert_eq!(
            DcvRecord::from_verification(&info, Some(&VerificationValidationMethod::Http)),
            Some(DcvRecord::Http {
                url: "http://a.example/.well-known/x".into(),
                body: "body".into()
            })
        );
        assert_eq!(DcvRecord::from_verification(&info, None), None, "no kind");
    }

    #[test]
    fn tsv_fields_cannot_split_a_line() {
        let record = DcvRecord::Txt {
            name: "_acme-challenge.example.com".into(),
            value: "a\tb\nc\\d".into(),
        };
        assert_eq!(
            record.tsv_fields(),
            "txt\t_acme-challenge.example.com\ta\\tb\\nc\\\\d"
        );
    }
}
