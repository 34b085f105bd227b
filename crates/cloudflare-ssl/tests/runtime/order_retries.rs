//! The retry rule for an operation that is not idempotent, ordering a
//! pack: sent again only when Cloudflare cannot have acted on it (a 429, a
//! failure to connect), never after a 5xx or 408, a timeout after sending
//! or a connection cut; and, for contrast, idempotent calls that still are.
//! Every server here would answer a second attempt with a success, so a
//! retry that should not happen shows as a success or a second request.

use std::time::Duration;

use cloudflare_ssl::types::CertificatePackEditRequest;
use cloudflare_ssl::{Client, Error, TransportKind};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::raw_server::{ScriptedServer, json_response, json_response_with};
use crate::support::*;

/// A server answering `verb route` with `first` once, then with the pack.
async fn first_then_pack(verb: &str, route: String, first: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(route.clone()))
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_json(pack_envelope("initializing")))
        .mount(&server)
        .await;
    server
}

/// A client of `url` that may retry twice, with `timeout` per attempt.
fn retrying_client(url: &str, timeout: Duration) -> Client {
    builder_at(url)
        .max_retries(2)
        .timeout(timeout)
        .build()
        .expect("client")
}

async fn order(client: &Client) -> Result<cloudflare_ssl::types::CertificatePack, Error> {
    client.order_certificate_pack(ZONE, &an_order()).await
}

#[tokio::test]
async fn an_order_answered_with_a_5xx_or_408_is_sent_once_and_the_error_returned() {
    for status in [408, 500, 502, 503, 504] {
        let first = ResponseTemplate::new(status).insert_header("retry-after-ms", "1");
        let server = first_then_pack("POST", order_path(), first).await;
        let error = order(&retrying_client(&server.uri(), Duration::from_secs(5)))
            .await
            .expect_err("not retried, so the failure stands");
        assert_eq!(
            error.status().map(|s| s.as_u16()),
            Some(status),
            "{error:?}"
        );
        assert_eq!(error.attempts(), 1, "{status}");
        assert_eq!(requests_received(&server).await, 1, "{status}");
    }
}

#[tokio::test]
async fn idempotent_calls_are_still_retried_after_a_502() {
    let first = || ResponseTemplate::new(502).insert_header("retry-after-ms", "1");
    let get = first_then_pack("GET", pack_path(), first()).await;
    let pack = retrying_client(&get.uri(), Duration::from_secs(5))
        .get_certificate_pack(ZONE, PACK)
        .await
        .expect("the GET is retried");
    assert_eq!(pack.id, PACK);
    assert_eq!(requests_received(&get).await, 2);

    let patch = first_then_pack("PATCH", pack_path(), first()).await;
    retrying_client(&patch.uri(), Duration::from_secs(5))
        .edit_certificate_pack(ZONE, PACK, &CertificatePackEditRequest::new())
        .await
        .expect("the pack PATCH, idempotent by the fragment, is retried");
    assert_eq!(requests_received(&patch).await, 2);
}

#[tokio::test]
async fn an_order_that_times_out_after_it_was_sent_is_not_sent_again() {
    let slow = ResponseTemplate::new(200)
        .set_body_json(pack_envelope("initializing"))
        .set_delay(Duration::from_secs(2));
    let server = first_then_pack("POST", order_path(), slow).await;
    let error = order(&retrying_client(&server.uri(), Duration::from_millis(200)))
        .await
        .expect_err("timed out");
    assert_transport(&error, TransportKind::Timeout);
    assert_eq!(error.attempts(), 1);
    assert_eq!(requests_received(&server).await, 1);
}

#[tokio::test]
async fn an_idempotent_call_that_times_out_is_sent_again() {
    let slow = ResponseTemplate::new(200)
        .set_body_json(pack_envelope("active"))
        .set_delay(Duration::from_secs(2));
    let server = first_then_pack("GET", pack_path(), slow).await;
    let pack = retrying_client(&server.uri(), Duration::from_millis(200))
        .get_certificate_pack(ZONE, PACK)
        .await
        .expect("the second attempt is answered at once");
    assert_eq!(pack.id, PACK);
    assert_eq!(requests_received(&server).await, 2);
}

/// The request lines a scripted server saw for an order whose first
/// attempt was answered with `first` (the second with the pack), and what
/// the order ended in.
async fn order_answered(first: Vec<u8>) -> (Result<u32, Error>, Vec<String>) {
    let pack = json_response(200, &pack_envelope("initializing").to_string());
    let server = ScriptedServer::start(vec![first, pack]).await;
    let outcome = retrying_client(&server.url(), Duration::from_secs(5))
        .order_certificate_pack_with_response(ZONE, &an_order())
        .await
        .map(|response| response.attempts);
    (outcome, server.requests())
}

