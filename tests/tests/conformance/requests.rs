//! What the client sends: every operation of the fragment with both
//! credential schemes, checked on the wire by wiremock against the
//! fragment.

use cloudflare_ssl::Credentials;
use cloudflare_ssl_mock::path::decode_segment;
use conformance::http::{EMAIL, GLOBAL_KEY, TOKEN, client_with, runtime};
use conformance::model::validate;
use conformance::operation::{OperationCase, decoded_difference};
use conformance::table::{OPERATIONS, any_operation};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// RFC 3986 `pchar` less `pct-encoded`: what may stand unencoded in a path
/// segment (unreserved, sub-delims, `:` and `@`).
fn is_pchar(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte)
}

/// `segment` percent-encoded as RFC 3986 requires (UTF-8, upper-case hex).
fn encode_segment(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| {
            if is_pchar(b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The user agent the client must send: `cloudflare-ssl/<version>`, the
/// version read from the client crate's manifest (not from the client).
fn expected_user_agent() -> String {
    let manifest = conformance::workspace_root().join("crates/cloudflare-ssl/Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("the client crate's manifest");
    let version = text
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("a version line in the client's manifest");
    format!("cloudflare-ssl/{version}")
}

#[derive(Debug, Clone, Copy)]
enum Scheme {
    ApiToken,
    GlobalApiKey,
}

impl Scheme {
    fn credentials(self) -> Credentials {
        match self {
            Scheme::ApiToken => Credentials::api_token(TOKEN),
            Scheme::GlobalApiKey => Credentials::global_api_key(EMAIL, GLOBAL_KEY),
        }
    }

    /// Every header a request must carry, with its value (`content-type`
    /// only with a body); no other may appear except `host` and
    /// `content-length`, which HTTP/1.1 itself needs.
    fn expected_headers(self, with_body: bool) -> Vec<(&'static str, String)> {
        let mut headers = vec![
            ("accept", "application/json".to_owned()),
            ("user-agent", expected_user_agent()),
        ];
        if with_body {
            headers.push(("content-type", "application/json".to_owned()));
        }
        match self {
            Scheme::ApiToken => headers.push(("authorization", format!("Bearer {TOKEN}"))),
            Scheme::GlobalApiKey => {
                headers.push(("x-auth-email", EMAIL.to_owned()));
                headers.push(("x-auth-key", GLOBAL_KEY.to_owned()));
            }
        }
        headers
    }
}

fn check_headers(request: &Request, scheme: Scheme, with_body: bool) {
    let expected = scheme.expected_headers(with_body);
    for (name, value) in &expected {
        let values: Vec<&[u8]> = request
            .headers
            .get_all(*name)
            .iter()
            .map(|v| v.as_bytes())
            .collect();
        assert_eq!(
            values,
            [value.as_bytes()],
            "header {name}: expected exactly one, {value:?}"
        );
    }
    let mut unexpected: Vec<&str> = request
        .headers
        .keys()
        .map(|name| name.as_str())
        .filter(|name| !expected.iter().any(|(n, _)| n == name))
        .filter(|name| !matches!(*name, "host" | "content-length"))
        .collect();
    unexpected.sort_unstable();
    assert!(
        unexpected.is_empty(),
        "headers the fragment does not define: {unexpected:?} (all: {:?})",
        request.headers
    );
    assert!(
        request.headers.get("api-version").is_none(),
        "progenitor's api-version header must not be sent"
    );
}

/// The request's body: the JSON `sent` (equivalent, as the generated body
/// type writes it back), valid against the operation's request schema; or
/// none when the operation takes none.
fn check_body(request: &Request, operation: &OperationCase, sent: Option<&Value>) {
    let subject = format!("request body of {}", operation.headline());
    let Some(schema) = operation
        .model()
        .request_body
        .as_ref()
        .map(|body| &body.schema)
    else {
        assert!(
            request.body.is_empty(),
            "{subject}: the operation takes none"
        );
        return;
    };
    let body: Value = serde_json::from_slice(&request.body).expect("the request body is JSON");
    if let Err(violations) = validate(&subject, schema, &body) {
        panic!("{violations}");
    }
    let sent = sent.expect("the suite gave a body");
    if let Some(difference) = conformance::json_diff::first_difference(sent, &body) {
        panic!("{subject}: not the body given {difference}");
    }
}

/// A client of `server` (under `stem`) with `scheme`'s credentials.
fn client_of(server: &MockServer, scheme: Scheme, stem: &str) -> cloudflare_ssl::Client {
    client_with(scheme.credentials(), &format!("{}{stem}", server.uri()))
}

/// One call on the wire: right method, path (raw, as encoded), headers and
/// body, and the success body decoded.
async fn check_request(operation: &OperationCase, scheme: Scheme, stem: &str, ids: &[&str]) {
    let server = MockServer::start().await;
    let success = operation.a_success_body();
    let raw_path = format!("{stem}{}", operation.path_with(ids, encode_segment));
    Mock::given(method(operation.method))
        .and(path(raw_path.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_raw(success.clone(), "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let body = operation.a_body();
    let result = operation
        .send(&client_of(&server, scheme, stem), ids, body.clone())
        .await;

    let what = format!("{} with {scheme:?} and ids {ids:?}", operation.id);
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(
        requests.len(),
        1,
        "{what}: exactly one request: {requests:?}"
    );
    let request = &requests[0];
    assert_eq!(request.method.as_str(), operation.method, "{what}");
    assert_eq!(request.url.path(), raw_path, "{what}: the raw request path");
    assert_eq!(request.url.query(), None, "{what}: no query string");
    check_headers(request, scheme, body.is_some());
    check_body(request, operation, body.as_ref());
    server.verify().await;

    let decoded = result.unwrap_or_else(|e| panic!("{what}: {e}"));
    let success: Value = serde_json::from_str(&success).expect("a success body is JSON");
    if let Some(difference) = decoded_difference(&success, &decoded) {
        panic!("{what}: {difference}");
    }
}

/// Allowed by the client's checks, but needing encoding: non-ASCII, ASCII
/// that may not stand in a URL path, brackets, carets and pipes.
const IDS_NEEDING_ENCODING: [&str; 4] = ["zoneé日本\"<>`{}", "packé", "zone[1]", "a^b|c"];

#[test]
fn encoding_helpers_encode_what_rfc_3986_requires() {
    assert_eq!(encode_segment("zoneé"), "zone%C3%A9");
    assert_eq!(
        encode_segment("a\"<>`{}[]|^b"),
        "a%22%3C%3E%60%7B%7D%5B%5D%7C%5Eb"
    );
    assert_eq!(encode_segment("a:@!$&'()*+,;=~._-"), "a:@!$&'()*+,;=~._-");
}

/// `count` ids from `pool`, from `start` on, round and round.
fn ids_from(pool: &[&'static str], start: usize, count: usize) -> Vec<&'static str> {
    (start..start + count)
        .map(|index| pool[index % pool.len()])
        .collect()
}

#[tokio::test]
async fn every_operation_with_both_schemes_sends_what_the_fragment_describes() {
    for operation in OPERATIONS {
        let count = operation.path_parameters.len();
        let cases = [
            (
                Scheme::ApiToken,
                "",
                ids_from(&IDS_NEEDING_ENCODING, 0, count),
            ),
            (
                Scheme::GlobalApiKey,
                "/client/v4",
                operation.documented_ids(),
            ),
            (
                Scheme::ApiToken,
                "/client/v4",
                ids_from(&IDS_NEEDING_ENCODING, 2, count),
            ),
            (
                Scheme::GlobalApiKey,
                "",
                ids_from(&IDS_NEEDING_ENCODING, 1, count),
            ),
        ];
        for (scheme, stem, ids) in cases {
            check_request(operation, scheme, stem, &ids).await;
        }
    }
}

/// A body whose properties are all optional, sent empty, is `{}`: absent
/// fields are left out, not written as `null`.
#[tokio::test]
async fn an_empty_body_is_sent_as_an_empty_object() {
    let server = MockServer::start().await;
    let client = client_of(&server, Scheme::ApiToken, "");
    for operation in OPERATIONS {
        let Some(body) = &operation.model().request_body else {
            continue;
        };
        if body
            .schema
            .get("required")
            .is_some_and(|required| required != &json!([]))
        {
            continue;
        }
        server.reset().await;
        Mock::given(method(operation.method))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_raw(operation.a_success_body(), "application/json"),
            )
            .expect(1)
            .mount(&server)
            .await;
        let ids = operation.documented_ids();
        operation
            .send(&client, &ids, Some(json!({})))
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", operation.id));
        let requests = server.received_requests().await.expect("recording is on");
        let sent: Value = serde_json::from_slice(&requests[0].body).expect("JSON");
        assert_eq!(sent, json!({}), "{}", operation.id);
        validate(
            &format!("empty body of {}", operation.id),
            &body.schema,
            &sent,
        )
        .unwrap_or_else(|violations| panic!("{violations}"));
        server.verify().await;
    }
}

/// Whether the client accepts `c` in an identifier: anything but
/// `/ \ ? # %`, whitespace and control characters.
fn allowed_in_id(c: char) -> bool {
    !matches!(c, '/' | '\\' | '?' | '#' | '%') && !c.is_whitespace() && !c.is_control()
}

/// Identifiers the client accepts: 1 to 32 allowed characters, printable
/// ASCII (every character that needs encoding is there) and any other
/// character (a refused one is replaced, so that nothing is rejected).
fn allowed_id() -> impl Strategy<Value = String> {
    let ascii: Vec<char> = (' '..='~').filter(|c| allowed_in_id(*c)).collect();
    let character = prop_oneof![
        proptest::sample::select(ascii),
        any::<char>().prop_map(|c| if allowed_in_id(c) { c } else { 'é' }),
    ];
    proptest::collection::vec(character, 1..=32)
        .prop_map(|chars| chars.into_iter().collect::<String>())
        .prop_filter("not a relative segment", |id| id != "." && id != "..")
}

/// An operation, allowed ids for its path parameters and a valid body.
fn call() -> impl Strategy<Value = (&'static OperationCase, Vec<String>, Option<Value>)> {
    any_operation(|operation| {
        let ids = proptest::collection::vec(allowed_id(), operation.path_parameters.len());
        (Just(operation), ids, operation.bodies())
    })
}

/// Whatever operation, allowed ids and valid body are used, the server
/// sees exactly those ids in the template's parameter segments once
/// decoded, the template's other segments as they are, and the body given.
#[test]
fn any_allowed_ids_and_valid_body_arrive_intact() {
    let rt = runtime();
    let server = rt.block_on(MockServer::start());
    let client = client_of(&server, Scheme::ApiToken, "");
    let mut runner = TestRunner::new(conformance::proptest_config(128, "request_ids"));
    let result = runner.run(&call(), |(operation, ids, body)| {
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let success = operation.a_success_body();
        let (outcome, request) = rt.block_on(async {
            server.reset().await;
            Mock::given(method(operation.method))
                .respond_with(ResponseTemplate::new(200).set_body_raw(success, "application/json"))
                .mount(&server)
                .await;
            let outcome = operation.send(&client, &ids, body.clone()).await;
            let requests = server.received_requests().await.expect("recording is on");
            (outcome.map(|_| ()), requests.into_iter().next())
        });
        prop_assert!(outcome.is_ok(), "{}: {:?}", operation.id, outcome);
        let request = request.expect("a request arrived");
        let raw = request.url.path();
        let segments: Vec<&str> = raw.split('/').collect();
        let template: Vec<&str> = operation.path.split('/').collect();
        prop_assert_eq!(segments.len(), template.len(), "{}", raw);
        let mut parameters = ids.iter();
        for (segment, expected) in segments.iter().zip(&template) {
            if expected.starts_with('{') {
                let id = parameters.next().expect("one id per parameter");
                let decoded = decode_segment(segment);
                prop_assert_eq!(decoded.as_deref(), Some(*id));
            } else {
                prop_assert_eq!(segment, expected);
            }
        }
        check_body(&request, operation, body.as_ref());
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}
