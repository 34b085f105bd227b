//! Helpers, one per job the test modules share: mocks and clients set up
//! other than by default, the typed calls on the documented ids, raw
//! requests the typed client would never send, and the fragment's response
//! schemas.

use cloudflare_ssl::types::{
    CertificateAuthority, CertificatePack, CertificatePackEditRequest, CertificatePackOrderRequest,
    CertificatePackOrderType, SslAutomaticModeSetting, SslAutomaticModeValue, ValidationMethod,
    ValidationRecord, ValidityDays,
};
use cloudflare_ssl::{Client, Credentials, Error};
use cloudflare_ssl_mock::MockCloudflare;
use cloudflare_ssl_mock::documented::{CERTIFICATE_PACK_ID, ZONE_ID};
use cloudflare_ssl_mock::spec::Spec;
use reqwest::Method;
use serde_json::Value;

pub const PACK_PATH: &str = "/zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}";
pub const LIST_PATH: &str = "/zones/{zone_id}/ssl/certificate_packs";
pub const MODE_PATH: &str = "/zones/{zone_id}/settings/ssl_automatic_mode";
pub const ORDER_PATH: &str = "/zones/{zone_id}/ssl/certificate_packs/order";
pub const VERIFICATION_PATH: &str = "/zones/{zone_id}/ssl/verification";

/// An order of a 90-day Let's Encrypt pack for `hosts`, validated by
/// `method`.
pub fn order_of(hosts: &[&str], method: ValidationMethod) -> CertificatePackOrderRequest {
    CertificatePackOrderRequest::new(
        CertificateAuthority::LetsEncrypt,
        hosts.iter().map(|host| (*host).to_owned()).collect(),
        CertificatePackOrderType::Advanced,
        method,
        ValidityDays::Days90,
    )
}

/// [`order_of`] `example.com` and `*.example.com`, by TXT.
pub fn an_order() -> CertificatePackOrderRequest {
    order_of(&["example.com", "*.example.com"], ValidationMethod::Txt)
}

/// A TXT validation record.
pub fn txt_record(name: &str, value: &str) -> ValidationRecord {
    ValidationRecord::new()
        .txt_name(name.to_owned())
        .txt_value(value.to_owned())
}

/// A mock that expects the global API key scheme
/// ([`MockCloudflare::global_api_key_credentials`]).
pub async fn global_key_mock() -> MockCloudflare {
    MockCloudflare::builder()
        .credentials(MockCloudflare::global_api_key_credentials())
        .start()
        .await
}

/// A client for `mock` that retries `max_retries` times.
pub fn retrying_client(mock: &MockCloudflare, max_retries: u32) -> Client {
    mock.client_builder()
        .max_retries(max_retries)
        .build()
        .expect("client")
}

/// A client for `mock` with credentials other than the ones it expects.
pub fn client_with(mock: &MockCloudflare, credentials: Credentials) -> Client {
    Client::builder(credentials)
        .base_url(mock.base_url())
        .build()
        .expect("client")
}

/// `client` edits the documented pack with `request`.
pub async fn edit_pack_with(
    client: &Client,
    request: &CertificatePackEditRequest,
) -> Result<CertificatePack, Error> {
    client
        .edit_certificate_pack(ZONE_ID, CERTIFICATE_PACK_ID, request)
        .await
}

/// `client` sets the documented zone's Automatic SSL/TLS to `value`.
pub async fn edit_mode_with(
    client: &Client,
    value: SslAutomaticModeValue,
) -> Result<SslAutomaticModeSetting, Error> {
    client.edit_ssl_automatic_mode(ZONE_ID, value).await
}

/// The mock's own client edits the documented pack with an empty request.
pub async fn edit_pack(mock: &MockCloudflare) -> Result<CertificatePack, Error> {
    edit_pack_with(mock.client(), &CertificatePackEditRequest::default()).await
}

/// The mock's own client sets the documented zone's Automatic SSL/TLS to
/// `auto`.
pub async fn edit_mode(mock: &MockCloudflare) -> Result<SslAutomaticModeSetting, Error> {
    edit_mode_with(mock.client(), SslAutomaticModeValue::Auto).await
}

/// The documented pack URL on `mock`.
pub fn pack_url(mock: &MockCloudflare) -> String {
    format!(
        "{}/zones/{ZONE_ID}/ssl/certificate_packs/{CERTIFICATE_PACK_ID}",
        mock.base_url()
    )
}

/// The documented Automatic SSL/TLS URL on `mock`.
pub fn mode_url(mock: &MockCloudflare) -> String {
    format!(
        "{}/zones/{ZONE_ID}/settings/ssl_automatic_mode",
        mock.base_url()
    )
}

/// The URL of `path` (after `/zones/{zone}`) on `mock`.
pub fn zone_url(mock: &MockCloudflare, zone: &str, path: &str) -> String {
    format!("{}/zones/{zone}{path}", mock.base_url())
}

