//! The two sides of every pair: `cloudflare_ssl::Client`, and the baseline it
//! is judged against, a raw `reqwest::Client` doing what a caller would write
//! by hand; and the workloads both run.

use std::hint::black_box;
use std::sync::{Arc, LazyLock};

use cloudflare_ssl::types::{
    CertificatePack, CertificatePackEditRequest, CertificatePackResponse,
    SslAutomaticModeEditRequest, SslAutomaticModeResponse, SslAutomaticModeSetting,
    SslAutomaticModeValue,
};
use cloudflare_ssl::{Client, Credentials, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT};
/// The documentation pages' examples and ids, byte for byte: the mock's one copy.
use cloudflare_ssl_mock::documented::{
    API_TOKEN, CERTIFICATE_PACK_ID, EDIT_CERTIFICATE_PACK, EDIT_SSL_AUTOMATIC_MODE, ZONE_ID,
};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue, USER_AGENT};
use tokio::task::JoinSet;

use crate::raw_server::{Answers, keep_alive_json_response as json_response};

/// The body of every certificate pack PATCH.
pub static EDIT: LazyLock<CertificatePackEditRequest> =
    LazyLock::new(|| CertificatePackEditRequest::new().cloudflare_branding(true));
/// How many calls a burst keeps in flight.
pub const CONCURRENCY: usize = 256;

/// The documented example's request path of the certificate pack edit.
fn certificate_pack_path() -> String {
    format!("/zones/{ZONE_ID}/ssl/certificate_packs/{CERTIFICATE_PACK_ID}")
}

/// The documented example's request path of the Automatic SSL/TLS edit.
fn ssl_automatic_mode_path() -> String {
    format!("/zones/{ZONE_ID}/settings/ssl_automatic_mode")
}

/// What the server answers: the documented example of each PATCH.
pub fn documented_answers() -> Answers {
    vec![
        (
            format!("PATCH {} HTTP/1.1", certificate_pack_path()),
            json_response(200, EDIT_CERTIFICATE_PACK),
        ),
        (
            format!("PATCH {} HTTP/1.1", ssl_automatic_mode_path()),
            json_response(200, EDIT_SSL_AUTOMATIC_MODE),
        ),
    ]
}

/// One client of each kind, both pointed at the same server.
pub struct Sides {
    pub client: Client,
    pub raw: Raw,
}

impl Sides {
    pub fn new(base_url: &str) -> Self {
        let client = Client::builder(Credentials::api_token(API_TOKEN))
            .base_url(base_url)
            .build()
            .expect("client builds");
        Self {
            client,
            raw: Raw::new(base_url),
        }
    }

    /// Both sides get the documented result of both PATCHes, or the figures
    /// would compare different work.
    pub async fn check(&self) {
        let pack = serde_json::from_str::<CertificatePackResponse>(EDIT_CERTIFICATE_PACK)
            .expect("documented example decodes")
            .result
            .expect("documented example has a result");
        let setting = serde_json::from_str::<SslAutomaticModeResponse>(EDIT_SSL_AUTOMATIC_MODE)
            .expect("documented example decodes")
            .result;
        assert_eq!(self.client.edit_pack().await, pack);
        assert_eq!(self.raw.edit_pack().await, pack);
        assert_eq!(self.client.edit_setting().await, setting);
        assert_eq!(self.raw.edit_setting().await, setting);
    }
}

/// The baseline: a raw `reqwest::Client` with the client's default headers
/// and timeouts, sending the same `Accept` and JSON body, decoding the body
/// into the same envelope type and checking status and `success`.
#[derive(Clone)]
pub struct Raw {
    http: reqwest::Client,
    base_url: Arc<str>,
}

impl Raw {
    fn new(base_url: &str) -> Self {
        let mut authorization =
            HeaderValue::from_str(&format!("Bearer {API_TOKEN}")).expect("header value");
        authorization.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, authorization);
        headers.insert(
            USER_AGENT,
            HeaderValue::from_static(cloudflare_ssl::USER_AGENT_VALUE),
        );
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
            .timeout(DEFAULT_TIMEOUT)
            .build()
            .expect("reqwest client builds");
        Self {
            http,
            base_url: base_url.trim_end_matches('/').into(),
        }
    }

    pub async fn edit_certificate_pack(&self) -> Result<CertificatePack, String> {
        let url = format!("{}{}", self.base_url, certificate_pack_path());
        let envelope: CertificatePackResponse = self.patch(url, &*EDIT).await?;
        match (envelope.success, envelope.result) {
            (true, Some(result)) => Ok(result),
            _ => Err("no result".into()),
        }
    }

    async fn edit_ssl_automatic_mode(&self) -> Result<SslAutomaticModeSetting, String> {
        let url = format!("{}{}", self.base_url, ssl_automatic_mode_path());
        let body = SslAutomaticModeEditRequest::new(SslAutomaticModeValue::Auto);
        let envelope: SslAutomaticModeResponse = self.patch(url, &body).await?;
        if envelope.success {
            Ok(envelope.result)
        } else {
            Err("success is false".into())
        }
    }

    async fn patch<B: serde::Serialize, T: serde::de::DeserializeOwned>(
        &self,
        url: String,
        body: &B,
    ) -> Result<T, String> {
        let response = self
            .http
            .patch(url)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .json(body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        if !status.is_success() {
            return Err(format!("HTTP {status}"));
        }
        serde_json::from_slice(&bytes).map_err(|e| e.to_string())
    }
}

/// What each side does for one call: the same call, the same result.
pub trait Side: Clone + Send + Sync + 'static {
    /// The documented certificate pack edit.
    fn edit_pack(&self) -> impl Future<Output = CertificatePack> + Send;
    /// The documented Automatic SSL/TLS edit.
    fn edit_setting(&self) -> impl Future<Output = SslAutomaticModeSetting> + Send;
}

impl Side for Client {
    async fn edit_pack(&self) -> CertificatePack {
        self.edit_certificate_pack(ZONE_ID, CERTIFICATE_PACK_ID, &*EDIT)
            .await
            .expect("client PATCH")
    }

    async fn edit_setting(&self) -> SslAutomaticModeSetting {
        self.edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Auto)
            .await
            .expect("client PATCH")
    }
}

impl Side for Raw {
    async fn edit_pack(&self) -> CertificatePack {
        self.edit_certificate_pack().await.expect("raw PATCH")
    }

    async fn edit_setting(&self) -> SslAutomaticModeSetting {
        self.edit_ssl_automatic_mode().await.expect("raw PATCH")
    }
}

/// What one iteration of a pair does on each side.
#[derive(Clone, Copy, Debug)]
pub enum Workload {
    /// One certificate pack PATCH.
    Pack,
    /// One Automatic SSL/TLS PATCH.
    Setting,
    /// `CONCURRENCY` certificate pack PATCHes at once, each a task of its
    /// own with its own clone of the side (clones share one pool).
    Burst,
}

impl Workload {
    pub async fn run(self, side: &impl Side) {
        match self {
            Self::Pack => {
                black_box(side.edit_pack().await);
            }
            Self::Setting => {
                black_box(side.edit_setting().await);
            }
            Self::Burst => {
                let mut tasks = JoinSet::new();
                for _ in 0..CONCURRENCY {
                    let side = side.clone();
                    tasks.spawn(async move {
                        black_box(side.edit_pack().await);
                    });
                }
                while let Some(done) = tasks.join_next().await {
                    done.expect("task");
                }
            }
        }
    }
}
