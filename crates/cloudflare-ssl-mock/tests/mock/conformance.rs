//! Requests that break the fragment: the answer, the recorded violation,
//! and the panic that fails a test which did not expect them.

use cloudflare_ssl_mock::documented::{CERTIFICATE_PACK_ID, ZONE_ID};
use cloudflare_ssl_mock::{MockCloudflare, codes};
use reqwest::Method;

use crate::support::{
    Answer, MODE_PATH, assert_conforms, good_headers, mode_url, pack_url, patch, send,
};

/// Checks the answer's status, codes and message, that the answer itself
/// conforms to the failure schema, and takes exactly one violation whose
/// message contains `needle`.
fn expect_violation(mock: &MockCloudflare, answer: &Answer, status: u16, code: i64, needle: &str) {
    assert_eq!(answer.status, status, "{}", answer.messages());
    assert_eq!(answer.codes(), [code], "{}", answer.messages());
    assert!(
        answer.messages().starts_with("cloudflare-ssl-mock: "),
        "{}",
        answer.messages()
    );
    assert!(answer.messages().contains(needle), "{}", answer.messages());
    assert_conforms(MODE_PATH, "4XX", &answer.json());
    let violations = mock.take_violations();
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert!(violations[0].message.contains(needle), "{}", violations[0]);
}