/// The list URL of `zone` on `mock`, with `query` (`""` for none).
pub fn list_url(mock: &MockCloudflare, zone: &str, query: &str) -> String {
    let url = format!("{}/zones/{zone}/ssl/certificate_packs", mock.base_url());
    if query.is_empty() {
        url
    } else {
        format!("{url}?{query}")
    }
}

/// What came back from a raw request.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON answer")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `errors[].code`s of a failure envelope.
    pub fn codes(&self) -> Vec<i64> {
        self.json()["errors"]
            .as_array()
            .expect("errors[]")
            .iter()
            .map(|e| e["code"].as_i64().expect("code"))
            .collect()
    }

    /// Every `errors[].message`, joined.
    pub fn messages(&self) -> String {
        self.json()["errors"]
            .as_array()
            .expect("errors[]")
            .iter()
            .map(|e| e["message"].as_str().expect("message").to_owned())
            .collect::<Vec<_>>()
            .join(" | ")
    }
}

/// A request sent as it stands, not through the typed client: by default
/// the conforming PATCH of one documented operation, so that a test names
/// only what it changes.
#[derive(Debug)]
pub struct RawRequest<'a> {
    mock: &'a MockCloudflare,
    method: Method,
    url: String,
    headers: Vec<(&'a str, &'a str)>,
    body: &'a str,
}

/// The default mock's token, as an `Authorization` header.
pub const AUTH: (&str, &str) = ("authorization", "Bearer cloudflare-ssl-mock-api-token");
/// A JSON body's `Content-Type` header.
pub const JSON: (&str, &str) = ("content-type", "application/json");

impl<'a> RawRequest<'a> {
    /// Set the documented zone's Automatic SSL/TLS to `auto`, with the
    /// default mock's token.
    pub fn mode(mock: &'a MockCloudflare) -> Self {
        Self {
            mock,
            method: Method::PATCH,
            url: mode_url(mock),
            headers: vec![AUTH, JSON],
            body: r#"{"value":"auto"}"#,
        }
    }

    /// Edit the documented pack with an empty request, with the default
    /// mock's token.
    pub fn pack(mock: &'a MockCloudflare) -> Self {
        Self {
            url: pack_url(mock),
            body: "{}",
            ..Self::mode(mock)
        }
    }

    /// `GET url` with the default mock's token and no body.
    pub fn get(mock: &'a MockCloudflare, url: String) -> Self {
        Self {
            mock,
            method: Method::GET,
            url,
            headers: vec![AUTH],
            body: "",
        }
    }

    /// `POST url` of `body` (JSON) with the default mock's token.
    pub fn post(mock: &'a MockCloudflare, url: String, body: &'a str) -> Self {
        Self {
            method: Method::POST,
            url,
            body,
            ..Self::mode(mock)
        }
    }

    pub fn method(self, method: Method) -> Self {
        Self { method, ..self }
    }

    pub fn url(self, url: String) -> Self {
        Self { url, ..self }
    }

    /// Exactly these headers instead of the conforming ones.
    pub fn headers(self, headers: &[(&'a str, &'a str)]) -> Self {
        Self {
            headers: headers.to_vec(),
            ..self
        }
    }

    pub fn body(self, body: &'a str) -> Self {
        Self { body, ..self }
    }

    pub async fn send(self) -> Answer {
        let mut request = reqwest::Client::new().request(self.method, &self.url);
        for (name, value) in self.headers {
            request = request.header(name, value);
        }
        let response = request
            .body(self.body.to_owned())
            .send()
            .await
            .expect("the mock answers");
        Answer {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.bytes().await.expect("a body").to_vec(),
        }
    }

    /// Sends the request and checks that the mock refuses it: the answer's
    /// status and code, a message containing `needle` (marked as the
    /// mock's), an answer that itself conforms to the failure schema, and
    /// exactly one violation recorded (and taken), containing `needle`.
    pub async fn refused(self, status: u16, code: i64, needle: &str) -> Answer {
        let mock = self.mock;
        let answer = self.send().await;
        let messages = answer.messages();
        assert_eq!(answer.status, status, "{messages}");
        assert_eq!(answer.codes(), [code], "{messages}");
        assert!(messages.starts_with("cloudflare-ssl-mock: "), "{messages}");
        assert!(messages.contains(needle), "{messages}");
        assert_conforms(MODE_PATH, "4XX", &answer.json());
        let violations = mock.take_violations();
        assert_eq!(violations.len(), 1, "{violations:?}");
        assert!(violations[0].message.contains(needle), "{}", violations[0]);
        answer
    }
}

/// Panics unless `body` matches the fragment's response schema for
/// `status` (`"200"` or `"4XX"`) of the PATCH at `path`.
pub fn assert_conforms(path: &str, status: &str, body: &Value) {
    assert_conforms_to("patch", path, status, body);
}

/// [`assert_conforms`] for the operation `method` (lower case) at `path`.
pub fn assert_conforms_to(method: &str, path: &str, status: &str, body: &Value) {
    let spec = Spec::new();
    let schema = spec
        .response_schema(path, method, status)
        .expect("a documented response");
    if let Err(violations) = spec.validate("answer", &schema, body) {
        panic!("{violations}\n{body:#}");
    }
}
