//! Every operation of the fragment, answered with every HTTP status and
//! with example, generated, empty, HTML and random bodies, lands in the
//! outcome `conformance::outcome::expected` decides from the response
//! alone, and nothing panics.
//!
//! 1xx: hyper, which serves wiremock's responses, cannot send a 1xx status
//! as a response: its HTTP/1 server replaces any 1xx but 101 with an empty
//! `500` and closes the connection (hyper 1.x `proto/h1/role.rs`: "response
//! with 1xx status code not supported" — a `Service` returns one response,
//! and a 1xx is interim by definition, RFC 9110 §15.2). Those closes also
//! race with the client's connection reuse. So the property here covers 101
//! (hyper sends it as is) and 200–599; the other 1xx codes are interim
//! responses the client skips, tested from a raw server in the runtime
//! suite (`crates/cloudflare-ssl/tests/runtime/informational.rs`).

use cloudflare_ssl::{BODY_PREFIX_LEN, Error};
use conformance::examples;
use conformance::http::{client, runtime};
use conformance::model::{self, Outcome as ResponseOutcome};
use conformance::operation::{OperationCase, decoded_difference};
use conformance::outcome::{Outcome, body_on_the_wire, expected};
use conformance::schema_gen::{Options, arbitrary_instance};
use conformance::table::any_operation;
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::{Value, json};
use wiremock::matchers::any as any_request;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A response body.
#[derive(Debug, Clone)]
enum Body {
    /// A success body of the operation: one of its examples, or one
    /// generated from its success schema.
    Success(String),
    /// A body of a failure schema: an example of any failure response of
    /// the fragment, or one generated from the operation's failure schema.
    Failure(String),
    /// A failure envelope with these codes and `"result": null`.
    Codes(Vec<i64>),
    Empty,
    Html,
    /// Random bytes.
    Bytes(Vec<u8>),
    /// Random JSON.
    Json(Value),
}

const HTML_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>\n";

impl Body {
    /// The bytes, and the `content-type` they are served with.
    fn render(&self) -> (Vec<u8>, &'static str) {
        match self {
            Body::Success(text) | Body::Failure(text) => {
                (text.as_bytes().to_vec(), "application/json")
            }
            Body::Codes(codes) => {
                let errors: Vec<Value> = codes
                    .iter()
                    .map(|code| json!({ "code": code, "message": format!("error {code}") }))
                    .collect();
                let body =
                    json!({ "success": false, "errors": errors, "messages": [], "result": null });
                (body.to_string().into_bytes(), "application/json")
            }
            Body::Empty => (Vec::new(), "application/json"),
            Body::Html => (HTML_PAGE.as_bytes().to_vec(), "text/html"),
            Body::Bytes(bytes) => (bytes.clone(), "application/octet-stream"),
            Body::Json(value) => (value.to_string().into_bytes(), "application/json"),
        }
    }
}

/// The text of every example of a failure response in the fragment.
fn failure_examples() -> Vec<String> {
    examples::all()
        .into_iter()
        .filter(|example| example.response.outcome == ResponseOutcome::Failure)
        .map(|example| example.text().to_owned())
        .collect()
}

/// Failure bodies for `operation`: the fragment's failure examples and
/// bodies generated from its failure schema, with `success: false` as
/// Cloudflare sends a failure (the schema's `success` is any boolean; a
/// body with `true` and a `result` of any shape is no failure, and success
/// bodies are generated from the success schema).
fn failure_bodies(operation: &OperationCase) -> BoxedStrategy<String> {
    let generated = arbitrary_instance(
        &operation
            .model()
            .failure()
            .expect("a failure response")
            .schema,
        Options::default(),
    )
    .prop_map(|mut body| {
        body["success"] = json!(false);
        body.to_string()
    })
    .boxed();
    let examples = failure_examples();
    if examples.is_empty() {
        generated
    } else {
        prop_oneof![proptest::sample::select(examples), generated].boxed()
    }
}

fn body(operation: &OperationCase) -> impl Strategy<Value = Body> + use<> {
    prop_oneof![
        3 => operation.success_bodies().prop_map(Body::Success),
        2 => failure_bodies(operation).prop_map(Body::Failure),
        2 => proptest::collection::vec(1000i64..100_000, 1..4).prop_map(Body::Codes),
        1 => Just(Body::Empty),
        1 => Just(Body::Html),
        1 => proptest::collection::vec(any::<u8>(), 0..600).prop_map(Body::Bytes),
        1 => conformance::schema_gen::any_json().prop_map(Body::Json),
    ]
}

/// 101 and 200–599, with the statuses that have their own rules more often.
fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        1 => Just(101u16),
        3 => Just(200u16),
        2 => Just(429u16),
        3 => 400u16..=499,
        6 => 200u16..=599,
    ]
}

/// An operation, a valid request body for it, a status and a body.
fn exchange() -> impl Strategy<Value = (&'static OperationCase, Option<Value>, u16, Body)> {
    any_operation(|operation| {
        (
            Just(operation),
            operation.bodies(),
            status(),
            body(operation),
        )
    })
}

#[test]
fn every_status_and_body_lands_in_the_expected_outcome() {
    let rt = runtime();
    let server = rt.block_on(MockServer::start());
    let client = client(&server.uri());
    let mut runner = TestRunner::new(conformance::proptest_config(256, "status_codes"));
    let result = runner.run(&exchange(), |(operation, request, status, body)| {
        let (bytes, content_type) = body.render();
        let ids = operation.documented_ids();
        let result = rt.block_on(async {
            server.reset().await;
            Mock::given(any_request())
                .respond_with(
                    ResponseTemplate::new(status).set_body_raw(bytes.clone(), content_type),
                )
                .mount(&server)
                .await;
            operation.send(&client, &ids, request).await
        });
        let received = body_on_the_wire(status, &bytes);
        let success = operation.model().success().expect("a success response");
        // Whatever the body was built as, it is a success body when the
        // success schema accepts it and it carries a `result` (the client
        // calls a success without one unexpected, as it documents).
        let valid_success_body = serde_json::from_slice::<Value>(received).is_ok_and(|json| {
            !json["result"].is_null() && model::validate("the body", &success.schema, &json).is_ok()
        });
        let want = expected(
            status,
            received,
            success.low..=success.high,
            valid_success_body,
        );
        let got = Outcome::of(&result);
        prop_assert_eq!(
            &got,
            &want,
            "HTTP {} with {:?} for {}: {:?}",
            status,
            body,
            operation.id,
            result.as_ref().err().map(ToString::to_string)
        );
        match result {
            // A body built from the success schema holds only declared
            // members, each of which the client must keep; another body the
            // schema accepts may hold undeclared ones, which it drops.
            Ok(decoded) if matches!(body, Body::Success(_)) => {
                let sent: Value = serde_json::from_slice(received).expect("a success body is JSON");
                if let Some(difference) = decoded_difference(&sent, &decoded) {
                    return Err(TestCaseError::fail(format!(
                        "{}: {difference}",
                        operation.id
                    )));
                }
            }
            Err(Error::UnexpectedResponse { body_prefix, .. }) => {
                let prefix = &received[..received.len().min(BODY_PREFIX_LEN)];
                prop_assert_eq!(body_prefix, String::from_utf8_lossy(prefix));
            }
            Ok(_) | Err(_) => {}
        }
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}
