//! What a mock does before any builder is used.

use cloudflare_ssl::Error;
use cloudflare_ssl::types::{
    CertificatePack, CertificatePackEditRequest, CertificatePackResponse, SslAutomaticModeResponse,
    SslAutomaticModeValue,
};
use cloudflare_ssl_mock::documented::{self, CERTIFICATE_PACK_ID, ZONE_ID};
use cloudflare_ssl_mock::{API_KEY, API_TOKEN, EMAIL, MockCloudflare};
use serde_json::Value;

use crate::support::{MODE_PATH, PACK_PATH, assert_conforms, mode_url, pack_url, patch, send};

fn example(text: &str) -> Value {
    serde_json::from_str(text).expect("documented example")
}

#[tokio::test]
async fn both_operations_answer_the_documented_examples_verbatim() {
    let mock = cloudflare_ssl_mock::start().await;
    let answer = patch(&pack_url(&mock), "{}").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(answer.json(), example(documented::EDIT_CERTIFICATE_PACK));
    let answer = patch(&mode_url(&mock), r#"{"value":"custom"}"#).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json(), example(documented::EDIT_SSL_AUTOMATIC_MODE));
}

#[tokio::test]
async fn the_client_decodes_the_documented_examples() {
    let mock = cloudflare_ssl_mock::start().await;
    let pack = mock
        .client()
        .edit_certificate_pack(
            ZONE_ID,
            CERTIFICATE_PACK_ID,
            &CertificatePackEditRequest {
                cloudflare_branding: Some(true),
            },
        )
        .await
        .expect("documented pack");
    let documented: CertificatePackResponse =
        serde_json::from_str(documented::EDIT_CERTIFICATE_PACK).expect("decodes");
    assert_eq!(Some(pack), documented.result);
    assert_eq!(
        mock.edit_certificate_pack().pack(),
        documented.result.expect("result")
    );

    let setting = mock
        .client()
        .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Auto)
        .await
        .expect("documented setting");
    let documented: SslAutomaticModeResponse =
        serde_json::from_str(documented::EDIT_SSL_AUTOMATIC_MODE).expect("decodes");
    assert_eq!(setting, documented.result);
}

#[tokio::test]
async fn default_answers_conform_to_the_fragment() {
    let mock = cloudflare_ssl_mock::start().await;
    assert_conforms(
        PACK_PATH,
        "200",
        &patch(&pack_url(&mock), "{}").await.json(),
    );
    let setting = patch(&mode_url(&mock), r#"{"value":"auto"}"#).await.json();
    assert_conforms(MODE_PATH, "200", &setting);
}

#[tokio::test]
async fn the_default_client_carries_the_mock_token() {
    let mock = cloudflare_ssl_mock::start().await;
    assert_eq!(mock.base_url(), format!("{}/client/v4", mock.uri()));
    assert_eq!(mock.client().base_url(), mock.base_url());
    assert!(
        matches!(mock.credentials(), cloudflare_ssl::Credentials::ApiToken(t) if t == API_TOKEN)
    );
    mock.client()
        .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Auto)
        .await
        .expect("answer");
    let request = &mock.requests()[0];
    assert_eq!(
        request.header("authorization"),
        Some("Bearer cloudflare-ssl-mock-api-token")
    );
}

#[tokio::test]
async fn client_builder_keeps_url_and_credentials_and_takes_other_settings() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock
        .client_builder()
        .max_retries(0)
        .build()
        .expect("client");
    mock.edit_ssl_automatic_mode().api_error(503, &[1000]);
    let error = client
        .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Auto)
        .await
        .expect_err("503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(mock.requests().len(), 1, "max_retries(0): no retry");
}

#[tokio::test]
async fn global_api_key_credentials_are_expected_when_configured() {
    let mock = MockCloudflare::builder()
        .credentials(MockCloudflare::global_api_key_credentials())
        .start()
        .await;
    let pack: CertificatePack = mock
        .client()
        .edit_certificate_pack(
            ZONE_ID,
            CERTIFICATE_PACK_ID,
            &CertificatePackEditRequest::default(),
        )
        .await
        .expect("answer");
    assert_eq!(pack.id, CERTIFICATE_PACK_ID);
    let request = &mock.requests()[0];
    assert_eq!(request.header("x-auth-email"), Some(EMAIL));
    assert_eq!(request.header("x-auth-key"), Some(API_KEY));
    assert_eq!(request.header("authorization"), None);

    // A client with the default token is now the one that does not conform.
    let token_client =
        cloudflare_ssl::Client::builder(cloudflare_ssl::Credentials::api_token(API_TOKEN))
            .base_url(mock.base_url())
            .build()
            .expect("client");
    let error = token_client
        .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Auto)
        .await
        .expect_err("wrong scheme");
    assert!(matches!(error, Error::Api { .. }), "{error}");
    let violations = mock.take_violations();
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert!(
        violations[0].message.contains("expects a global API key"),
        "{}",
        violations[0]
    );

    let answer = send(
        reqwest::Method::PATCH,
        &mode_url(&mock),
        &[
            ("x-auth-email", EMAIL),
            ("x-auth-key", "another key"),
            ("content-type", "application/json"),
        ],
        r#"{"value":"auto"}"#,
    )
    .await;
    assert_eq!(answer.status, 403);
    assert_eq!(answer.codes(), [10000]);
    mock.take_violations();
}

#[tokio::test]
async fn other_api_tokens_can_be_expected() {
    let mock = MockCloudflare::builder()
        .credentials(cloudflare_ssl::Credentials::api_token("my-own-fake-token"))
        .start()
        .await;
    mock.client()
        .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Custom)
        .await
        .expect("answer");
    assert_eq!(
        mock.requests()[0].header("authorization"),
        Some("Bearer my-own-fake-token")
    );
}
