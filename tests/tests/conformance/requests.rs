//! What the client sends: both operations with both credential schemes,
//! checked on the wire by wiremock against the fragment.

use cloudflare_ssl::Credentials;
use cloudflare_ssl::types::CertificatePackEditRequest;
use cloudflare_ssl_mock::path::decode_segment;
use cloudflare_ssl_mock::spec::Spec;
use conformance::fixtures::CERTIFICATE_PACK_PATH;
use conformance::http::{EMAIL, GLOBAL_KEY, TOKEN, client_with, runtime};
use conformance::json_diff::assert_equivalent;
use conformance::operation::{DOCUMENTED_ID, Operation};
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

    /// Every header the request must carry, with its value; no other may
    /// appear except `host` and `content-length`, which HTTP/1.1 itself
    /// needs.
    fn expected_headers(self) -> Vec<(&'static str, String)> {
        let mut headers = vec![
            ("accept", "application/json".to_owned()),
            ("content-type", "application/json".to_owned()),
            ("user-agent", expected_user_agent()),
        ];
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

/// The path `operation` must be sent to, built from the fragment's template.
fn expected_path(operation: Operation, stem: &str, zone_id: &str, pack_id: &str) -> String {
    let path = operation
        .fragment_path()
        .replace("{zone_id}", &encode_segment(zone_id))
        .replace("{certificate_pack_id}", &encode_segment(pack_id));
    format!("{stem}{path}")
}

fn check_headers(request: &Request, scheme: Scheme) {
    let expected = scheme.expected_headers();
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

fn check_body(request: &Request, operation: Operation) {
    let body: Value = serde_json::from_slice(&request.body).expect("the request body is JSON");
    let spec = Spec::new();
    let schema = spec
        .request_schema(operation.fragment_path(), "patch")
        .expect("the fragment documents a request body");
    let subject = format!("request body of PATCH {}", operation.fragment_path());
    if let Err(violations) = spec.validate(&subject, &schema, &body) {
        panic!("{violations}");
    }
    assert_eq!(body, operation.expected_body(), "{subject}");
}

/// One call on the wire: right method, path (raw, as encoded), headers and
/// body, and the documented response decoded.
async fn check_request(
    operation: Operation,
    scheme: Scheme,
    stem: &str,
    zone_id: &str,
    pack_id: &str,
) {
    let server = MockServer::start().await;
    let fixture = operation.success_fixture();
    let raw_path = expected_path(operation, stem, zone_id, pack_id);
    Mock::given(method("PATCH"))
        .and(path(raw_path.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_raw(fixture.text, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let client = client_with(scheme.credentials(), &format!("{}{stem}", server.uri()));
    let result = operation.call(&client, zone_id, pack_id).await;

    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request: {requests:?}");
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(request.url.path(), raw_path, "the raw request path");
    assert_eq!(request.url.query(), None, "no query string");
    check_headers(request, scheme);
    check_body(request, operation);
    server.verify().await;

    let result = result.unwrap_or_else(|e| panic!("{operation:?} with {scheme:?}: {e}"));
    assert_equivalent("the decoded result", &fixture.json()["result"], &result);
}

/// Allowed by the client's checks, but needing encoding: non-ASCII, and
/// ASCII that may not stand in a URL path.
const ZONE_NEEDING_ENCODING: &str = "zoneé日本\"<>`{}";
const PACK_NEEDING_ENCODING: &str = "packé";

#[test]
fn encoding_helpers_encode_what_rfc_3986_requires() {
    assert_eq!(encode_segment("zoneé"), "zone%C3%A9");
    assert_eq!(
        encode_segment("a\"<>`{}[]|^b"),
        "a%22%3C%3E%60%7B%7D%5B%5D%7C%5Eb"
    );
    assert_eq!(encode_segment("a:@!$&'()*+,;=~._-"), "a:@!$&'()*+,;=~._-");
}

#[tokio::test]
async fn certificate_pack_edit_with_an_api_token() {
    check_request(
        Operation::CertificatePack,
        Scheme::ApiToken,
        "",
        ZONE_NEEDING_ENCODING,
        PACK_NEEDING_ENCODING,
    )
    .await;
}

#[tokio::test]
async fn certificate_pack_edit_with_a_global_api_key() {
    check_request(
        Operation::CertificatePack,
        Scheme::GlobalApiKey,
        "/client/v4",
        DOCUMENTED_ID,
        DOCUMENTED_ID,
    )
    .await;
}

#[tokio::test]
async fn ssl_automatic_mode_with_an_api_token() {
    check_request(
        Operation::SslAutomaticMode,
        Scheme::ApiToken,
        "/client/v4",
        DOCUMENTED_ID,
        "",
    )
    .await;
}

#[tokio::test]
async fn ssl_automatic_mode_with_a_global_api_key() {
    check_request(
        Operation::SslAutomaticMode,
        Scheme::GlobalApiKey,
        "",
        ZONE_NEEDING_ENCODING,
        "",
    )
    .await;
}

#[tokio::test]
async fn an_empty_certificate_pack_edit_sends_an_empty_object() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            Operation::CertificatePack.success_fixture().text,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_with(Credentials::api_token(TOKEN), &server.uri());
    client
        .edit_certificate_pack(
            DOCUMENTED_ID,
            DOCUMENTED_ID,
            &CertificatePackEditRequest::default(),
        )
        .await
        .expect("the documented response");
    let requests = server.received_requests().await.expect("recording is on");
    let body: Value = serde_json::from_slice(&requests[0].body).expect("JSON");
    assert_eq!(body, json!({}));
    let spec = Spec::new();
    let schema = spec
        .request_schema(CERTIFICATE_PACK_PATH, "patch")
        .expect("a request schema");
    spec.validate("empty edit", &schema, &body)
        .expect("valid against the fragment");
    server.verify().await;
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

/// Whatever allowed ids are used, the server sees exactly those ids in
/// their path segments once decoded, and the path has the fragment's shape.
#[test]
fn any_allowed_ids_arrive_intact() {
    let rt = runtime();
    let server = rt.block_on(MockServer::start());
    let client = client_with(Credentials::api_token(TOKEN), &server.uri());
    let body = Operation::CertificatePack.success_fixture().text;
    let mut runner = TestRunner::new(conformance::proptest_config(128, "request_ids"));
    let result = runner.run(&(allowed_id(), allowed_id()), |(zone_id, pack_id)| {
        let (outcome, raw) = rt.block_on(async {
            server.reset().await;
            Mock::given(method("PATCH"))
                .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
                .mount(&server)
                .await;
            let outcome = Operation::CertificatePack
                .call(&client, &zone_id, &pack_id)
                .await;
            let requests = server.received_requests().await.expect("recording is on");
            (
                outcome.map(|_| ()),
                requests.first().map(|r| r.url.path().to_owned()),
            )
        });
        prop_assert!(outcome.is_ok(), "{:?}", outcome);
        let raw = raw.expect("a request arrived");
        let segments: Vec<&str> = raw.split('/').collect();
        prop_assert_eq!(segments.len(), 6, "{}", raw);
        prop_assert_eq!(segments[1], "zones");
        prop_assert_eq!(segments[3], "ssl");
        prop_assert_eq!(segments[4], "certificate_packs");
        prop_assert_eq!(decode_segment(segments[2]), Some(zone_id));
        prop_assert_eq!(decode_segment(segments[5]), Some(pack_id));
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}

#[tokio::test]
async fn ids_with_brackets_carets_and_pipes_are_percent_encoded() {
    check_request(
        Operation::CertificatePack,
        Scheme::ApiToken,
        "",
        "zone[1]",
        "a^b|c",
    )
    .await;
}
