//! Comparing JSON documents by value, the way a round trip through the
//! generated types must preserve them.
//!
//! Two documents are *equivalent* when they are equal except for three
//! differences that re-serialization introduces and that mean nothing:
//!
//! - **Date-times**: two strings that both parse as RFC 3339 date-times are
//!   equal when they denote the same instant (chrono writes
//!   `2014-01-01T05:20:00.12345Z` back as `2014-01-01T05:20:00.123450Z`, and
//!   any offset as `Z`).
//! - **`null` members**: an object member whose value is `null` equals an
//!   absent member (`Option` fields that were `null` are omitted when
//!   written back). `null` inside an array is still compared.
//! - **Numbers**: numbers are compared by numeric value (`0` equals `0.0`:
//!   a `number` read into `f64` is written back as a float).
//!
//! Everything else (member names, string contents, array lengths and
//! order, types) must match exactly. [`first_difference`] reports the first
//! place where they do not, as a JSON path such as `$.result.hosts[2]`.

use std::fmt;

use chrono::DateTime;
use serde_json::Value;

/// Where two documents first differ, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// JSON path of the differing value, e.g. `$.result.hosts[2]`.
    pub path: String,
    /// The expected side, as compact JSON (or `(absent)`).
    pub expected: String,
    /// The actual side, as compact JSON (or `(absent)`).
    pub actual: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "at {}: expected {}, got {}",
            self.path, self.expected, self.actual
        )
    }
}

/// The first place where `actual` is not equivalent to `expected` (see the
/// module docs), or `None` when they are equivalent. Object members are
/// visited in sorted order, so the result does not depend on key order.
pub fn first_difference(expected: &Value, actual: &Value) -> Option<Difference> {
    compare(expected, actual, "$")
}

/// Panics with `context` and the first difference unless the two documents
/// are equivalent.
#[track_caller]
pub fn assert_equivalent(context: &str, expected: &Value, actual: &Value) {
    if let Some(difference) = first_difference(expected, actual) {
        panic!("{context}: JSON differs {difference}");
    }
}

/// Whether `value` is an RFC 3339 date-time, and which instant.
fn instant(value: &str) -> Option<DateTime<chrono::FixedOffset>> {
    DateTime::parse_from_rfc3339(value).ok()
}

fn show(value: Option<&Value>) -> String {
    match value {
        Some(value) => value.to_string(),
        None => "(absent)".to_owned(),
    }
}

fn numbers_equal(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    if let (Some(a), Some(b)) = (a.as_i64(), b.as_i64()) {
        return a == b;
    }
    if let (Some(a), Some(b)) = (a.as_u64(), b.as_u64()) {
        return a == b;
    }
    match (a.as_f64(), b.as_f64()) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

fn member_path(path: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && !key.starts_with(|c: char| c.is_ascii_digit())
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        format!("{path}.{key}")
    } else {
        format!("{path}[{}]", Value::String(key.to_owned()))
    }
}

fn compare(expected: &Value, actual: &Value, path: &str) -> Option<Difference> {
    let differ = |path: &str| {
        Some(Difference {
            path: path.to_owned(),
            expected: show(Some(expected)),
            actual: show(Some(actual)),
        })
    };
    match (expected, actual) {
        (Value::Null, Value::Null) => None,
        (Value::Bool(a), Value::Bool(b)) if a == b => None,
        (Value::Number(a), Value::Number(b)) if numbers_equal(a, b) => None,
        (Value::String(a), Value::String(b)) => {
            if a == b {
                return None;
            }
            match (instant(a), instant(b)) {
                (Some(a), Some(b)) if a == b => None,
                _ => differ(path),
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                let inner = format!("{path}[{index}]");
                if let Some(difference) = compare(x, y, &inner) {
                    return Some(difference);
                }
            }
            if a.len() != b.len() {
                let index = a.len().min(b.len());
                return Some(Difference {
                    path: format!("{path}[{index}]"),
                    expected: show(a.get(index)),
                    actual: show(b.get(index)),
                });
            }
            None
        }
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let (x, y) = (a.get(key), b.get(key));
                let inner = member_path(path, key);
                match (x, y) {
                    (Some(x), Some(y)) => {
                        if let Some(difference) = compare(x, y, &inner) {
                            return Some(difference);
                        }
                    }
                    // `null` and absent are the same member.
                    (Some(Value::Null), None) | (None, Some(Value::Null)) | (None, None) => {}
                    (x, y) => {
                        return Some(Difference {
                            path: inner,
                            expected: show(x),
                            actual: show(y),
                        });
                    }
                }
            }
            None
        }
        _ => differ(path),
    }
}
