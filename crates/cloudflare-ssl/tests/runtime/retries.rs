//! The retry policy: which statuses and transport errors are retried, how
//! `Retry-After`/`retry-after-ms` are honoured, and how attempts are counted.

use std::time::Duration;

use cloudflare_ssl::Error;
use cloudflare_ssl::types::SslAutomaticModeValue;
use serde_json::json;
use wiremock::{MockServer, ResponseTemplate};

use crate::support::*;

fn rate_limited(retry_after: &str) -> ResponseTemplate {
    ResponseTemplate::new(429).insert_header("retry-after", retry_after).set_body_json(json!({
        "success": false, "errors": [{ "code": 10429, "message": "Too many requests" }], "messages": [], "result": null
    }))
}

/// A server answering with `first` for the first `times` requests, then
/// with the documented success.
async fn failing_then_ok(first: ResponseTemplate, times: u64) -> MockServer {
    let ok = ResponseTemplate::new(200).set_body_json(setting_envelope("auto"));
    answering_first(times, first, ok).await
}

#[tokio::test]
async fn rate_limit_with_retry_after_is_retried_until_success() {
    let server = failing_then_ok(rate_limited("0"), 2).await;
    let setting = set_auto(&client(&server).with_max_retries(2))
        .await
        .expect("third attempt succeeds");
    assert_eq!(setting.value, SslAutomaticModeValue::Auto);
    assert_eq!(requests_received(&server).await, 3);
}

#[tokio::test]
async fn retries_run_out_with_the_last_retry_after() {
    let server = server_answering(rate_limited("0")).await;
    let error = set_auto(&client(&server).with_max_retries(2))
        .await
        .expect_err("always 429");
    let Error::RateLimited {
        retry_after,
        attempts,
        errors,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*retry_after, Some(Duration::ZERO));
    assert_eq!(*attempts, 3);
    assert_eq!(errors[0].code, 10429);
    assert_eq!(requests_received(&server).await, 3);
}

#[tokio::test]
async fn a_retry_after_beyond_sixty_seconds_is_reported_but_not_waited_for() {
    let error = mode_error(rate_limited("3600")).await;
    assert!(
        matches!(&error, Error::RateLimited { retry_after: Some(d), attempts: 1, .. } if *d == Duration::from_secs(3600)),
        "{error:?}"
    );
    assert_eq!(error.codes(), [10429]);
    assert_eq!(
        error.to_string(),
        "Cloudflare API rate limit (HTTP 429) after 1 attempt(s); retry after 3600.000 s"
    );
}

#[tokio::test]
async fn retryable_statuses_are_retried_with_retry_after_ms() {
    for status in [408, 409, 500, 502, 503, 504] {
        let server = failing_then_ok(
            ResponseTemplate::new(status).insert_header("retry-after-ms", "1"),
            1,
        )
        .await;
        set_auto(&client(&server).with_max_retries(1))
            .await
            .unwrap_or_else(|e| panic!("{status} then 200: {e}"));
        assert_eq!(requests_received(&server).await, 2, "{status}");
    }
}

#[tokio::test]
async fn other_client_errors_are_never_retried() {
    for status in [400, 401, 403, 404, 405, 422] {
        let server = failing_then_ok(
            ResponseTemplate::new(status).set_body_json(failure_1008()),
            1,
        )
        .await;
        let error = set_auto(&client(&server).with_max_retries(2))
            .await
            .expect_err("not retried, so the failure stands");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(requests_received(&server).await, 1, "{status}");
    }
}

#[tokio::test]
async fn zero_retries_sends_once() {
    let server = failing_then_ok(
        ResponseTemplate::new(503).insert_header("retry-after-ms", "1"),
        1,
    )
    .await;
    let error = set_auto(&client(&server).with_max_retries(0))
        .await
        .expect_err("503 not retried");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(requests_received(&server).await, 1);
}

#[tokio::test]
async fn connection_errors_are_retried_and_counted() {
    let client = client_for_closed_port(1);
    let error = set_auto(&client).await.expect_err("refused");
    assert!(
        matches!(error, Error::Transport { attempts: 2, .. }),
        "{error:?}"
    );
}