#[tokio::test]
async fn the_typed_client_conforms() {
    let mock = cloudflare_ssl_mock::start().await;
    patch(&pack_url(&mock), r#"{"cloudflare_branding":true}"#).await;
    mock.client()
        .edit_ssl_automatic_mode(
            ZONE_ID,
            cloudflare_ssl::types::SslAutomaticModeValue::Custom,
        )
        .await
        .expect("setting");
    assert!(mock.violations().is_empty());
    mock.verify();
}

#[tokio::test]
async fn paths_outside_the_base_path_or_the_fragment() {
    let mock = cloudflare_ssl_mock::start().await;
    let url = format!("{}/zones/{ZONE_ID}/settings/ssl_automatic_mode", mock.uri());
    let answer = send(Method::PATCH, &url, &good_headers(), r#"{"value":"auto"}"#).await;
    expect_violation(
        &mock,
        &answer,
        404,
        codes::NO_ROUTE,
        "serves the API under \"/client/v4\"",
    );

    let url = format!("{}/zones/{ZONE_ID}/settings/ssl", mock.base_url());
    let answer = send(Method::PATCH, &url, &good_headers(), r#"{"value":"auto"}"#).await;
    expect_violation(
        &mock,
        &answer,
        404,
        codes::NO_ROUTE,
        "no operation of the OpenAPI fragment",
    );

    let url = format!("{}/", mode_url(&mock));
    let answer = send(Method::PATCH, &url, &good_headers(), r#"{"value":"auto"}"#).await;
    expect_violation(&mock, &answer, 404, codes::NO_ROUTE, "no operation");
}

#[tokio::test]
async fn undocumented_methods() {
    let mock = cloudflare_ssl_mock::start().await;
    let answer = send(Method::GET, &mode_url(&mock), &good_headers(), "").await;
    expect_violation(
        &mock,
        &answer,
        405,
        codes::NO_ROUTE,
        "method GET is not documented",
    );
    let answer = send(Method::PUT, &pack_url(&mock), &good_headers(), "{}").await;
    expect_violation(
        &mock,
        &answer,
        405,
        codes::NO_ROUTE,
        "the fragment documents PATCH",
    );
}

#[tokio::test]
async fn identifiers_longer_than_documented_are_accepted_empty_ones_are_not() {
    let mock = cloudflare_ssl_mock::start().await;
    // Cloudflare's own pack ids are 36-character UUIDs (openapi/README.md,
    // "Identifiers longer than `maxLength`").
    let uuid = "3822ff90-ea29-44df-9e55-21300bb9419b";
    let url = format!(
        "{}/zones/{ZONE_ID}/ssl/certificate_packs/{uuid}",
        mock.base_url()
    );
    let answer = send(Method::PATCH, &url, &good_headers(), "{}").await;
    assert_eq!(answer.status, 200, "{}", answer.messages());
    assert_eq!(
        mock.requests()
            .last()
            .and_then(|r| r.path_param("certificate_pack_id").map(str::to_owned)),
        Some(uuid.to_owned())
    );

    let url = format!("{}/zones//settings/ssl_automatic_mode", mock.base_url());
    let answer = send(Method::PATCH, &url, &good_headers(), r#"{"value":"auto"}"#).await;
    expect_violation(
        &mock,
        &answer,
        400,
        codes::INVALID_IDENTIFIER,
        "`zone_id` is empty",
    );

    // 32 characters, percent-encoded on the wire: fine.
    let url = format!(
        "{}/zones/{}/settings/ssl_automatic_mode",
        mock.base_url(),
        "%C3%A9".repeat(32)
    );
    assert_eq!(
        send(Method::PATCH, &url, &good_headers(), r#"{"value":"auto"}"#)
            .await
            .status,
        200
    );
    assert_eq!(
        mock.requests()
            .last()
            .and_then(|r| r.path_param("zone_id").map(str::to_owned)),
        Some("é".repeat(32))
    );
}

#[tokio::test]
async fn malformed_percent_escapes_in_ids_are_refused() {
    // `%+F` is the case two hand-written decoders once disagreed on:
    // `u8::from_str_radix("+F", 16)` reads it as 15.
    for raw in ["%+F", "%2", "%GG", "%%"] {
        let mock = cloudflare_ssl_mock::start().await;
        let url = format!(
            "{}/zones/{raw}/settings/ssl_automatic_mode",
            mock.base_url()
        );
        let answer = send(Method::PATCH, &url, &good_headers(), r#"{"value":"auto"}"#).await;
        expect_violation(
            &mock,
            &answer,
            400,
            codes::INVALID_IDENTIFIER,
            "is not valid percent-encoded UTF-8",
        );
    }
}

#[tokio::test]
async fn undocumented_query_parameters() {
    let mock = cloudflare_ssl_mock::start().await;
    let url = format!("{}?per_page=50", mode_url(&mock));
    let answer = send(Method::PATCH, &url, &good_headers(), r#"{"value":"auto"}"#).await;
    expect_violation(
        &mock,
        &answer,
        400,
        codes::NO_ROUTE,
        "query parameter(s) per_page",
    );
}

#[tokio::test]
async fn credentials_missing_malformed_wrong_or_doubled() {
    let mock = cloudflare_ssl_mock::start().await;
    let url = mode_url(&mock);
    let body = r#"{"value":"auto"}"#;
    let json = ("content-type", "application/json");

    let answer = send(Method::PATCH, &url, &[json], body).await;
    expect_violation(
        &mock,
        &answer,
        400,
        codes::INVALID_HEADERS,
        "no credentials",
    );

    let answer = send(
        Method::PATCH,
        &url,
        &[json, ("authorization", "Token abc")],
        body,
    )
    .await;
    expect_violation(
        &mock,
        &answer,
        400,
        codes::INVALID_HEADERS,
        "not of the form `Bearer <token>`",
    );

    let answer = send(
        Method::PATCH,
        &url,
        &[json, ("authorization", "Bearer real-looking-token")],
        body,
    )
    .await;
    expect_violation(
        &mock,
        &answer,
        403,
        codes::AUTHENTICATION_ERROR,
        "a token other than",
    );
    assert!(
        !answer.messages().contains("real-looking-token"),
        "never echoes credentials"
    );

    let key = [json, ("x-auth-email", "a@example.com"), ("x-auth-key", "k")];
    let answer = send(Method::PATCH, &url, &key, body).await;
    expect_violation(
        &mock,
        &answer,
        400,
        codes::INVALID_HEADERS,
        "expects an API token",
    );

    let both = [
        json,
        ("authorization", "Bearer cloudflare-ssl-mock-api-token"),
        ("x-auth-key", "k"),
    ];
    let answer = send(Method::PATCH, &url, &both, body).await;
    expect_violation(&mock, &answer, 400, codes::INVALID_HEADERS, "carries both");
}

#[tokio::test]
async fn global_api_key_needs_both_headers() {
    let mock = MockCloudflare::builder()
        .credentials(MockCloudflare::global_api_key_credentials())
        .start()
        .await;
    let headers = [
        ("content-type", "application/json"),
        ("x-auth-email", cloudflare_ssl_mock::EMAIL),
    ];
    let answer = send(Method::PATCH, &pack_url(&mock), &headers, "{}").await;
    expect_violation(
        &mock,
        &answer,
        400,
        codes::INVALID_HEADERS,
        "missing `X-Auth-Key`",
    );
}

#[tokio::test]
async fn content_type_must_be_json() {
    let mock = cloudflare_ssl_mock::start().await;
    let auth = ("authorization", "Bearer cloudflare-ssl-mock-api-token");
    let answer = send(
        Method::PATCH,
        &mode_url(&mock),
        &[auth],
        r#"{"value":"auto"}"#,
    )
    .await;
    expect_violation(
        &mock,
        &answer,
        400,
        codes::INVALID_HEADERS,
        "no `Content-Type` header",
    );
    let form = [auth, ("content-type", "application/x-www-form-urlencoded")];
    let answer = send(
        Method::PATCH,
        &mode_url(&mock),
        &form,
        r#"{"value":"auto"}"#,
    )
    .await;
    expect_violation(
        &mock,
        &answer,
        400,
        codes::INVALID_HEADERS,
        "takes `application/json`",
    );
    let charset = [auth, ("content-type", "Application/JSON; charset=utf-8")];
    let answer = send(
        Method::PATCH,
        &mode_url(&mock),
        &charset,
        r#"{"value":"auto"}"#,
    )
    .await;
    assert_eq!(answer.status, 200, "parameters and case do not matter");
}

#[tokio::test]
async fn bodies_missing_malformed_or_off_schema() {
    let mock = cloudflare_ssl_mock::start().await;
    let answer = patch(&mode_url(&mock), "").await;
    expect_violation(
        &mock,
        &answer,
        400,
        codes::MALFORMED_JSON,
        "requires a JSON body",
    );
    let answer = patch(&mode_url(&mock), r#"{"value": auto}"#).await;
    expect_violation(&mock, &answer, 400, codes::MALFORMED_JSON, "malformed JSON");
    let answer = patch(&mode_url(&mock), r#"{"value":"on"}"#).await;
    expect_violation(
        &mock,
        &answer,
        400,
        codes::INVALID_SSL_AUTOMATIC_MODE_VALUE,
        "at \"/value\"",
    );
    let answer = patch(&mode_url(&mock), "{}").await;
    expect_violation(
        &mock,
        &answer,
        400,
        codes::INVALID_SSL_AUTOMATIC_MODE_VALUE,
        "\"value\" is a required property",
    );
    let answer = patch(&pack_url(&mock), r#"{"cloudflare_branding":"yes"}"#).await;
    expect_violation(
        &mock,
        &answer,
        400,
        codes::INVALID_BODY,
        "at \"/cloudflare_branding\"",
    );
}

#[tokio::test]
async fn every_problem_of_a_request_is_reported() {
    let mock = cloudflare_ssl_mock::start().await;
    let answer = send(
        Method::PATCH,
        &mode_url(&mock),
        &[("content-type", "text/plain")],
        r#"{"value":"on"}"#,
    )
    .await;
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.codes(),
        [
            codes::INVALID_HEADERS,
            codes::INVALID_HEADERS,
            codes::INVALID_SSL_AUTOMATIC_MODE_VALUE
        ]
    );
    let violations = mock.take_violations();
    assert_eq!(violations.len(), 3);
    assert!(
        violations
            .iter()
            .all(|v| v.request.starts_with("PATCH /client/v4/zones/"))
    );
    assert_eq!(mock.requests()[0].violations.len(), 3);
}

#[tokio::test]
async fn the_client_sees_a_violation_as_an_api_error() {
    let mock = cloudflare_ssl_mock::start().await;
    let stranger = cloudflare_ssl::Client::builder(cloudflare_ssl::Credentials::api_token(
        "from-the-environment",
    ))
    .base_url(mock.base_url())
    .build()
    .expect("client");
    let error = stranger
        .edit_certificate_pack(ZONE_ID, CERTIFICATE_PACK_ID, &Default::default())
        .await
        .expect_err("403");
    assert_eq!(error.codes(), [codes::AUTHENTICATION_ERROR]);
    assert_eq!(mock.take_violations().len(), 1);
}

#[tokio::test]
#[should_panic(expected = "1 problem(s) with requests the code under test sent")]
async fn dropping_a_mock_with_violations_fails_the_test() {
    let mock = cloudflare_ssl_mock::start().await;
    // Code under test that swallows the error…
    let _ = patch(&mode_url(&mock), r#"{"value":"on"}"#).await;
    // …still fails the test when the mock goes.
    drop(mock);
}

#[tokio::test]
#[should_panic(
    expected = "PATCH /client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/settings/ssl_automatic_mode: request body does not match"
)]
async fn verify_lists_the_violations() {
    let mock = cloudflare_ssl_mock::start().await;
    let _ = patch(&mode_url(&mock), r#"{"value":"on"}"#).await;
    mock.verify();
}

#[tokio::test]
async fn verify_passes_once_violations_are_taken() {
    let mock = cloudflare_ssl_mock::start().await;
    let _ = patch(&mode_url(&mock), r#"{"value":"on"}"#).await;
    assert_eq!(mock.violations().len(), 1, "peeking keeps them");
    assert_eq!(mock.take_violations().len(), 1);
    mock.verify();
}

#[test]
fn a_mock_dropped_while_panicking_does_not_abort() {
    let outcome = std::panic::catch_unwind(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let mock = cloudflare_ssl_mock::start().await;
            let _ = patch(&mode_url(&mock), "not json").await;
            panic!("the test's own failure");
        });
    });
    let message = outcome.expect_err("panicked");
    assert_eq!(
        message.downcast_ref::<&str>(),
        Some(&"the test's own failure")
    );
}
