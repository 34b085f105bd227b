//! `Error`'s helpers for what callers branch on.

use cloudflare_ssl::Error;
use cloudflare_ssl::types::SslAutomaticModeValue;
use serde_json::json;
use wiremock::{MockServer, ResponseTemplate};

use crate::support::*;

fn failure(code: i64) -> serde_json::Value {
    json!({ "success": false, "errors": [{ "code": code, "message": "m" }], "messages": [], "result": null })
}

/// Which of `is_retryable`, `is_auth`, `is_not_found` and
/// `is_rate_limited` hold.
#[derive(Debug, PartialEq)]
struct Flags {
    retryable: bool,
    auth: bool,
    not_found: bool,
    rate_limited: bool,
}

const NONE: Flags = Flags {
    retryable: false,
    auth: false,
    not_found: false,
    rate_limited: false,
};
const AUTH: Flags = Flags { auth: true, ..NONE };
const NOT_FOUND: Flags = Flags {
    not_found: true,
    ..NONE
};
const RETRYABLE: Flags = Flags {
    retryable: true,
    ..NONE
};
const RATE_LIMITED: Flags = Flags {
    rate_limited: true,
    ..RETRYABLE
};

fn flags(error: &Error) -> Flags {
    Flags {
        retryable: error.is_retryable(),
        auth: error.is_auth(),
        not_found: error.is_not_found(),
        rate_limited: error.is_rate_limited(),
    }
}

#[tokio::test]
async fn each_failure_envelope_is_classified_by_status_and_code() {
    // (HTTP status, error code, flags): 9109 and 10000 are auth failures
    // whatever the status; 971 is Cloudflare's "Please wait and consider
    // throttling your request speed" (terraform-provider-cloudflare #5505).
    let cases = [
        (401, 10000, AUTH),
        (403, 9999, AUTH),
        (400, 9109, AUTH),
        (200, 10000, AUTH),
        (404, 7003, NOT_FOUND),
        (400, 1008, NONE),
        (400, 971, RATE_LIMITED),
    ];
    for (status, code, expected) in cases {
        let error = mode_error(ResponseTemplate::new(status).set_body_json(failure(code))).await;
        assert_eq!(flags(&error), expected, "{code} as {status}: {error:?}");
    }
}

#[tokio::test]
async fn a_429_and_a_proxy_page_are_classified_without_an_envelope() {
    let error = mode_error(ResponseTemplate::new(429).insert_header("retry-after", "300")).await;
    assert_eq!(flags(&error), RATE_LIMITED, "{error:?}");
    let error = mode_error(ResponseTemplate::new(502).set_body_raw("<html/>", "text/html")).await;
    assert_eq!(flags(&error), RETRYABLE, "{error:?}");
}

#[tokio::test]
async fn failures_without_a_response_are_classified_too() {
    let error = set_auto(&client_for_closed_port(0))
        .await
        .expect_err("nothing listens");
    assert_eq!(flags(&error), RETRYABLE, "{error:?}");
    let server = MockServer::start().await;
    let error = client(&server)
        .edit_ssl_automatic_mode("a/b", SslAutomaticModeValue::Auto)
        .await
        .expect_err("bad id");
    assert_eq!(flags(&error), NONE, "{error:?}");
}
