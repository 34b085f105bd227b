//! Helpers: raw requests the typed client would never send, and the
//! fragment's response schemas.

use cloudflare_ssl_mock::MockCloudflare;
use cloudflare_ssl_mock::documented::{CERTIFICATE_PACK_ID, ZONE_ID};
use cloudflare_ssl_mock::spec::Spec;
use reqwest::Method;
use serde_json::Value;

pub const PACK_PATH: &str = "/zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}";
pub const MODE_PATH: &str = "/zones/{zone_id}/settings/ssl_automatic_mode";

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

/// Sends `method url` with exactly these headers and body.
pub async fn send(method: Method, url: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    // A test may install the process-wide rustls provider that reqwest
    // needs when the client's `rustls` feature is unified into it (see
    // Cargo.toml); a second install is refused, harmlessly.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut request = reqwest::Client::new().request(method, url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request
        .body(body.to_owned())
        .send()
        .await
        .expect("the mock answers");
    Answer {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.bytes().await.expect("a body").to_vec(),
    }
}

/// Headers of a conforming request with the default mock's token.
pub fn good_headers() -> Vec<(&'static str, &'static str)> {
    vec![
        ("authorization", "Bearer cloudflare-ssl-mock-api-token"),
        ("content-type", "application/json"),
    ]
}

/// A conforming PATCH of `body` to `url`.
pub async fn patch(url: &str, body: &str) -> Answer {
    send(Method::PATCH, url, &good_headers(), body).await
}

/// Panics unless `body` matches the fragment's response schema for
/// `status` (`"200"` or `"4XX"`) of the operation at `path`.
pub fn assert_conforms(path: &str, status: &str, body: &Value) {
    let spec = Spec::new();
    let schema = spec
        .response_schema(path, "patch", status)
        .expect("a documented response");
    if let Err(violations) = spec.validate("answer", &schema, body) {
        panic!("{violations}\n{body:#}");
    }
}
