//! What a call should end in, decided from the HTTP response alone, without
//! asking the client code; and what a call did end in, in the same terms.

use std::ops::RangeInclusive;

use cloudflare_ssl::Error;
use serde_json::Value;

/// The outcome of one call, reduced to what the rules below decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `Ok(result)`.
    Ok,
    /// `Error::Api` with this status and these error codes, in order.
    Api {
        /// HTTP status.
        status: u16,
        /// `errors[].code`.
        codes: Vec<i64>,
    },
    /// `Error::RateLimited` with these error codes.
    RateLimited {
        /// `errors[].code` of the 429 body, empty when it had none.
        codes: Vec<i64>,
    },
    /// `Error::UnexpectedResponse` carrying this status.
    Unexpected {
        /// HTTP status.
        status: u16,
    },
    /// `Error::Transport`: no usable response.
    Transport,
    /// Any other error (invalid input, configuration, an unexpected
    /// response without status), as its `Display`.
    Other(String),
}

impl Outcome {
    /// The outcome `result` represents.
    pub fn of<T>(result: &Result<T, Error>) -> Self {
        match result {
            Ok(_) => Outcome::Ok,
            Err(Error::Api { status, errors, .. }) => Outcome::Api {
                status: status.as_u16(),
                codes: errors.iter().map(|e| e.code).collect(),
            },
            Err(Error::RateLimited { errors, .. }) => Outcome::RateLimited {
                codes: errors.iter().map(|e| e.code).collect(),
            },
            Err(Error::UnexpectedResponse {
                status: Some(status),
                ..
            }) => Outcome::Unexpected {
                status: status.as_u16(),
            },
            Err(Error::Transport { .. }) => Outcome::Transport,
            Err(other) => Outcome::Other(other.to_string()),
        }
    }
}

/// A `ResponseInfo` as the fragment describes it: an object with an
/// integer `code` and a string `message`; `documentation_url` (string) and
/// `source` (object with an optional string `pointer`) when present.
fn is_response_info(entry: &Value) -> bool {
    let optional_string =
        |value: Option<&Value>| matches!(value, None | Some(Value::Null | Value::String(_)));
    let Some(entry) = entry.as_object() else {
        return false;
    };
    entry
        .get("code")
        .is_some_and(|code| code.as_i64().is_some())
        && entry.get("message").is_some_and(Value::is_string)
        && optional_string(entry.get("documentation_url"))
        && match entry.get("source") {
            None | Some(Value::Null) => true,
            Some(Value::Object(source)) => optional_string(source.get("pointer")),
            Some(_) => false,
        }
}

/// The error codes of `body` if it is Cloudflare's failure envelope: a JSON
/// object with `"success": false`, an `errors` array of `ResponseInfo`s, and
/// `messages` absent, `null` or an array of `ResponseInfo`s.
pub fn failure_envelope_codes(body: &[u8]) -> Option<Vec<i64>> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let object = value.as_object()?;
    if object.get("success") != Some(&Value::Bool(false)) {
        return None;
    }
    let errors = object.get("errors")?.as_array()?;
    let messages_ok = match object.get("messages") {
        None | Some(Value::Null) => true,
        Some(Value::Array(messages)) => messages.iter().all(is_response_info),
        Some(_) => false,
    };
    (messages_ok && errors.iter().all(is_response_info)).then(|| {
        errors
            .iter()
            .map(|e| e["code"].as_i64().unwrap_or_default())
            .collect()
    })
}

/// The outcome a call must end in when the server answers `status` with
/// `body`, for an operation whose success statuses are `success_statuses`;
/// `valid_success_body` says whether `body` is JSON its success schema
/// accepts (decided from the body, whatever it was built as: a generated
/// failure envelope with `success: true` may be one):
///
/// 1. 429 → `RateLimited` (with the envelope's codes, if the body is one);
/// 2. a failure envelope (any status) → `Api` with exactly its codes;
/// 3. a success status with a valid success body → `Ok`;
/// 4. anything else → `UnexpectedResponse` carrying the status.
pub fn expected(
    status: u16,
    body: &[u8],
    success_statuses: RangeInclusive<u16>,
    valid_success_body: bool,
) -> Outcome {
    let codes = failure_envelope_codes(body);
    if status == 429 {
        return Outcome::RateLimited {
            codes: codes.unwrap_or_default(),
        };
    }
    if let Some(codes) = codes {
        return Outcome::Api { status, codes };
    }
    if success_statuses.contains(&status) && valid_success_body {
        return Outcome::Ok;
    }
    Outcome::Unexpected { status }
}

/// The body a client can receive with `status` when the server sends
/// `body`: none for 1xx, 204 and 304, whose responses cannot have one
/// (RFC 9110 §15.2, §15.3.5, §15.4.5; after a 101 the connection speaks
/// another protocol). hyper's server drops such a body.
pub fn body_on_the_wire(status: u16, body: &[u8]) -> &[u8] {
    if matches!(status, 100..=199 | 204 | 304) {
        &[]
    } else {
        body
    }
}
