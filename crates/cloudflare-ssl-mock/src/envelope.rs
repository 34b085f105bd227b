//! Cloudflare's response envelopes as wiremock answers: the JSON answer,
//! the failure envelope, the rate-limited answer, and one `errors[]` entry.
//! A leaf: everything that answers builds on it, and it names nothing but
//! the codes.

use std::time::Duration;

use serde_json::{Value, json};
use wiremock::ResponseTemplate;

use crate::codes;

/// `body` as JSON, with `status`.
pub(crate) fn json_response(status: u16, body: &Value) -> ResponseTemplate {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    ResponseTemplate::new(status).set_body_raw(bytes, "application/json")
}

/// Cloudflare's failure envelope: `success: false`, these `errors[]`, no
/// messages, and `result`.
pub(crate) fn failure_response(status: u16, errors: Vec<Value>, result: Value) -> ResponseTemplate {
    json_response(
        status,
        &json!({ "success": false, "errors": errors, "messages": [], "result": result }),
    )
}

/// 429 with `Retry-After` in whole seconds, rounded up as Cloudflare does,
/// and `retry-after-ms` when the delay is not a whole number of seconds.
pub(crate) fn rate_limited(retry_after: Duration) -> ResponseTemplate {
    let seconds = retry_after
        .as_secs()
        .saturating_add(u64::from(retry_after.subsec_nanos() > 0));
    let mut template = failure_response(429, vec![error_entry(codes::RATE_LIMITED)], Value::Null)
        .insert_header("retry-after", seconds.to_string());
    if retry_after.subsec_nanos() > 0 {
        template = template.insert_header("retry-after-ms", retry_after.as_millis().to_string());
    }
    template
}

/// An `errors[]` entry for `code`, with Cloudflare's message where the
/// mock knows it.
pub(crate) fn error_entry(code: i64) -> Value {
    let message = match code {
        codes::INVALID_SSL_AUTOMATIC_MODE_VALUE => {
            "Invalid SSL/TLS encryption configuration value, only auto or custom accepted"
        }
        codes::AUTHENTICATION_ERROR => "Authentication error",
        codes::RATE_LIMITED => "You are being rate limited",
        codes::INVALID_HEADERS => "Invalid request headers",
        codes::NOT_FOUND => "Certificate pack not found",
        _ => {
            return json!({ "code": code, "message": format!("error {code} (set by cloudflare-ssl-mock)") });
        }
    };
    json!({ "code": code, "message": message })
}

/// `status`, which a test chose for an answer.
///
/// # Panics
/// If it is not between 200 and 599.
pub(crate) fn checked_status(status: u16) -> u16 {
    assert!(
        (200..=599).contains(&status),
        "cloudflare-ssl-mock: HTTP status {status} is not between 200 and 599"
    );
    status
}
