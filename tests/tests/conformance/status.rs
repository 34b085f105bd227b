//! Every HTTP status with documented, empty, HTML and random bodies lands in
//! the outcome `conformance::outcome::expected` decides from the response
//! alone, and nothing panics.
//!
//! 1xx: hyper, which serves wiremock's responses, cannot send a 1xx status
//! as a response: its HTTP/1 server replaces any 1xx but 101 with an empty
//! `500` and closes the connection (hyper 1.x `proto/h1/role.rs`: "response
//! with 1xx status code not supported" — a `Service` returns one response,
//! and a 1xx is interim by definition, RFC 9110 §15.2). Those closes also
//! race with the client's connection reuse. So the wiremock property covers
//! 101 (hyper sends it as is) and 200–599, and the other 1xx codes are
//! tested with a raw TCP server as what they are on the wire: an interim
//! response the client must skip before the final one (or, with no final
//! one, a transport failure).

use cloudflare_ssl::{BODY_PREFIX_LEN, Error};
use conformance::fixtures::Fixture;
use conformance::http::{RawServer, client, runtime};
use conformance::json_diff::first_difference;
use conformance::operation::{DOCUMENTED_ID, Operation};
use conformance::outcome::{Outcome, body_on_the_wire, expected};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::{Value, json};
use wiremock::matchers::any as any_request;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A response body.
#[derive(Debug, Clone)]
enum Body {
    /// The operation's documented success example.
    DocumentedSuccess,
    /// The documented 1008 failure example.
    DocumentedFailure,
    /// A failure envelope with these codes and `"result": null`.
    Failure(Vec<i64>),
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
    fn render(&self, operation: Operation) -> (Vec<u8>, &'static str) {
        match self {
            Body::DocumentedSuccess => (
                operation.success_fixture().text.as_bytes().to_vec(),
                "application/json",
            ),
            Body::DocumentedFailure => (
                Fixture::by_file("edit_ssl_automatic_mode_failure.json")
                    .text
                    .as_bytes()
                    .to_vec(),
                "application/json",
            ),
            Body::Failure(codes) => {
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

fn body() -> impl Strategy<Value = Body> {
    prop_oneof![
        3 => Just(Body::DocumentedSuccess),
        2 => Just(Body::DocumentedFailure),
        2 => proptest::collection::vec(1000i64..100_000, 1..4).prop_map(Body::Failure),
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

#[test]
fn every_status_and_body_lands_in_the_expected_outcome() {
    let rt = runtime();
    let server = rt.block_on(MockServer::start());
    let client = client(&server.uri());
    let mut runner = TestRunner::new(conformance::proptest_config(256, "status_codes"));
    let strategy = (
        status(),
        body(),
        proptest::sample::select(Operation::ALL.to_vec()),
    );
    let result = runner.run(&strategy, |(status, body, operation)| {
        let (bytes, content_type) = body.render(operation);
        let result = rt.block_on(async {
            server.reset().await;
            Mock::given(any_request())
                .respond_with(
                    ResponseTemplate::new(status).set_body_raw(bytes.clone(), content_type),
                )
                .mount(&server)
                .await;
            operation.call(&client, DOCUMENTED_ID, DOCUMENTED_ID).await
        });
        let received = body_on_the_wire(status, &bytes);
        let documented = operation.success_fixture().text;
        let want = expected(status, received, documented.as_bytes());
        let got = Outcome::of(&result);
        prop_assert_eq!(
            &got,
            &want,
            "HTTP {} with {:?} for {:?}: {:?}",
            status,
            body,
            operation,
            result.as_ref().err().map(ToString::to_string)
        );
        match result {
            Ok(value) => {
                let documented = operation.success_fixture().json();
                if let Some(difference) = first_difference(&documented["result"], &value) {
                    return Err(TestCaseError::fail(format!(
                        "the result differs from the documented one {difference}"
                    )));
                }
            }
            Err(Error::UnexpectedResponse { body_prefix, .. }) => {
                let prefix = &received[..received.len().min(BODY_PREFIX_LEN)];
                prop_assert_eq!(body_prefix, String::from_utf8_lossy(prefix));
            }
            Err(_) => {}
        }
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}

/// The responses a raw server sends for an interim `status`.
fn interim(status: u16) -> Vec<u8> {
    format!("HTTP/1.1 {status} Interim\r\n\r\n").into_bytes()
}

fn final_response(status: u16, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status} Final\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

#[tokio::test]
async fn an_interim_1xx_is_skipped_and_the_final_response_decides() {
    let documented = Fixture::by_file("edit_ssl_automatic_mode.json").text;
    let failure = Fixture::by_file("edit_ssl_automatic_mode_failure.json").text;
    for status in (100u16..=199).filter(|s| *s != 101) {
        for (final_status, final_body) in [(200u16, &documented), (400, &failure)] {
            let mut bytes = interim(status);
            bytes.extend(final_response(final_status, final_body));
            let server = RawServer::start(bytes).await;
            let result = Operation::SslAutomaticMode
                .call(&client(&server.uri()), DOCUMENTED_ID, DOCUMENTED_ID)
                .await;
            let want = expected(final_status, final_body.as_bytes(), documented.as_bytes());
            assert_eq!(
                Outcome::of(&result),
                want,
                "HTTP {status} then HTTP {final_status}: {:?}",
                result.err().map(|e| e.to_string())
            );
        }
    }
}

#[tokio::test]
async fn an_interim_1xx_without_a_final_response_is_a_transport_error() {
    for status in (100u16..=199).filter(|s| *s != 101) {
        let server = RawServer::start(interim(status)).await;
        let result = Operation::CertificatePack
            .call(&client(&server.uri()), DOCUMENTED_ID, DOCUMENTED_ID)
            .await;
        assert_eq!(
            Outcome::of(&result),
            Outcome::Transport,
            "HTTP {status} and then nothing: {:?}",
            result.err().map(|e| e.to_string())
        );
    }
}

#[tokio::test]
async fn switching_protocols_unasked_is_unexpected() {
    let server = RawServer::start(b"HTTP/1.1 101 Switching Protocols\r\n\r\n".to_vec()).await;
    let result = Operation::CertificatePack
        .call(&client(&server.uri()), DOCUMENTED_ID, DOCUMENTED_ID)
        .await;
    assert_eq!(Outcome::of(&result), Outcome::Unexpected { status: 101 });
}
