//! A [`DcvRecord`] as a line of a zone file (RFC 1035 §5, the master file
//! format BIND reads and most DNS providers import):
//!
//! ```text
//! _acme-challenge.example.com. 300 IN TXT "ca3-574923932a82475cb8592200f1a2a23d"
//! _acme-challenge.www.example.com. 300 IN CNAME www.example.com.abc123.dcv.cloudflare.com.
//! ```
//!
//! Names are written absolute (ending in `.`), so that the lines mean the
//! same whatever `$ORIGIN` they are imported under. A TXT value is one or
//! more quoted character-strings: `"` and `\` are escaped with `\`, any byte
//! outside printable ASCII is written `\DDD` (its decimal value), and a
//! value longer than 255 bytes is split into strings of at most 255 bytes
//! (RFC 1035 §3.3: a character-string is at most 255 bytes; resolvers join
//! the strings of one record back together). HTTP and email steps are not
//! DNS records: they become comment lines (`; http …`, `; email …`), so a
//! plan's zone file still says everything it holds.

use std::fmt::Write as _;

use super::record::{DcvRecord, tsv_field};

/// The TTL of every line: five minutes, short enough that a corrected
/// record is seen soon.
pub const ZONE_FILE_TTL: u32 = 300;

/// The most bytes one character-string holds (RFC 1035 §3.3).
const MAX_STRING: usize = 255;

impl DcvRecord {
    /// The record as one zone-file line with `ttl`, or a comment line for
    /// an HTTP or email step.
    pub fn zone_file_line(&self, ttl: u32) -> String {
        match self {
            Self::Txt { name, value } => {
                format!(
                    "{} {ttl} IN TXT {}",
                    absolute(name),
                    character_strings(value)
                )
            }
            Self::Cname { name, target } => {
                format!("{} {ttl} IN CNAME {}", absolute(name), absolute(target))
            }
            Self::Http { url, body } => format!("; http {} {}", tsv_field(url), tsv_field(body)),
            Self::Email { .. } => format!("; email {}", tsv_field(&self.value())),
        }
    }
}

/// `name` as an absolute domain name (how the DNS check's states write a
/// CNAME target too): a final `.` added when missing, and
/// every byte that would end the name or change its meaning in a zone file
/// (space, `;`, `"`, `(`, `)`, `\`, `@`, `$`, control and non-ASCII
/// bytes) written `\DDD`.
pub(crate) fn absolute(name: &str) -> String {
    let mut written = String::with_capacity(name.len() + 1);
    for byte in name.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'*' | b'.' => {
                written.push(char::from(byte));
            }
            other => decimal_escape(&mut written, other),
        }
    }
    if !written.ends_with('.') {
        written.push('.');
    }
    written
}

/// `value` as quoted character-strings of at most 255 bytes each,
/// separated by a space: how a TXT value reads in a zone file, and in the
/// DNS check's `wrong` and `conflict` states.
pub(crate) fn character_strings(value: &str) -> String {
    let bytes = value.as_bytes();
    if bytes.is_empty() {
        return "\"\"".to_owned();
    }
    let strings: Vec<String> = bytes.chunks(MAX_STRING).map(quoted).collect();
    strings.join(" ")
}

/// One character-string, quoted and escaped.
fn quoted(bytes: &[u8]) -> String {
    let mut written = String::with_capacity(bytes.len() + 2);
    written.push('"');
    for &byte in bytes {
        match byte {
            b'"' | b'\\' => {
                written.push('\\');
                written.push(char::from(byte));
            }
            0x20..=0x7e => written.push(char::from(byte)),
            other => decimal_escape(&mut written, other),
        }
    }
    written.push('"');
    written
}

/// `\DDD`: a byte by its three-digit decimal value (RFC 1035 §5.1).
fn decimal_escape(written: &mut String, byte: u8) {
    // Writing to a String cannot fail.
    let _ = write!(written, "\\{byte:03}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn txt(value: &str) -> DcvRecord {
        DcvRecord::Txt {
            name: "_acme-challenge.example.com".into(),
            value: value.into(),
        }
    }

    #[test]
    fn a_txt_record_is_one_quoted_line() {
        assert_eq!(
            txt("ca3-574923932a82475cb8592200f1a2a23d").zone_file_line(300),
            "_acme-challenge.example.com. 300 IN TXT \"ca3-574923932a82475cb8592200f1a2a23d\""
        );
    }

    #[test]
    fn quotes_backslashes_and_other_bytes_are_escaped() {
        assert_eq!(
            txt("a\"b\\c d;é\n").zone_file_line(60),
            "_acme-challenge.example.com. 60 IN TXT \"a\\\"b\\\\c d;\\195\\169\\010\""
        );
        assert_eq!(
            txt("").zone_file_line(60),
            "_acme-challenge.example.com. 60 IN TXT \"\""
        );
    }

    #[test]
    fn a_long_value_is_split_into_strings_of_255_bytes() {
        let value = "x".repeat(600);
        let line = txt(&value).zone_file_line(300);
        let strings: Vec<&str> = line
            .split_once(" TXT ")
            .map(|(_, strings)| strings.split(' ').collect())
            .unwrap_or_default();
        let lengths: Vec<usize> = strings.iter().map(|s| s.len() - 2).collect();
        assert_eq!(lengths, [255, 255, 90]);
        assert!(
            strings
                .iter()
                .all(|s| s.starts_with('"') && s.ends_with('"'))
        );
    }

    #[test]
    fn cname_names_and_targets_are_absolute_and_escaped() {
        let record = DcvRecord::Cname {
            name: "_acme-challenge.sub.example.com.".into(),
            target: "sub.example.com.abc.dcv.cloudflare.com".into(),
        };
        assert_eq!(
            record.zone_file_line(300),
            "_acme-challenge.sub.example.com. 300 IN CNAME sub.example.com.abc.dcv.cloudflare.com."
        );
        let odd = DcvRecord::Cname {
            name: "a b;(c)".into(),
            target: "t@$".into(),
        };
        assert_eq!(
            odd.zone_file_line(1),
            "a\\032b\\059\\040c\\041. 1 IN CNAME t\\064\\036."
        );
    }

    #[test]
    fn http_and_email_steps_are_comments() {
        let http = DcvRecord::Http {
            url: "http://example.com/.well-known/pki-validation/x.txt".into(),
            body: "line1\nline2".into(),
        };
        assert_eq!(
            http.zone_file_line(300),
            "; http http://example.com/.well-known/pki-validation/x.txt line1\\nline2"
        );
        let email = DcvRecord::Email {
            addresses: vec!["a@example.com".into(), "b@example.com".into()],
        };
        assert_eq!(
            email.zone_file_line(300),
            "; email a@example.com,b@example.com"
        );
    }
}
