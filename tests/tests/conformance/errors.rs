//! Failures as the documentation and the fragment describe them: the
//! documented 1008 example and bodies the fragment's `4XX` schema accepts
//! reach the caller as `Error::Api` carrying exactly their entries.
//!
//! How each kind of answer is classified (HTML pages, truncated or empty
//! bodies, JSON arrays, 429s, invalid input) is the runtime suite's job:
//! `crates/cloudflare-ssl/tests/runtime/errors.rs` and its neighbours.

use cloudflare_ssl::Error;
use cloudflare_ssl::types::ResponseInfo;
use cloudflare_ssl_mock::spec::Spec;
use conformance::fixtures::{CERTIFICATE_PACK_PATH, Fixture, SSL_AUTOMATIC_MODE_PATH};
use conformance::http::client;
use conformance::operation::{DOCUMENTED_ID, Operation};
use serde_json::{Value, json};
use wiremock::matchers::any as any_request;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Calls `operation` against a server answering it once with `status` and
/// the JSON `body`: the error it ends in, which must be `Error::Api` with
/// that status, and its `errors` and `messages`.
async fn api_failure(
    operation: Operation,
    status: u16,
    body: &str,
) -> (Error, Vec<ResponseInfo>, Vec<ResponseInfo>) {
    let server = MockServer::start().await;
    Mock::given(any_request())
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let error = operation
        .call(&client(&server.uri()), DOCUMENTED_ID, DOCUMENTED_ID)
        .await
        .expect_err("the response is a failure");
    server.verify().await;
    let Error::Api {
        status: got,
        errors,
        messages,
        ..
    } = &error
    else {
        panic!("{operation:?}, HTTP {status}: expected Error::Api, got {error:?}");
    };
    assert_eq!(got.as_u16(), status, "{operation:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
    let (errors, messages) = (errors.clone(), messages.clone());
    (error, errors, messages)
}

/// `body[member]` as the generated type.
fn entries(body: &Value, member: &str) -> Vec<ResponseInfo> {
    serde_json::from_value(body[member].clone())
        .unwrap_or_else(|e| panic!("the body's `{member}` decode: {e}"))
}

const DOCUMENTED_1008: &str = "Cloudflare API error 1008: Invalid SSL/TLS encryption configuration value, only auto or custom accepted";

#[tokio::test]
async fn the_documented_1008_example_is_an_api_error_with_its_entries_as_400_and_as_200() {
    let fixture = Fixture::by_file("edit_ssl_automatic_mode_failure.json");
    // As HTTP 200 the body must also be a valid 200 body of the operation
    // it is documented for: `success: false` is what makes it a failure.
    let spec = Spec::new();
    let schema = spec
        .response_schema(SSL_AUTOMATIC_MODE_PATH, "patch", "200")
        .expect("a 200 schema");
    spec.validate("the 1008 example as a 200 body", &schema, &fixture.json())
        .expect("valid as a 200 body");

    let cases = [
        (Operation::SslAutomaticMode, 400),
        (Operation::SslAutomaticMode, 200),
        (Operation::CertificatePack, 200),
    ];
    for (operation, status) in cases {
        let (error, errors, messages) = api_failure(operation, status, fixture.text).await;
        assert_eq!(
            error.to_string(),
            format!("{DOCUMENTED_1008} (HTTP {status})")
        );
        assert_eq!(errors, entries(&fixture.json(), "errors"));
        assert_eq!(messages, entries(&fixture.json(), "messages"));
        assert_eq!(error.codes(), [1008]);
    }
}

#[tokio::test]
async fn a_body_the_4xx_schema_accepts_is_an_api_error_with_every_entry() {
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
        let (error, errors, messages) = api_failure(operation, 403, &body.to_string()).await;
        assert_eq!(
            error.to_string(),
            "Cloudflare API error 10000: Authentication error; Cloudflare API error 9109: Invalid access token (HTTP 403)"
        );
        assert_eq!(errors, entries(&body, "errors"));
        assert_eq!(messages, entries(&body, "messages"));
    }
}
