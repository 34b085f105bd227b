//! Failures as the documentation and the fragment describe them: the
//! fragment's failure examples and bodies its failure schemas accept reach
//! the caller of every operation as `Error::Api` carrying exactly their
//! entries.
//!
//! How each kind of answer is classified (HTML pages, truncated or empty
//! bodies, JSON arrays, 429s, invalid input) is the runtime suite's job:
//! `crates/cloudflare-ssl/tests/runtime/errors.rs` and its neighbours.

use cloudflare_ssl::Error;
use cloudflare_ssl::types::ResponseInfo;
use conformance::examples;
use conformance::http::client;
use conformance::model::{Outcome, validate};
use conformance::operation::OperationCase;
use conformance::table::OPERATIONS;
use serde_json::{Value, json};
use wiremock::matchers::any as any_request;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Calls `operation` against a server answering it once with `status` and
/// the JSON `body`: the error it ends in, which must be `Error::Api` with
/// that status, and its `errors` and `messages`.
async fn api_failure(
    operation: &OperationCase,
    status: u16,
    body: &str,
) -> (Error, Vec<ResponseInfo>, Vec<ResponseInfo>) {
    let server = MockServer::start().await;
    Mock::given(any_request())
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let ids = operation.documented_ids();
    let error = operation
        .send(&client(&server.uri()), &ids, operation.a_body())
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
        panic!(
            "{}, HTTP {status}: expected Error::Api, got {error:?}",
            operation.id
        );
    };
    assert_eq!(got.as_u16(), status, "{}", operation.id);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
    let (errors, messages) = (errors.clone(), messages.clone());
    (error, errors, messages)
}

/// `body[member]` as the generated type.
fn entries(body: &Value, member: &str) -> Vec<ResponseInfo> {
    serde_json::from_value(body[member].clone())
        .unwrap_or_else(|e| panic!("the body's `{member}` decode: {e}"))
}

/// What `Error::Api` says for these entries and status: each error as
/// `Cloudflare API error <code>: <message>`, joined by `; `.
fn api_message(errors: &[ResponseInfo], status: u16) -> String {
    let errors: Vec<String> = errors
        .iter()
        .map(|entry| format!("Cloudflare API error {}: {}", entry.code, entry.message))
        .collect();
    format!("{} (HTTP {status})", errors.join("; "))
}

/// Every failure example of the fragment, answered by every operation with
/// its lowest failure status and with 200 (Cloudflare also answers 200
/// with `"success": false`), reaches the caller with its entries.
#[tokio::test]
async fn every_failure_example_is_an_api_error_with_its_entries_from_every_operation() {
    let failures: Vec<_> = examples::all()
        .into_iter()
        .filter(|example| example.response.outcome == Outcome::Failure)
        .collect();
    for example in &failures {
        let body = example.json();
        let codes: Vec<i64> = entries(&body, "errors").iter().map(|e| e.code).collect();
        for operation in OPERATIONS {
            for status in [
                operation.model().failure().expect("a failure response").low,
                200,
            ] {
                let (error, errors, messages) =
                    api_failure(operation, status, example.text()).await;
                let what = format!(
                    "{} from {}, HTTP {status}",
                    example.describe(),
                    operation.id
                );
                assert_eq!(errors, entries(&body, "errors"), "{what}");
                assert_eq!(messages, entries(&body, "messages"), "{what}");
                assert_eq!(error.codes(), codes, "{what}");
                assert_eq!(error.to_string(), api_message(&errors, status), "{what}");
            }
        }
    }
}

#[tokio::test]
async fn a_body_every_failure_schema_accepts_is_an_api_error_with_every_entry() {
    let body = json!({
        "success": false,
        "errors": [
            { "code": 10000, "message": "Authentication error" },
            { "code": 9109, "message": "Invalid access token", "documentation_url": "https://developers.cloudflare.com/", "source": { "pointer": "/header/authorization" } }
        ],
        "messages": [{ "code": 1001, "message": "see the docs" }],
        "result": null
    });
    for operation in OPERATIONS {
        let failure = operation.model().failure().expect("a failure response");
        validate(
            &format!("a failure of {} with a null result", operation.id),
            &failure.schema,
            &body,
        )
        .unwrap_or_else(|violations| panic!("{violations}"));
        let status = if failure.covers(403) {
            403
        } else {
            failure.low
        };
        let (error, errors, messages) = api_failure(operation, status, &body.to_string()).await;
        assert_eq!(
            error.to_string(),
            format!(
                "Cloudflare API error 10000: Authentication error; Cloudflare API error 9109: Invalid access token (HTTP {status})"
            )
        );
        assert_eq!(errors, entries(&body, "errors"));
        assert_eq!(messages, entries(&body, "messages"));
    }
}
