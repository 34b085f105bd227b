//! Every builder of the mock, exercised the way a downstream test would.

use std::time::Duration;

use cloudflare_ssl::types::{CertificatePackStatus, CertificatePackType, SslAutomaticModeValue};
use cloudflare_ssl::{Error, TransportKind};
use cloudflare_ssl_mock::MockCloudflare;
use cloudflare_ssl_mock::documented::{CERTIFICATE_PACK_ID as PACK, ZONE_ID as ZONE};
use downstream::{Restart, enable_automatic_ssl, ensure_automatic_ssl, restart_validation};

#[tokio::test]
async fn documented_answers_by_default() {
    let mock = cloudflare_ssl_mock::start().await;
    assert!(enable_automatic_ssl(mock.client(), ZONE).await.unwrap());
    let status = CertificatePackStatus::Initializing;
    assert_eq!(
        restart_validation(mock.client(), ZONE, PACK).await,
        Restart::Status(status)
    );
}

#[tokio::test]
async fn pack_status_and_type_documented_or_not() {
    let mock = cloudflare_ssl_mock::start().await;
    let pack = mock.default_zone().pack(PACK);
    pack.status("expired").type_(CertificatePackType::Advanced);
    let expired = Restart::Status(CertificatePackStatus::Expired);
    assert_eq!(restart_validation(mock.client(), ZONE, PACK).await, expired);
    pack.status("revoked");
    let unknown = Restart::Status(CertificatePackStatus::from("revoked"));
    assert_eq!(restart_validation(mock.client(), ZONE, PACK).await, unknown);
}

#[tokio::test]
async fn setting_value_auto_or_custom() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.default_zone().value(SslAutomaticModeValue::Custom);
    assert!(!enable_automatic_ssl(mock.client(), ZONE).await.unwrap());
    mock.default_zone().value("auto");
    assert!(enable_automatic_ssl(mock.client(), ZONE).await.unwrap());
}

#[tokio::test]
async fn api_error_with_codes_and_status() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_ssl_automatic_mode().api_error(403, &[10000]);
    let error = enable_automatic_ssl(mock.client(), ZONE).await.unwrap_err();
    assert!(matches!(&error, Error::Api { status, .. } if status.as_u16() == 403));
    assert_eq!(error.codes(), [10000]);
}

#[tokio::test]
async fn http_200_with_success_false() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_ssl_automatic_mode().success_false(&[1008]);
    let error = enable_automatic_ssl(mock.client(), ZONE).await.unwrap_err();
    assert!(matches!(&error, Error::Api { status, .. } if status.as_u16() == 200));
    mock.edit_ssl_automatic_mode().documented_failure();
    assert_eq!(
        enable_automatic_ssl(mock.client(), ZONE)
            .await
            .unwrap_err()
            .codes(),
        [1008]
    );
}

#[tokio::test]
async fn rate_limited_then_the_normal_answer() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_ssl_automatic_mode()
        .rate_limited(2, Duration::ZERO);
    assert!(enable_automatic_ssl(mock.client(), ZONE).await.unwrap());
    assert_eq!(
        mock.edit_ssl_automatic_mode().requests().len(),
        3,
        "two 429s, then 200"
    );

    mock.edit_ssl_automatic_mode()
        .rate_limited(9, Duration::from_millis(20));
    let error = enable_automatic_ssl(mock.client(), ZONE).await.unwrap_err();
    assert!(
        matches!(error, Error::RateLimited { attempts: 3, .. }),
        "{error}"
    );
}

#[tokio::test]
async fn delay_past_the_client_timeout() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_certificate_pack()
        .delay(Duration::from_millis(500));
    let client = mock
        .client_builder()
        .timeout(Duration::from_millis(50))
        .max_retries(0)
        .build()
        .unwrap();
    let Restart::Failed(message) = restart_validation(&client, ZONE, PACK).await else {
        panic!("expected a timeout");
    };
    assert!(message.contains("timed out"), "{message}");
    let error = client
        .edit_certificate_pack(ZONE, PACK, &Default::default())
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        Error::Transport {
            kind: TransportKind::Timeout,
            ..
        }
    ));
}

#[tokio::test]
async fn raw_body_status_and_content_type() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_ssl_automatic_mode()
        .raw(502, "text/html", "<html>Bad gateway</html>");
    let client = mock.client_builder().max_retries(0).build().unwrap();
    let error = enable_automatic_ssl(&client, ZONE).await.unwrap_err();
    assert!(matches!(error, Error::UnexpectedResponse { .. }), "{error}");
}

#[tokio::test]
async fn stateful_mode_models_the_documented_behaviour() {
    let mock = MockCloudflare::builder().stateful(true).start().await;
    mock.default_zone().value("custom");
    assert!(enable_automatic_ssl(mock.client(), ZONE).await.unwrap());
    assert_eq!(
        mock.default_zone().setting().value,
        SslAutomaticModeValue::Auto
    );

    mock.default_zone()
        .pack(PACK)
        .status(CertificatePackStatus::ValidationTimedOut);
    assert_eq!(
        restart_validation(mock.client(), ZONE, PACK).await,
        Restart::Restarted
    );
}

#[tokio::test]
async fn read_then_patch_only_what_differs_per_zone() {
    const OTHER: &str = "0f0e0d0c0b0a09080706050403020100";
    let mock = MockCloudflare::builder().stateful(true).start().await;
    mock.zone(ZONE).value("custom");
    mock.zone(OTHER).value(SslAutomaticModeValue::Auto);
    assert!(ensure_automatic_ssl(mock.client(), ZONE).await.unwrap());
    assert!(!ensure_automatic_ssl(mock.client(), OTHER).await.unwrap());
    // The GET sees the PATCH: a second run changes nothing.
    assert!(!ensure_automatic_ssl(mock.client(), ZONE).await.unwrap());
    assert_eq!(mock.get_ssl_automatic_mode().requests().len(), 3);
    let patched = mock.edit_ssl_automatic_mode().requests();
    assert_eq!(patched.len(), 1);
    assert_eq!(patched[0].path_param("zone_id"), Some(ZONE));
}

#[tokio::test]
async fn recorded_requests_and_other_credentials() {
    let credentials = MockCloudflare::global_api_key_credentials();
    let mock = MockCloudflare::builder()
        .credentials(credentials)
        .start()
        .await;
    enable_automatic_ssl(mock.client(), ZONE).await.unwrap();
    let request = &mock.requests()[0];
    assert_eq!(
        (request.method.as_str(), request.path_param("zone_id")),
        ("PATCH", Some(ZONE))
    );
    assert_eq!(
        request.header("x-auth-email"),
        Some(cloudflare_ssl_mock::EMAIL)
    );
    assert_eq!(request.json, Some(serde_json::json!({ "value": "auto" })));
}

#[tokio::test]
#[should_panic(expected = "a token other than the one this mock expects")]
async fn a_bad_request_fails_the_test_even_when_the_code_swallows_the_error() {
    let mock = cloudflare_ssl_mock::start().await;
    let stranger = cloudflare_ssl::Client::builder(cloudflare_ssl::Credentials::api_token("real?"))
        .base_url(mock.base_url())
        .build()
        .unwrap();
    // restart_validation turns the 403 into Restart::Failed: no error reaches the test…
    let outcome = restart_validation(&stranger, ZONE, PACK).await;
    assert!(matches!(outcome, Restart::Failed(_)));
    // …but the mock recorded the violation, and dropping it panics.
}
