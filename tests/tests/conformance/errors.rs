//! Error handling: each kind of failed response maps to the right `Error`
//! variant with the right fields, and reads well.

use std::time::Duration;

use cloudflare_ssl::types::{ResponseInfo, SslAutomaticModeValue};
use cloudflare_ssl::{BODY_PREFIX_LEN, Error};
use cloudflare_ssl_mock::spec::Spec;
use conformance::fixtures::{CERTIFICATE_PACK_PATH, Fixture, SSL_AUTOMATIC_MODE_PATH};
use conformance::http::client;
use conformance::operation::{DOCUMENTED_ID, Operation};
use serde_json::{Value, json};
use wiremock::matchers::any as any_request;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server answering every request with `status`, `body` and `content_type`
/// (plus `headers`), expecting `calls` requests.
async fn serve(
    status: u16,
    body: &[u8],
    content_type: &str,
    headers: &[(&str, &str)],
    calls: u64,
) -> MockServer {
    let server = MockServer::start().await;
    let mut template = ResponseTemplate::new(status).set_body_raw(body.to_vec(), content_type);
    for (name, value) in headers {
        template = template.insert_header(*name, *value);
    }
    Mock::given(any_request())
        .respond_with(template)
        .expect(calls)
        .mount(&server)
        .await;
    server
}

/// Calls `operation` against `server`, which must answer with a failure,
/// and checks the server's expectations.
async fn failed_call(operation: Operation, server: &MockServer) -> Error {
    let error = operation
        .call(&client(&server.uri()), DOCUMENTED_ID, DOCUMENTED_ID)
        .await
        .expect_err("the response is a failure");
    server.verify().await;
    error
}

/// The `errors` of a documented body, as the generated type.
fn errors_of(body: &Value) -> Vec<ResponseInfo> {
    serde_json::from_value(body["errors"].clone()).expect("documented errors decode")
}

const DOCUMENTED_1008: &str = "Cloudflare API error 1008: Invalid SSL/TLS encryption configuration value, only auto or custom accepted";

#[tokio::test]
async fn documented_1008_failure_as_http_400_is_an_api_error() {
    let fixture = Fixture::by_file("edit_ssl_automatic_mode_failure.json");
    let server = serve(400, fixture.text().as_bytes(), "application/json", &[], 1).await;
    let error = failed_call(Operation::SslAutomaticMode, &server).await;
    assert_eq!(error.to_string(), format!("{DOCUMENTED_1008} (HTTP 400)"));
    let Error::Api {
        status,
        errors,
        messages,
        ..
    } = &error
    else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(status.as_u16(), 400);
    assert_eq!(errors, &errors_of(&fixture.json()));
    assert!(messages.is_empty());
    assert_eq!(error.codes(), [1008]);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
}

#[tokio::test]
async fn documented_1008_failure_as_http_200_is_an_api_error_for_both_operations() {
    let fixture = Fixture::by_file("edit_ssl_automatic_mode_failure.json");
    // As HTTP 200 the body must also be a valid 200 body of the operation
    // it is documented for: `success: false` is what makes it a failure.
    let spec = Spec::new();
    let schema = spec
        .response_schema(SSL_AUTOMATIC_MODE_PATH, "patch", "200")
        .expect("a 200 schema");
    spec.validate("the 1008 example as a 200 body", &schema, &fixture.json())
        .expect("valid as a 200 body");

    for operation in Operation::ALL {
        let server = serve(200, fixture.text().as_bytes(), "application/json", &[], 1).await;
        let error = failed_call(operation, &server).await;
        assert_eq!(error.to_string(), format!("{DOCUMENTED_1008} (HTTP 200)"));
        let Error::Api { status, errors, .. } = &error else {
            panic!("expected Error::Api, got {error:?}");
        };
        assert_eq!(status.as_u16(), 200);
        assert_eq!(errors, &errors_of(&fixture.json()));
    }
}

