//! `Error`'s helpers for what callers branch on.

use cloudflare_ssl::Error;
use cloudflare_ssl::types::SslAutomaticModeValue;
use serde_json::json;
use wiremock::{MockServer, ResponseTemplate};

use crate::support::*;

fn failure(code: i64) -> serde_json::Value {
    json!({ "success": false, "errors": [{ "code": code, "message": "m" }], "messages": [], "result": null })
}

/// (retryable, auth, not found, rate limited)
fn flags(error: &Error) -> (bool, bool, bool, bool) {
    (
        error.is_retryable(),
        error.is_auth(),
        error.is_not_found(),
        error.is_rate_limited(),
    )
}

#[tokio::test]
async fn each_answer_is_classified_as_callers_need() {
    let cases = [
        (
            "401",
            ResponseTemplate::new(401).set_body_json(failure(10000)),
            (false, true, false, false),
        ),
        (
            "403",
            ResponseTemplate::new(403).set_body_json(failure(9999)),
            (false, true, false, false),
        ),
        (
            "9109 as 400",
            ResponseTemplate::new(400).set_body_json(failure(9109)),
            (false, true, false, false),
        ),
        (
            "10000 as 200",
            ResponseTemplate::new(200).set_body_json(failure(10000)),
            (false, true, false, false),
        ),
        (
            "404",
            ResponseTemplate::new(404).set_body_json(failure(7003)),
            (false, false, true, false),
        ),
        (
            "1008",
            ResponseTemplate::new(400).set_body_json(failure(1008)),
            (false, false, false, false),
        ),
        (
            "971 as 400",
            ResponseTemplate::new(400).set_body_json(failure(971)),
            (true, false, false, true),
        ),
        (
            "429",
            ResponseTemplate::new(429).insert_header("retry-after", "300"),
            (true, false, false, true),
        ),
        (
            "502 page",
            ResponseTemplate::new(502).set_body_raw("<html/>", "text/html"),
            (true, false, false, false),
        ),
    ];
    for (name, template, expected) in cases {
        let error = mode_error(template).await;
        assert_eq!(flags(&error), expected, "{name}: {error:?}");
    }
}

#[tokio::test]
async fn failures_without_a_response_are_classified_too() {
    let error = client_for_closed_port(0)
        .edit_ssl_automatic_mode(ZONE, SslAutomaticModeValue::Auto)
        .await
        .expect_err("nothing listens");
    assert_eq!(flags(&error), (true, false, false, false), "{error:?}");
    let server = MockServer::start().await;
    let error = client(&server)
        .edit_ssl_automatic_mode("a/b", SslAutomaticModeValue::Auto)
        .await
        .expect_err("bad id");
    assert_eq!(flags(&error), (false, false, false, false), "{error:?}");
}
