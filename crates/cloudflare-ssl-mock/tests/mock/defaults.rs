//! What a mock does before any builder is used.

use cloudflare_ssl::types::{
    CertificatePackEditRequest, CertificatePackResponse, SslAutomaticModeResponse,
    SslAutomaticModeValue,
};
use cloudflare_ssl::{Credentials, Error};
use cloudflare_ssl_mock::documented::{self, CERTIFICATE_PACK_ID};
use cloudflare_ssl_mock::{API_KEY, API_TOKEN, EMAIL, MockCloudflare, codes};
use serde_json::Value;

use crate::support::{
    JSON, MODE_PATH, PACK_PATH, RawRequest, assert_conforms, client_with, edit_mode,
    edit_mode_with, edit_pack, edit_pack_with, global_key_mock,
};

fn example(text: &str) -> Value {
    serde_json::from_str(text).expect("documented example")
}

#[tokio::test]
async fn both_operations_answer_the_documented_examples_verbatim() {
    let mock = cloudflare_ssl_mock::start().await;
    let answer = RawRequest::pack(&mock).send().await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(answer.json(), example(documented::EDIT_CERTIFICATE_PACK));
    let answer = RawRequest::mode(&mock)
        .body(r#"{"value":"custom"}"#)
        .send()
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json(), example(documented::EDIT_SSL_AUTOMATIC_MODE));
}

#[tokio::test]
async fn the_client_decodes_the_documented_examples() {
    let mock = cloudflare_ssl_mock::start().await;
    let branded = CertificatePackEditRequest::new().cloudflare_branding(true);
    let pack = edit_pack_with(mock.client(), &branded)
        .await
        .expect("documented pack");
    let documented: CertificatePackResponse =
        serde_json::from_str(documented::EDIT_CERTIFICATE_PACK).expect("decodes");
    assert_eq!(Some(pack), documented.result);
    assert_eq!(
        mock.default_zone().pack(CERTIFICATE_PACK_ID).pack(),
        documented.result.expect("result")
    );

    let setting = edit_mode(&mock).await.expect("documented setting");
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
        &RawRequest::pack(&mock).send().await.json(),
    );
    let setting = RawRequest::mode(&mock).send().await.json();
    assert_conforms(MODE_PATH, "200", &setting);
}

#[tokio::test]
async fn the_default_client_carries_the_mock_token() {
    let mock = cloudflare_ssl_mock::start().await;
    assert_eq!(mock.base_url(), format!("{}/client/v4", mock.uri()));
    assert_eq!(mock.client().base_url(), mock.base_url());
    assert!(matches!(mock.credentials(), Credentials::ApiToken(t) if t == API_TOKEN));
    edit_mode(&mock).await.expect("answer");
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
    let error = edit_mode_with(&client, SslAutomaticModeValue::Auto)
        .await
        .expect_err("503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(mock.requests().len(), 1, "max_retries(0): no retry");
}

#[tokio::test]
async fn global_api_key_credentials_are_expected_when_configured() {
    let mock = global_key_mock().await;
    let pack = edit_pack(&mock).await.expect("answer");
    assert_eq!(pack.id, CERTIFICATE_PACK_ID);
    let request = &mock.requests()[0];
    assert_eq!(request.header("x-auth-email"), Some(EMAIL));
    assert_eq!(request.header("x-auth-key"), Some(API_KEY));
    assert_eq!(request.header("authorization"), None);

    // A client with the default token is now the one that does not conform.
    let token_client = client_with(&mock, Credentials::api_token(API_TOKEN));
    let error = edit_mode_with(&token_client, SslAutomaticModeValue::Auto)
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

    RawRequest::mode(&mock)
        .headers(&[("x-auth-email", EMAIL), ("x-auth-key", "another key"), JSON])
        .refused(403, codes::AUTHENTICATION_ERROR, "differ from the ones")
        .await;
}

#[tokio::test]
async fn other_api_tokens_can_be_expected() {
    let mock = MockCloudflare::builder()
        .credentials(Credentials::api_token("my-own-fake-token"))
        .start()
        .await;
    edit_mode(&mock).await.expect("answer");
    assert_eq!(
        mock.requests()[0].header("authorization"),
        Some("Bearer my-own-fake-token")
    );
}
