//! Fixtures and servers shared by the runtime tests.

use std::time::Duration;

use cloudflare_ssl::types::{
    CertificateAuthority, CertificatePackEditRequest, CertificatePackOrderRequest,
    CertificatePackOrderType, ResponseInfo, SslAutomaticModeSetting, SslAutomaticModeValue,
    ValidationMethod, ValidityDays,
};
use cloudflare_ssl::{Client, ClientBuilder, Credentials, Error, TransportKind};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const ZONE: &str = "023e105f4ecef8ad9ca31a8372d0c353";
pub const PACK: &str = "3822ff90ea6947ce97a8b2d1f8b4e4ab";
pub const TOKEN: &str = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY";
pub const EMAIL: &str = "user@example.com";
pub const KEY: &str = "144c9defac04969c7bfad8efaa8ea194";

pub fn pack_path() -> String {
    format!("/zones/{ZONE}/ssl/certificate_packs/{PACK}")
}

pub fn mode_path() -> String {
    format!("/zones/{ZONE}/settings/ssl_automatic_mode")
}

pub fn order_path() -> String {
    format!("/zones/{ZONE}/ssl/certificate_packs/order")
}

/// An order for the zone apex and its wildcard, as [`pack_envelope`]'s
/// pack has them: Let's Encrypt, TXT validation, 90 days.
pub fn an_order() -> CertificatePackOrderRequest {
    CertificatePackOrderRequest::new(
        CertificateAuthority::LetsEncrypt,
        vec!["example.com".to_owned(), "*.example.com".to_owned()],
        CertificatePackOrderType::Advanced,
        ValidationMethod::Txt,
        ValidityDays::Days90,
    )
}

/// A builder for a client of the server at `url` with the suite's API
/// token, for tests that set more than [`client_at`] does.
pub fn builder_at(url: &str) -> ClientBuilder {
    Client::builder(Credentials::api_token(TOKEN)).base_url(url)
}

/// [`builder_at`] for a wiremock server.
pub fn builder(server: &MockServer) -> ClientBuilder {
    builder_at(&server.uri())
}

/// A client for the server at `url` with no retries unless a test asks for
/// them.
pub fn client_at(url: &str) -> Client {
    builder_at(url)
        .max_retries(0)
        .build()
        .expect("client for a local server")
}

/// [`client_at`] for a wiremock server.
pub fn client(server: &MockServer) -> Client {
    client_at(&server.uri())
}

/// A `PATCH` of `route` that carries the suite's API token, for a test to
/// add its other checks and answer to.
pub fn patch_with_token(route: String) -> wiremock::MockBuilder {
    Mock::given(method("PATCH"))
        .and(path(route))
        .and(wiremock::matchers::header(
            "authorization",
            format!("Bearer {TOKEN}").as_str(),
        ))
}

/// The same with the suite's global API key (email and key headers).
pub fn patch_with_global_key(route: String) -> wiremock::MockBuilder {
    Mock::given(method("PATCH"))
        .and(path(route))
        .and(wiremock::matchers::header("x-auth-email", EMAIL))
        .and(wiremock::matchers::header("x-auth-key", KEY))
}

/// Fails unless the time since `started` is below `limit`.
#[track_caller]
pub fn assert_within(started: std::time::Instant, limit: Duration) {
    let elapsed = started.elapsed();
    assert!(elapsed < limit, "took {elapsed:?}, more than {limit:?}");
}

/// A client for a loopback port nothing listens on.
pub fn client_for_closed_port(max_retries: u32) -> Client {
    // Bind then drop a listener so the port is (almost certainly) closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    builder_at(&format!("http://127.0.0.1:{port}"))
        .max_retries(max_retries)
        .build()
        .expect("client")
}

pub fn setting_envelope(value: &str) -> Value {
    json!({
        "errors": [],
        "messages": [],
        "result": {
            "editable": true,
            "id": "ssl_automatic_mode",
            "modified_on": "2014-01-01T05:20:00.12345Z",
            "next_scheduled_scan": "2014-02-01T05:20:00.12345Z",
            "value": value
        },
        "success": true
    })
}

pub fn pack_envelope(status: &str) -> Value {
    json!({
        "errors": [],
        "messages": [],
        "success": true,
        "result": {
            "id": PACK,
            "certificates": [{ "id": "7e7b8deba8538af625850b7b2530034c", "hosts": ["example.com"], "status": "active" }],
            "hosts": ["example.com", "*.example.com"],
            "status": status,
            "type": "advanced"
        }
    })
}