#[tokio::test]
async fn a_4xx_failure_with_a_null_result_is_an_api_error() {
    let body = json!({
        "success": false,
        "errors": [
            { "code": 10000, "message": "Authentication error" },
            { "code": 9109, "message": "Invalid access token", "documentation_url": "https://developers.cloudflare.com/", "source": { "pointer": "/header/authorization" } }
        ],
        "messages": [{ "code": 1001, "message": "see the docs" }],
        "result": null
    });
    let spec = Spec::new();
    for path in [CERTIFICATE_PACK_PATH, SSL_AUTOMATIC_MODE_PATH] {
        let schema = spec
            .response_schema(path, "patch", "4XX")
            .expect("a 4XX schema");
        spec.validate("a failure with a null result", &schema, &body)
            .expect("a documented 4XX shape");
    }
    for operation in Operation::ALL {
        let server = serve(403, body.to_string().as_bytes(), "application/json", &[], 1).await;
        let error = failed_call(operation, &server).await;
        assert_eq!(
            error.to_string(),
            "Cloudflare API error 10000: Authentication error; Cloudflare API error 9109: Invalid access token (HTTP 403)"
        );
        let Error::Api {
            status,
            errors,
            messages,
            ..
        } = &error
        else {
            panic!("expected Error::Api, got {error:?}");
        };
        assert_eq!(status.as_u16(), 403);
        assert_eq!(errors, &errors_of(&body));
        assert_eq!(messages, &errors_of(&json!({ "errors": body["messages"] })));
    }
}

const HTML_ERROR_PAGE: &str =
    "<!DOCTYPE html>\n<html lang=\"en-US\"><head><title>Just a moment...</title></head><body>";

