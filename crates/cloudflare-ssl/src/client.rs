//! The client callers use: its settings, and one public method per
//! operation, each naming a generated operation description that the call
//! path in `call.rs` runs.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderValue, USER_AGENT};

use crate::credentials::Credentials;
use crate::error::Error;
use crate::generated_operations::{EditCertificatePack, EditSslAutomaticMode};
use crate::retry::RetryPolicy;
use crate::types::{CertificatePack, CertificatePackEditRequest, SslAutomaticModeEditRequest};
use crate::types::{SslAutomaticModeSetting, SslAutomaticModeValue};

/// The API's documented base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.cloudflare.com/client/v4";
/// Environment variable that overrides the base URL.
pub const ENV_BASE_URL: &str = "CLOUDFLARE_BASE_URL";
/// Default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default time allowed for a whole request, body included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The `user-agent` every request carries.
pub const USER_AGENT_VALUE: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A Cloudflare API client for certificate packs and Automatic SSL/TLS.
///
/// Cheap to clone; clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    /// Holds the credentials as default headers (marked sensitive).
    http: reqwest::Client,
    /// Checked, without a trailing `/`.
    base_url: Arc<str>,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The reqwest client's default headers hold the credentials: never print them.
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder with these credentials and every other setting at its default.
    pub fn builder(credentials: Credentials) -> ClientBuilder {
        ClientBuilder::new(credentials)
    }

    /// Credentials and base URL from the environment ([`ClientBuilder::from_env`]),
    /// everything else at its default.
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    pub(crate) fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// `PATCH /zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}`:
    /// restart validation of an advanced certificate pack (only meaningful in
    /// `validation_timed_out`), or set its Cloudflare branding.
    pub async fn edit_certificate_pack(
        &self,
        zone_id: &str,
        certificate_pack_id: &str,
        edit: &CertificatePackEditRequest,
    ) -> Result<CertificatePack, Error> {
        let operation = EditCertificatePack {
            zone_id,
            certificate_pack_id,
            body: edit,
        };
        Ok(self.execute(operation).await?.result)
    }

    /// `PATCH /zones/{zone_id}/settings/ssl_automatic_mode`: `auto` enables
    /// Automatic SSL/TLS, `custom` disables it.
    pub async fn edit_ssl_automatic_mode(
        &self,
        zone_id: &str,
        value: SslAutomaticModeValue,
    ) -> Result<SslAutomaticModeSetting, Error> {
        let body = SslAutomaticModeEditRequest { value };
        let operation = EditSslAutomaticMode {
            zone_id,
            body: &body,
        };
        Ok(self.execute(operation).await?.result)
    }
}

/// Settings for a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    credentials: Credentials,
    base_url: String,
    connect_timeout: Duration,
    timeout: Duration,
    retry: RetryPolicy,
}

impl ClientBuilder {
    /// These credentials, the documented base URL, 5 s to connect, 60 s per
    /// request, 2 retries.
    pub fn new(credentials: Credentials) -> Self {
        Self {
            credentials,
            base_url: DEFAULT_BASE_URL.to_owned(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
        }
    }

    /// [`Credentials::from_env`], and the base URL from `CLOUDFLARE_BASE_URL`
    /// when that is set.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`ClientBuilder::from_env`] over any variable lookup.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let mut builder = Self::new(Credentials::from_lookup(&lookup)?);
        if let Some(url) = lookup(ENV_BASE_URL).filter(|url| !url.is_empty()) {
            builder.base_url = url;
        }
        Ok(builder)
    }

    /// Where requests go; `http` or `https`, with any path stem, such as
    /// `http://127.0.0.1:8080/client/v4`.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Time allowed to open a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for one attempt of a request, reading the body included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many times a failed request is retried; 0 disables retries.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.retry.max_retries = max_retries;
        self
    }

    /// Checks every setting and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = checked_base_url(&self.base_url)?;
        let mut headers = self.credentials.headers()?;
        headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(self.connect_timeout)
            // A redirect would turn the PATCH into a GET and could carry the
            // legacy key headers (which reqwest does not strip) to another host.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(self.timeout)
            .build()
            .map_err(|e| Error::Config(format!("the HTTP client could not be built: {e}")))?;
        Ok(Client {
            http,
            base_url: base_url.into(),
            retry: self.retry,
        })
    }
}

/// The base URL without a trailing `/` (every operation's path starts with one).
fn checked_base_url(base_url: &str) -> Result<String, Error> {
    let url = reqwest::Url::parse(base_url)
        .map_err(|e| Error::Config(format!("base URL {base_url:?} is not a URL: {e}")))?;
    if !url.username().is_empty() || url.password().is_some() {
        // Never echo the URL here: it holds a credential.
        return Err(Error::Config(
            "base URL must not carry a user name or password".into(),
        ));
    }
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::Config(format!(
            "base URL {base_url:?} must be http or https"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() || url.cannot_be_a_base() {
        return Err(Error::Config(format!(
            "base URL {base_url:?} must not have a query or fragment"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}