#[tokio::test]
async fn an_order_whose_connection_is_cut_after_the_request_was_read_is_not_sent_again() {
    // The server reads the request and closes the connection unanswered.
    let (outcome, requests) = order_answered(Vec::new()).await;
    let error = outcome.expect_err("cut");
    assert!(
        matches!(&error, Error::Transport { attempts: 1, .. }),
        "{error:?}"
    );
    assert_eq!(requests, [format!("POST {}", order_path())]);
}

#[tokio::test]
async fn an_order_whose_answer_is_cut_mid_body_is_not_sent_again() {
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 400\r\n\r\n";
    let (outcome, requests) = order_answered(format!("{head}{{\"success\":tr").into_bytes()).await;
    let error = outcome.expect_err("cut");
    assert_transport(&error, TransportKind::Body);
    assert_eq!(error.attempts(), 1);
    assert_eq!(requests, [format!("POST {}", order_path())]);
}

#[tokio::test]
async fn an_order_answered_with_a_429_is_sent_again() {
    let body = r#"{"success":false,"errors":[{"code":971,"message":"Please wait and consider throttling your request speed"}],"messages":[],"result":null}"#;
    let limited = json_response_with(429, &[("retry-after", "0")], body);
    let (outcome, requests) = order_answered(limited).await;
    assert_eq!(outcome.expect("the second attempt orders"), 2);
    let post = format!("POST {}", order_path());
    assert_eq!(requests, [post.clone(), post]);
}

#[tokio::test]
async fn an_order_that_cannot_connect_is_tried_again_and_each_attempt_counted() {
    let error = order(&client_for_closed_port(2))
        .await
        .expect_err("refused");
    assert_transport(&error, TransportKind::Connect);
    assert_eq!(error.attempts(), 3);
}

/// The operation model's rule, from the fragment: idempotent by method
/// (RFC 9110), unless the operation says `x-idempotent`. Each operation
/// comes with whether the fragment declared it (`x-idempotent`).
fn idempotent_operations_in_the_fragment() -> Vec<(String, bool, bool)> {
    let fragment: serde_json::Value =
        serde_json::from_str(cloudflare_ssl::internal::OPENAPI_FRAGMENT).expect("JSON");
    let mut operations = Vec::new();
    for item in fragment["paths"].as_object().expect("paths").values() {
        for (verb, operation) in item.as_object().expect("path item") {
            let Some(id) = operation.get("operationId").and_then(|id| id.as_str()) else {
                continue;
            };
            let by_method = matches!(
                verb.as_str(),
                "get" | "head" | "options" | "trace" | "put" | "delete"
            );
            let declared = operation
                .get("x-idempotent")
                .and_then(serde_json::Value::as_bool);
            operations.push((
                id.to_owned(),
                declared.unwrap_or(by_method),
                declared.is_some(),
            ));
        }
    }
    operations.sort();
    operations
}

/// The README's table agrees with the fragment on every row, and names
/// every operation whose `x-idempotent` overrides the method: that needs a
/// reason a reader can check. An operation added to the fragment without
/// `x-idempotent` follows its method, as the README says, and needs no row.
#[test]
fn the_readme_names_each_operation_idempotent_or_not_as_the_fragment_does() {
    let readme = include_str!("../../README.md");
    let table = readme
        .split("| operation | idempotent | why |")
        .nth(1)
        .expect("the README's table of idempotent operations");
    let rows: Vec<(String, bool)> = table
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let idempotent = match cells[2] {
                "yes" => true,
                "**no**" => false,
                other => panic!("{other:?} in {line}"),
            };
            (cells[1].trim_matches('`').to_owned(), idempotent)
        })
        .collect();
    let fragment = idempotent_operations_in_the_fragment();
    for (operation, idempotent) in &rows {
        let Some((_, in_fragment, _)) = fragment.iter().find(|(id, ..)| id == operation) else {
            panic!("the README's table names {operation}, which the fragment does not have");
        };
        assert_eq!(
            idempotent, in_fragment,
            "the README's table says {operation} is idempotent: {idempotent}; the fragment's rule says {in_fragment}"
        );
    }
    for (operation, _, declared) in &fragment {
        assert!(
            !declared || rows.iter().any(|(row, _)| row == operation),
            "{operation} says x-idempotent in the fragment: give it a row, with the reason, in the README's table"
        );
    }
}