/// The documented failure (code 1008), with the result Cloudflare echoes.
pub fn failure_1008() -> Value {
    json!({
        "errors": [{ "code": 1008, "message": "Invalid SSL/TLS encryption configuration value, only auto or custom accepted" }],
        "messages": [],
        "result": { "editable": true, "id": "ssl_automatic_mode", "modified_on": "2014-01-01T05:20:00.12345Z", "value": "custom" },
        "success": false
    })
}

pub async fn requests_received(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .map(|requests| requests.len())
        .unwrap_or(0)
}

/// A server answering every `PATCH`, whatever its path, with `template`.
pub async fn server_answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

/// A server answering every `PATCH` with the `auto` setting, `delay` late.
pub async fn slow_server(delay: Duration) -> MockServer {
    server_answering(
        ResponseTemplate::new(200)
            .set_body_json(setting_envelope("auto"))
            .set_delay(delay),
    )
    .await
}

/// The code and message of each entry, for comparing with a literal.
pub fn codes_and_messages(entries: &[ResponseInfo]) -> Vec<(i64, &str)> {
    entries
        .iter()
        .map(|entry| (entry.code, entry.message.as_str()))
        .collect()
}

/// A server answering `PATCH route` with `template`, and nothing else.
/// A server answering `PATCH`es of the Automatic SSL/TLS path with `first`
/// `times` times, then with `then`.
pub async fn answering_first(
    times: u64,
    first: ResponseTemplate,
    then: ResponseTemplate,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(mode_path()))
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(mode_path()))
        .respond_with(then)
        .mount(&server)
        .await;
    server
}

async fn server_answering_at(route: String, template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(route))
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

/// The error `edit_ssl_automatic_mode` (no retries) ends in when the
/// server answers its path with `template`.
pub async fn mode_error(template: ResponseTemplate) -> Error {
    let server = server_answering_at(mode_path(), template).await;
    client(&server)
        .edit_ssl_automatic_mode(ZONE, SslAutomaticModeValue::Auto)
        .await
        .expect_err("the server refuses")
}

/// The error `edit_certificate_pack` (no retries) ends in when the server
/// answers its path with `template`.
pub async fn pack_error(template: ResponseTemplate) -> Error {
    let server = server_answering_at(pack_path(), template).await;
    client(&server)
        .edit_certificate_pack(ZONE, PACK, &CertificatePackEditRequest::default())
        .await
        .expect_err("the server refuses")
}

/// Sets the Automatic SSL/TLS mode of [`ZONE`] to `auto` through `client`:
/// the call most tests make when what they test is the path, not the body.
pub async fn set_auto(client: &Client) -> Result<SslAutomaticModeSetting, Error> {
    client
        .edit_ssl_automatic_mode(ZONE, SslAutomaticModeValue::Auto)
        .await
}

/// The `errors[]` and `messages[]` of an [`Error::Api`]; fails on any
/// other error.
#[track_caller]
pub fn api_entries(error: &Error) -> (&[ResponseInfo], &[ResponseInfo]) {
    match error {
        Error::Api {
            errors, messages, ..
        } => (errors, messages),
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// The facts of an [`Error::UnexpectedResponse`], borrowed for assertions.
#[derive(Debug)]
pub struct Unexpected<'a> {
    pub status: Option<u16>,
    pub content_type: Option<&'a str>,
    pub body_prefix: &'a str,
    pub json_path: Option<&'a str>,
    pub reason: &'a str,
}

/// The facts of `error`; fails unless it is an unexpected response.
#[track_caller]
pub fn unexpected(error: &Error) -> Unexpected<'_> {
    match error {
        Error::UnexpectedResponse {
            status,
            content_type,
            body_prefix,
            json_path,
            reason,
            ..
        } => Unexpected {
            status: status.map(|status| status.as_u16()),
            content_type: content_type.as_deref(),
            body_prefix,
            json_path: json_path.as_deref(),
            reason,
        },
        other => panic!("expected an unexpected response, got {other:?}"),
    }
}

/// Fails unless `error` is a transport error of this kind.
#[track_caller]
pub fn assert_transport(error: &Error, expected: TransportKind) {
    assert!(
        matches!(error, Error::Transport { kind, .. } if *kind == expected),
        "expected a {expected:?} transport error, got {error:?}"
    );
}