#[tokio::test]
async fn html_error_pages_are_unexpected_responses() {
    // A long page, so the prefix is cut.
    let page = format!(
        "{HTML_ERROR_PAGE}{}</body></html>",
        "<p>cloudflare</p>".repeat(100)
    );
    for status in [200u16, 403, 502, 520] {
        let server = serve(status, page.as_bytes(), "text/html; charset=UTF-8", &[], 1).await;
        let error = failed_call(Operation::CertificatePack, &server).await;
        let Error::UnexpectedResponse {
            status: got,
            content_type,
            body_prefix,
            json_path,
            reason,
            ..
        } = &error
        else {
            panic!("HTTP {status}: expected Error::UnexpectedResponse, got {error:?}");
        };
        assert_eq!(got.map(|s| s.as_u16()), Some(status));
        assert_eq!(content_type.as_deref(), Some("text/html; charset=UTF-8"));
        assert_eq!(body_prefix, &page[..BODY_PREFIX_LEN]);
        assert_eq!(json_path, &None, "HTML has no JSON path");
        assert!(!reason.is_empty());
        let message = error.to_string();
        assert!(
            message.starts_with(&format!(
                "unexpected response from the Cloudflare API (HTTP {status}): "
            )),
            "{message}"
        );
        assert!(
            message.contains("content-type: text/html; charset=UTF-8"),
            "{message}"
        );
        assert!(
            message.contains("body starts: \"<!DOCTYPE html>"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn truncated_json_is_an_unexpected_response_that_says_where() {
    let fixture = Fixture::by_file("edit_certificate_pack.json");
    let text = fixture.text();
    // Cut right after the second host of the pack.
    let cut = text
        .find("\"*.example.com\",\n      \"www")
        .expect("the fixture lists \"*.example.com\" then \"www.example.com\" as the pack's hosts")
        + "\"*.example.com\"".len();
    let truncated = &text[..cut];
    let server = serve(200, truncated.as_bytes(), "application/json", &[], 1).await;
    let error = failed_call(Operation::CertificatePack, &server).await;
    let Error::UnexpectedResponse {
        status,
        content_type,
        body_prefix,
        json_path,
        reason,
        ..
    } = &error
    else {
        panic!("expected Error::UnexpectedResponse, got {error:?}");
    };
    assert_eq!(status.map(|s| s.as_u16()), Some(200));
    assert_eq!(content_type.as_deref(), Some("application/json"));
    assert_eq!(body_prefix, &truncated[..BODY_PREFIX_LEN]);
    assert_eq!(json_path.as_deref(), Some("result.hosts"), "{error}");
    assert!(reason.contains("EOF"), "{reason}");
    assert!(error.to_string().contains("at `result.hosts`"), "{error}");
}

#[tokio::test]
async fn an_empty_200_is_an_unexpected_response() {
    let server = serve(200, b"", "application/json", &[], 1).await;
    let error = failed_call(Operation::SslAutomaticMode, &server).await;
    let Error::UnexpectedResponse {
        status,
        body_prefix,
        reason,
        ..
    } = &error
    else {
        panic!("expected Error::UnexpectedResponse, got {error:?}");
    };
    assert_eq!(status.map(|s| s.as_u16()), Some(200));
    assert_eq!(body_prefix, "");
    assert_eq!(reason, "empty body");
    assert!(error.to_string().ends_with("; empty body"), "{error}");
}

#[tokio::test]
async fn http_429_is_rate_limited_with_the_delay_and_codes() {
    let body = json!({
        "success": false,
        "errors": [{ "code": 10429, "message": "Rate limited" }],
        "messages": [],
        "result": null
    });
    let server = serve(
        429,
        body.to_string().as_bytes(),
        "application/json",
        &[("retry-after", "7")],
        1,
    )
    .await;
    let error = failed_call(Operation::CertificatePack, &server).await;
    assert_eq!(
        error.to_string(),
        "Cloudflare API rate limit (HTTP 429) after 1 attempt(s); retry after 7.000 s"
    );
    let Error::RateLimited {
        retry_after,
        attempts,
        errors,
        ..
    } = &error
    else {
        panic!("expected Error::RateLimited, got {error:?}");
    };
    assert_eq!(*retry_after, Some(Duration::from_secs(7)));
    assert_eq!(*attempts, 1);
    assert_eq!(errors, &errors_of(&body));
}

#[tokio::test]
async fn invalid_input_is_refused_before_any_request() {
    let server = serve(200, b"", "application/json", &[], 0).await;
    let client = client(&server.uri());
    let error = client
        .edit_ssl_automatic_mode(DOCUMENTED_ID, SslAutomaticModeValue::from("on"))
        .await
        .expect_err("not a documented value");
    assert!(
        matches!(
            error,
            Error::InvalidInput {
                parameter: "value",
                ..
            }
        ),
        "{error:?}"
    );
    for (zone, pack, parameter) in [
        ("has space", DOCUMENTED_ID, "zone_id"),
        (DOCUMENTED_ID, "a/b", "certificate_pack_id"),
        ("", DOCUMENTED_ID, "zone_id"),
    ] {
        let error = client
            .edit_certificate_pack(zone, pack, &Default::default())
            .await
            .expect_err("an invalid id");
        let Error::InvalidInput { parameter: got, .. } = &error else {
            panic!("expected Error::InvalidInput, got {error:?}");
        };
        assert_eq!(*got, parameter);
        assert!(
            error
                .to_string()
                .starts_with(&format!("invalid `{parameter}`: ")),
            "{error}"
        );
    }
    server.verify().await;
}

#[tokio::test]
async fn a_4xx_whose_body_is_not_a_failure_envelope_is_unexpected() {
    let fixture = Fixture::by_file("edit_ssl_automatic_mode.json");
    let server = serve(404, fixture.text().as_bytes(), "application/json", &[], 1).await;
    let error = failed_call(Operation::SslAutomaticMode, &server).await;
    assert!(
        matches!(&error, Error::UnexpectedResponse { status: Some(s), .. } if s.as_u16() == 404),
        "expected UnexpectedResponse for HTTP 404 with a success body, got {error:?}: {error}"
    );
}

#[tokio::test]
async fn a_json_array_body_is_never_an_envelope() {
    let setting = r#"{"editable": true, "id": "ssl_automatic_mode", "modified_on": "2014-01-01T05:20:00Z", "value": "auto"}"#;
    let cases = [
        (200u16, format!("[[], [], {setting}, true]")),
        (
            200,
            r#"[false, [{"code": 1008, "message": "m"}]]"#.to_owned(),
        ),
        (
            400,
            r#"[false, [{"code": 1008, "message": "m"}]]"#.to_owned(),
        ),
    ];
    for (status, body) in cases {
        let server = serve(status, body.as_bytes(), "application/json", &[], 1).await;
        let result = Operation::SslAutomaticMode
            .call(&client(&server.uri()), DOCUMENTED_ID, DOCUMENTED_ID)
            .await;
        assert!(
            matches!(&result, Err(Error::UnexpectedResponse { status: Some(s), .. }) if s.as_u16() == status),
            "HTTP {status} with the JSON array {body}: expected UnexpectedResponse, got {:?}",
            result.map_err(|e| e.to_string())
        );
    }
}
