//! The `cf-ray` of the last response on every error that had one, and the
//! response facts of a success (`*_with_response`).

use std::time::Duration;

use cloudflare_ssl::types::{CertificatePackEditRequest, SslAutomaticModeValue};
use cloudflare_ssl::{Error, RateLimitHeaders, RateLimitPolicy, RateLimitStatus};
use serde_json::json;
use wiremock::{MockServer, ResponseTemplate};

use crate::raw_server::RawServer;
use crate::support::*;

const RAY: &str = "8c1d2f3a4b5c6d7e-LHR";

/// A server answering every `PATCH` with `template` and [`RAY`].
async fn answering(template: ResponseTemplate) -> MockServer {
    server_answering(template.insert_header("cf-ray", RAY)).await
}

#[tokio::test]
async fn api_errors_unexpected_responses_and_rate_limits_carry_the_cf_ray() {
    let templates = [
        ResponseTemplate::new(400).set_body_json(failure_1008()),
        ResponseTemplate::new(502).set_body_raw("<html>Bad gateway</html>", "text/html"),
        ResponseTemplate::new(429).insert_header("retry-after", "300"),
    ];
    for template in templates {
        let server = answering(template).await;
        let error = set_auto(&client(&server)).await.expect_err("a failure");
        assert_eq!(error.cf_ray(), Some(RAY), "{error:?}");
        let shown = error.to_string();
        assert!(shown.ends_with(&format!("[cf-ray: {RAY}]")), "{shown}");
    }
}

/// A head with [`RAY`] that promises 100 bytes of body, and 10 of them.
fn cut_off_answer() -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncf-ray: {RAY}\r\ncontent-length: 100\r\n\r\n{{\"success\"")
        .into_bytes()
}

#[tokio::test]
async fn a_body_cut_off_by_the_deadline_or_the_server_still_names_its_cf_ray() {
    // The server stalls after the head: the deadline ends the read.
    let server = RawServer::stalling(cut_off_answer()).await;
    let error = set_auto(&client_at(&server.url()).with_deadline(Duration::from_millis(300)))
        .await
        .expect_err("the deadline passes while reading");
    assert!(matches!(error, Error::DeadlineExceeded { .. }), "{error:?}");
    assert_eq!(error.cf_ray(), Some(RAY), "{error:?}");

    // The server closes mid-body: the read fails.
    let server = RawServer::start(cut_off_answer()).await;
    let error = set_auto(&client_at(&server.url()))
        .await
        .expect_err("the body ends early");
    assert!(
        matches!(
            error,
            Error::Transport {
                kind: cloudflare_ssl::TransportKind::Body,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.cf_ray(), Some(RAY), "{error:?}");
}

#[tokio::test]
async fn an_error_without_a_cf_ray_says_nothing_of_one() {
    let error = mode_error(ResponseTemplate::new(400).set_body_json(failure_1008())).await;
    assert_eq!(error.cf_ray(), None);
    assert!(!error.to_string().contains("cf-ray"), "{error}");
}

#[tokio::test]
async fn a_retried_call_reports_the_cf_ray_of_its_last_response() {
    let server = answering_first(
        1,
        ResponseTemplate::new(503)
            .insert_header("cf-ray", "first-LHR")
            .insert_header("retry-after-ms", "0"),
        ResponseTemplate::new(400)
            .set_body_json(failure_1008())
            .insert_header("cf-ray", "second-LHR"),
    )
    .await;
    let error = set_auto(&client(&server).with_max_retries(1))
        .await
        .expect_err("1008 after a retry");
    assert_eq!(error.cf_ray(), Some("second-LHR"));
}

#[tokio::test]
async fn a_success_comes_with_status_cf_ray_messages_and_rate_limit_headers() {
    let mut body = pack_envelope("active");
    body["messages"] = json!([{ "code": 1000, "message": "validation restarted" }]);
    let server = answering(
        ResponseTemplate::new(200)
            .set_body_json(body)
            .insert_header("ratelimit", "\"default\";r=1199;t=300")
            .insert_header("ratelimit-policy", "\"default\";q=1200;w=300"),
    )
    .await;
    let response = client(&server)
        .edit_certificate_pack_with_response(ZONE, PACK, &CertificatePackEditRequest::default())
        .await
        .expect("success");
    assert_eq!(response.result.id, PACK);
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.cf_ray(), Some(RAY));
    assert_eq!(response.attempts, 1);
    assert_eq!(
        codes_and_messages(&response.messages),
        [(1000, "validation restarted")]
    );
    let five_minutes = Duration::from_secs(300);
    assert_eq!(
        response.rate_limit(),
        RateLimitHeaders {
            limits: vec![RateLimitStatus {
                name: "default".into(),
                remaining: 1199,
                reset: five_minutes,
            }],
            policies: vec![RateLimitPolicy {
                name: "default".into(),
                quota: 1200,
                window: five_minutes,
            }],
        }
    );
}

#[tokio::test]
async fn unparsable_rate_limit_headers_are_ignored_not_an_error() {
    let server = answering(
        ResponseTemplate::new(200)
            .set_body_json(setting_envelope("auto"))
            .insert_header("ratelimit", "not a list at all")
            .insert_header("ratelimit-policy", "\"p\";q=many;w=1"),
    )
    .await;
    let response = client(&server)
        .edit_ssl_automatic_mode_with_response(ZONE, SslAutomaticModeValue::Auto)
        .await
        .expect("unparsable headers are no error");
    assert_eq!(response.result.value, SslAutomaticModeValue::Auto);
    assert!(
        response.rate_limit().is_empty(),
        "{:?}",
        response.rate_limit()
    );
    assert_eq!(response.cf_ray(), Some(RAY));
}
