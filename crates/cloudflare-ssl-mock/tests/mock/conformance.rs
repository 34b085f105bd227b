//! Requests that break the fragment: the answer, the recorded violation,
//! and the panic that fails a test which did not expect them.

use cloudflare_ssl::Credentials;
use cloudflare_ssl_mock::codes;
use cloudflare_ssl_mock::documented::{CERTIFICATE_PACK_ID, ZONE_ID};
use reqwest::Method;
use serde_json::json;

use crate::support::{
    AUTH, JSON, RawRequest, client_with, edit_pack_with, global_key_mock, mode_url,
};

/// A body that breaks the Automatic SSL/TLS schema: `on` is no documented value.
const ON: &str = r#"{"value":"on"}"#;

#[tokio::test]
async fn the_typed_client_conforms() {
    let mock = cloudflare_ssl_mock::start().await;
    RawRequest::pack(&mock)
        .body(r#"{"cloudflare_branding":true}"#)
        .send()
        .await;
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
    for (url, expected) in [
        (
            format!("{}/zones/{ZONE_ID}/settings/ssl_automatic_mode", mock.uri()),
            "serves the API under \"/client/v4\"",
        ),
        (
            format!("{}/zones/{ZONE_ID}/settings/ssl", mock.base_url()),
            "no operation of the OpenAPI fragment",
        ),
        (format!("{}/", mode_url(&mock)), "no operation"),
    ] {
        RawRequest::mode(&mock)
            .url(url)
            .refused(404, codes::NO_ROUTE, expected)
            .await;
    }
}

#[tokio::test]
async fn undocumented_methods_and_query_parameters() {
    let mock = cloudflare_ssl_mock::start().await;
    RawRequest::mode(&mock)
        .method(Method::DELETE)
        .body("")
        .refused(405, codes::NO_ROUTE, "method DELETE is not documented")
        .await;
    // The message lists the methods the fragment documents for the path,
    // whatever they are.
    RawRequest::pack(&mock)
        .method(Method::PUT)
        .refused(405, codes::NO_ROUTE, "method PUT is not documented")
        .await;
    RawRequest::mode(&mock)
        .url(format!("{}?per_page=50", mode_url(&mock)))
        .refused(400, codes::NO_ROUTE, "query parameter(s) per_page")
        .await;
}

#[tokio::test]
async fn identifiers_longer_than_documented_are_accepted_empty_ones_are_not() {
    let mock = cloudflare_ssl_mock::start().await;
    let zone_url = |zone_id: &str| {
        format!(
            "{}/zones/{zone_id}/settings/ssl_automatic_mode",
            mock.base_url()
        )
    };
    // Cloudflare's own pack ids are 36-character UUIDs (openapi/README.md,
    // "Identifiers longer than `maxLength`"); and 32 characters that are
    // percent-encoded on the wire are 32 characters, not 192.
    let uuid = "3822ff90-ea29-44df-9e55-21300bb9419b";
    let zone = mock.default_zone();
    let mut held = zone.pack(CERTIFICATE_PACK_ID).pack_json();
    held["id"] = json!(uuid);
    zone.add_pack_json(held);
    let pack = format!(
        "{}/zones/{ZONE_ID}/ssl/certificate_packs/{uuid}",
        mock.base_url()
    );
    let encoded = zone_url(&"%C3%A9".repeat(32));
    for (request, name, decoded) in [
        (
            RawRequest::pack(&mock).url(pack),
            "certificate_pack_id",
            uuid.to_owned(),
        ),
        (
            RawRequest::mode(&mock).url(encoded),
            "zone_id",
            "é".repeat(32),
        ),
    ] {
        let answer = request.send().await;
        assert_eq!(answer.status, 200, "{}", answer.messages());
        let last = mock.requests().pop().expect("a request");
        assert_eq!(last.path_param(name), Some(decoded.as_str()));
    }

    RawRequest::mode(&mock)
        .url(zone_url(""))
        .refused(400, codes::INVALID_IDENTIFIER, "`zone_id` is empty")
        .await;
    // `%+F` is the case two hand-written decoders once disagreed on:
    // `u8::from_str_radix("+F", 16)` reads it as 15.
    for raw in ["%+F", "%2", "%GG", "%%"] {
        RawRequest::mode(&mock)
            .url(zone_url(raw))
            .refused(
                400,
                codes::INVALID_IDENTIFIER,
                "is not valid percent-encoded UTF-8",
            )
            .await;
    }
}

#[tokio::test]
async fn credentials_missing_malformed_wrong_or_doubled() {
    let mock = cloudflare_ssl_mock::start().await;
    let with = |headers| RawRequest::mode(&mock).headers(headers);
    with(&[JSON])
        .refused(400, codes::INVALID_HEADERS, "no credentials")
        .await;
    with(&[JSON, ("authorization", "Token abc")])
        .refused(
            400,
            codes::INVALID_HEADERS,
            "not of the form `Bearer <token>`",
        )
        .await;
    let answer = with(&[JSON, ("authorization", "Bearer real-looking-token")])
        .refused(403, codes::AUTHENTICATION_ERROR, "a token other than")
        .await;
    assert!(
        !answer.messages().contains("real-looking-token"),
        "never echoes credentials"
    );
    with(&[JSON, ("x-auth-email", "a@example.com"), ("x-auth-key", "k")])
        .refused(400, codes::INVALID_HEADERS, "expects an API token")
        .await;
    with(&[JSON, AUTH, ("x-auth-key", "k")])
        .refused(400, codes::INVALID_HEADERS, "carries both")
        .await;
}

#[tokio::test]
async fn global_api_key_needs_both_headers() {
    let mock = global_key_mock().await;
    RawRequest::pack(&mock)
        .headers(&[JSON, ("x-auth-email", cloudflare_ssl_mock::EMAIL)])
        .refused(400, codes::INVALID_HEADERS, "missing `X-Auth-Key`")
        .await;
}

#[tokio::test]
async fn content_type_must_be_json() {
    let mock = cloudflare_ssl_mock::start().await;
    let form = ("content-type", "application/x-www-form-urlencoded");
    for (headers, needle) in [
        (&[AUTH][..], "no `Content-Type` header"),
        (&[AUTH, form], "takes `application/json`"),
    ] {
        RawRequest::mode(&mock)
            .headers(headers)
            .refused(400, codes::INVALID_HEADERS, needle)
            .await;
    }
    let charset = ("content-type", "Application/JSON; charset=utf-8");
    let answer = RawRequest::mode(&mock)
        .headers(&[AUTH, charset])
        .send()
        .await;
    assert_eq!(answer.status, 200, "parameters and case do not matter");
}

#[tokio::test]
async fn bodies_missing_malformed_or_off_schema() {
    let mock = cloudflare_ssl_mock::start().await;
    let mode = |body| RawRequest::mode(&mock).body(body);
    mode("")
        .refused(400, codes::MALFORMED_JSON, "requires a JSON body")
        .await;
    mode(r#"{"value": auto}"#)
        .refused(400, codes::MALFORMED_JSON, "malformed JSON")
        .await;
    let bad_value = codes::INVALID_SSL_AUTOMATIC_MODE_VALUE;
    mode(ON).refused(400, bad_value, "at \"/value\"").await;
    mode("{}")
        .refused(400, bad_value, "\"value\" is a required property")
        .await;
    RawRequest::pack(&mock)
        .body(r#"{"cloudflare_branding":"yes"}"#)
        .refused(400, codes::INVALID_BODY, "at \"/cloudflare_branding\"")
        .await;
}

#[tokio::test]
async fn every_problem_of_a_request_is_reported() {
    let mock = cloudflare_ssl_mock::start().await;
    let answer = RawRequest::mode(&mock)
        .headers(&[("content-type", "text/plain")])
        .body(ON)
        .send()
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
    let stranger = client_with(&mock, Credentials::api_token("from-the-environment"));
    let error = edit_pack_with(&stranger, &Default::default())
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
    let _ = RawRequest::mode(&mock).body(ON).send().await;
    // …still fails the test when the mock goes.
    drop(mock);
}

#[tokio::test]
#[should_panic(
    expected = "PATCH /client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/settings/ssl_automatic_mode: request body does not match"
)]
async fn verify_lists_the_violations() {
    let mock = cloudflare_ssl_mock::start().await;
    let _ = RawRequest::mode(&mock).body(ON).send().await;
    mock.verify();
}

#[tokio::test]
async fn verify_passes_once_violations_are_taken() {
    let mock = cloudflare_ssl_mock::start().await;
    let _ = RawRequest::mode(&mock).body(ON).send().await;
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
            let _ = RawRequest::mode(&mock).body("not json").send().await;
            panic!("the test's own failure");
        });
    });
    let message = outcome.expect_err("panicked");
    assert_eq!(
        message.downcast_ref::<&str>(),
        Some(&"the test's own failure")
    );
}
