//! The client callers use: its settings and derived clients with other
//! per-call settings. Its methods per operation are generated
//! (`generated_operations.rs`), each running one operation description
//! through the call path in `call.rs`.
//!
//! Every public method of [`Client`] is here or in the generated file. The
//! composites (waiting, walking pages, read before write, ordering once)
//! are thin methods here over modules that know nothing of the client:
//! `waiter.rs` and `pack_wait.rs`, `pages.rs`, `ensure.rs`, `order.rs`.
//! Those modules name no `Client`, so nothing below the client imports it
//! back.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderValue, USER_AGENT};

use crate::credentials::Credentials;
use crate::ensure::{EnsureError, Ensured, SslAutomaticModePlan};
use crate::error::Error;
use crate::generated_open_enums::SslAutomaticModeValue;
use crate::generated_queries::ListCertificatePacksQuery;
use crate::generated_types::{CertificatePack, CertificatePackOrderRequest};
use crate::limiter::RateLimiter;
use crate::order::{self, OrderError, OrderOutcome};
use crate::pack_wait::WaitTarget;
use crate::pages::Pages;
use crate::retry::DEFAULT_MAX_RETRIES;
use crate::tls;
use crate::waiter::Waiter;

/// The API's documented base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.cloudflare.com/client/v4";
/// Environment variable that overrides the base URL.
pub const ENV_BASE_URL: &str = "CLOUDFLARE_BASE_URL";
/// Default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default time allowed for one attempt of a request, body included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default limit on a response body: far above any documented response (the
/// largest, a certificate pack, is a few KiB), low enough that a runaway
/// body cannot exhaust memory.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;
/// The `user-agent` every request carries.
pub const USER_AGENT_VALUE: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A Cloudflare API client for certificate packs and Automatic SSL/TLS.
///
/// Cheap to clone; clones share one connection pool and the rate limiter,
/// if any. [`Client::with_timeout`], [`Client::with_deadline`] and
/// [`Client::with_max_retries`] derive a client with other per-call
/// settings that still shares both.
#[derive(Clone)]
pub struct Client {
    /// Holds the credentials as default headers (marked sensitive).
    http: reqwest::Client,
    /// Checked, without a trailing `/`.
    base_url: Arc<str>,
    settings: CallSettings,
    limiter: Option<RateLimiter>,
}

/// What each call of a client does besides its request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CallSettings {
    /// One attempt, connecting and reading the body included.
    pub timeout: Duration,
    /// All attempts and back-off sleeps of one call.
    pub deadline: Option<Duration>,
    pub max_retries: u32,
    pub max_response_bytes: usize,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The reqwest client's default headers hold the credentials: never print them.
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("settings", &self.settings)
            .field("limiter", &self.limiter)
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

    /// This client with another time allowed per attempt.
    pub fn with_timeout(&self, timeout: Duration) -> Self {
        self.derive(|settings| settings.timeout = timeout)
    }

    /// This client with an overall deadline for each call, covering every
    /// attempt and back-off sleep; `None` for none.
    pub fn with_deadline(&self, deadline: impl Into<Option<Duration>>) -> Self {
        let deadline = deadline.into();
        self.derive(|settings| settings.deadline = deadline)
    }

    /// This client with another number of retries.
    pub fn with_max_retries(&self, max_retries: u32) -> Self {
        self.derive(|settings| settings.max_retries = max_retries)
    }

    fn derive(&self, change: impl FnOnce(&mut CallSettings)) -> Self {
        let mut derived = self.clone();
        change(&mut derived.settings);
        derived
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    pub(crate) fn settings(&self) -> &CallSettings {
        &self.settings
    }

    pub(crate) fn limiter(&self) -> Option<&RateLimiter> {
        self.limiter.as_ref()
    }
}

/// A walk over the pages of [`Client::list_certificate_packs`], from
/// [`Client::certificate_pack_pages`].
pub type CertificatePackPages<'c> = Pages<'c, CertificatePack>;

/// A wait for one certificate pack, from
/// [`Client::wait_for_certificate_pack`]; nothing is sent until
/// [`Waiter::wait`].
pub type WaitForCertificatePack<'c> = Waiter<'c, CertificatePack>;

/// The composites: waiting, walking pages, read before write, ordering once.
impl Client {
    /// Every page of [`Client::list_certificate_packs`] for `query`, from
    /// `query.page` (or 1) on; see [`Pages`]. Without `status(All)`
    /// Cloudflare lists only active packs. The generated
    /// [`Client::list_certificate_packs_pages`] under the name this crate
    /// has always had for it.
    ///
    /// ```no_run
    /// # async fn run(client: cloudflare_ssl::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use cloudflare_ssl::types::{CertificatePackListStatus, ListCertificatePacksQuery};
    /// let query = ListCertificatePacksQuery::new().status(CertificatePackListStatus::All).per_page(50);
    /// let mut pages = client.certificate_pack_pages("023e105f4ecef8ad9ca31a8372d0c353", query);
    /// while let Some(page) = pages.next_page().await {
    ///     for pack in page?.items {
    ///         println!("{} {}", pack.id, pack.status);
    ///     }
    /// }
    /// match pages.stopped() {
    ///     Some(end) if end.is_complete() => println!("every pack was listed"),
    ///     end => eprintln!("some packs may be missing: {end:?}"),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn certificate_pack_pages(
        &self,
        zone_id: &str,
        query: impl Into<ListCertificatePacksQuery>,
    ) -> CertificatePackPages<'_> {
        self.list_certificate_packs_pages(zone_id, query)
    }

    /// Follows a certificate pack until `target` holds: a [`Waiter`]
    /// polling [`Client::get_certificate_pack`] with
    /// [`WaitTarget::acceptance`] as its acceptor.
    ///
    /// ```no_run
    /// # async fn run(client: cloudflare_ssl::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use cloudflare_ssl::WaitTarget;
    /// let pack = client
    ///     .wait_for_certificate_pack("023e105f4ecef8ad9ca31a8372d0c353", "3822ff90ea6947ce97a8b2d1f8b4e4ab", WaitTarget::Active)
    ///     .wait(Duration::from_secs(30 * 60))
    ///     .await?;
    /// println!("{} is {}", pack.id, pack.status);
    /// # Ok(())
    /// # }
    /// ```
    pub fn wait_for_certificate_pack(
        &self,
        zone_id: &str,
        certificate_pack_id: &str,
        target: WaitTarget,
    ) -> WaitForCertificatePack<'_> {
        let (zone_id, pack_id) = (zone_id.to_owned(), certificate_pack_id.to_owned());
        Waiter::new(
            move || {
                let (zone_id, pack_id) = (zone_id.clone(), pack_id.clone());
                async move { self.get_certificate_pack(&zone_id, &pack_id).await }
            },
            move |pack| target.acceptance(pack),
        )
    }

    /// Reads the zone's Automatic SSL/TLS setting and says what setting it
    /// to `value` would do; sends only the GET. An unknown `value` is
    /// refused before anything is sent.
    pub async fn plan_ssl_automatic_mode(
        &self,
        zone_id: &str,
        value: SslAutomaticModeValue,
    ) -> Result<SslAutomaticModePlan, Error> {
        crate::operation::known_value("value", &value)?;
        let current = self.get_ssl_automatic_mode(zone_id).await?;
        Ok(SslAutomaticModePlan::new(current, &value))
    }

    /// Sets the zone's Automatic SSL/TLS to `value` only when it differs:
    /// reads the setting first, sends no PATCH when it already has the
    /// value ([`Ensured::Unchanged`]) or is not editable
    /// ([`EnsureError::NotEditable`]), and PATCHes otherwise
    /// ([`Ensured::Changed`]).
    pub async fn ensure_ssl_automatic_mode(
        &self,
        zone_id: &str,
        value: SslAutomaticModeValue,
    ) -> Result<Ensured, EnsureError> {
        let plan = self.plan_ssl_automatic_mode(zone_id, value.clone()).await?;
        match plan.outcome_without_patch() {
            Some(outcome) => outcome,
            None => Ok(Ensured::Changed(
                self.edit_ssl_automatic_mode(zone_id, value).await?,
            )),
        }
    }
}

impl Client {
    /// Orders an advanced certificate pack unless the zone already has one
    /// for these hosts, so that calling it again never makes a second pack.
    /// It checks the order (a refusal sends nothing), lists every pack of
    /// the zone and returns a not-ended one of the order's type with the
    /// same hosts, in any order and case, as [`OrderOutcome::Existing`],
    /// reads the quota, and orders once ([`OrderOutcome::Ordered`]). After
    /// a failure that may have reached Cloudflare it lists again: the pack
    /// found is the one ordered, and none is [`OrderError::OutcomeUnknown`].
    /// Each step, with an example: the README's "Lifecycle".
    pub async fn order_certificate_pack_once(
        &self,
        zone_id: &str,
        order: impl Into<CertificatePackOrderRequest>,
    ) -> Result<OrderOutcome, OrderError> {
        let order = order.into();
        order::check(&order)?;
        let packs = self.every_certificate_pack(zone_id).await?;
        if let Some(pack) = order::matching_pack(packs, &order) {
            return Ok(OrderOutcome::Existing(pack));
        }
        order::check_quota(&self.get_certificate_pack_quotas(zone_id).await?)?;
        match self.order_certificate_pack(zone_id, &order).await {
            Ok(pack) => Ok(OrderOutcome::Ordered(pack)),
            Err(error) if order::may_have_reached_cloudflare(&error) => {
                let listing = self.every_certificate_pack(zone_id).await;
                order::after_unclear_order(error, listing, &order)
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Every pack of the zone, whatever its status, or why not all were seen.
    async fn every_certificate_pack(
        &self,
        zone_id: &str,
    ) -> Result<Vec<CertificatePack>, crate::ListingError<CertificatePack>> {
        self.certificate_pack_pages(zone_id, order::every_pack())
            .collect_all()
            .await
    }
}

/// Settings for a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    credentials: Credentials,
    base_url: String,
    connect_timeout: Duration,
    settings: CallSettings,
    limiter: Option<RateLimiter>,
    /// PEM or DER, checked when the client is built.
    root_certificates: Vec<Vec<u8>>,
    /// `YYYY-MM-DD`, checked when the client is built.
    api_version: Option<String>,
}

impl ClientBuilder {
    /// These credentials, the documented base URL, 5 s to connect, 60 s per
    /// attempt, 2 retries, no deadline, a 4 MiB body limit, no rate limiter.
    pub fn new(credentials: Credentials) -> Self {
        Self {
            credentials,
            base_url: DEFAULT_BASE_URL.to_owned(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            settings: CallSettings {
                timeout: DEFAULT_TIMEOUT,
                deadline: None,
                max_retries: DEFAULT_MAX_RETRIES,
                max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            },
            limiter: None,
            root_certificates: Vec::new(),
            api_version: None,
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
        self.settings.timeout = timeout;
        self
    }

    /// Time allowed for a whole call: every attempt and back-off sleep (and
    /// any wait for the rate limiter). When it passes, the call ends with
    /// [`Error::DeadlineExceeded`]; a back-off that would end after it is
    /// not slept, and the last answer is returned instead.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.settings.deadline = Some(deadline);
        self
    }

    /// How many times a failed request is retried; 0 disables retries.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.settings.max_retries = max_retries;
        self
    }

    /// The longest response body read; a longer one (by its
    /// `Content-Length`, or found while reading) stops the read and is an
    /// [`Error::UnexpectedResponse`] saying so.
    pub fn max_response_bytes(mut self, max: usize) -> Self {
        self.settings.max_response_bytes = max;
        self
    }

    /// Sends every request through `limiter`, shared with every clone of
    /// the client (and any other client given the same limiter). Off by
    /// default; [`RateLimiter::cloudflare`] is Cloudflare's documented
    /// 1 200 requests per 5 minutes.
    pub fn rate_limiter(mut self, limiter: RateLimiter) -> Self {
        self.limiter = Some(limiter);
        self
    }

    /// Trusts `certificate` as a root, besides the system's trust store: a
    /// private CA, such as a TLS-intercepting proxy's. PEM (one or more
    /// `CERTIFICATE` blocks, as in a `.pem` or `.crt` file) or one DER
    /// certificate; call again for more. Checked when the client is built:
    /// a certificate that does not parse, or any certificate in a build
    /// without a TLS feature, makes [`ClientBuilder::build`] an
    /// [`Error::Config`].
    ///
    /// ```no_run
    /// # fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// use cloudflare_ssl::{Client, Credentials};
    /// let client = Client::builder(Credentials::from_env()?)
    ///     .add_root_certificate(std::fs::read("/etc/corp/proxy-ca.pem")?)
    ///     .build()?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn add_root_certificate(mut self, certificate: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(certificate.into());
        self
    }

    /// Sends `api-version: <date>` with every request, as Cloudflare's
    /// official Python and TypeScript SDKs do, to pin the API's behaviour
    /// to that date's (not sent by default). The
    /// date is `YYYY-MM-DD`, checked when the client is built: anything
    /// else makes [`ClientBuilder::build`] an [`Error::Config`].
    pub fn api_version(mut self, date: impl Into<String>) -> Self {
        self.api_version = Some(date.into());
        self
    }

    /// Checks every setting and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = checked_base_url(&self.base_url)?;
        let mut headers = self.credentials.headers()?;
        headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
        if let Some(date) = &self.api_version {
            headers.insert(API_VERSION, checked_api_version(date)?);
        }
        let http = tls::configure(reqwest::Client::builder(), &self.root_certificates)?;
        let http = http
            .default_headers(headers)
            .connect_timeout(self.connect_timeout)
            // No client-wide timeout: every request carries its client's
            // `settings.timeout` (`call.rs`), derived clients' included.
            // A redirect would turn the PATCH into a GET and could carry the
            // legacy key headers (which reqwest does not strip) to another host.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Config(format!("the HTTP client could not be built: {e}")))?;
        Ok(Client {
            http,
            base_url: base_url.into(),
            settings: self.settings,
            limiter: self.limiter,
        })
    }
}

/// The header [`ClientBuilder::api_version`] sets.
const API_VERSION: reqwest::header::HeaderName =
    reqwest::header::HeaderName::from_static("api-version");

/// `date` as a header value when it is a real calendar date written
/// `YYYY-MM-DD`.
fn checked_api_version(date: &str) -> Result<HeaderValue, Error> {
    let shaped = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped || chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() {
        return Err(Error::Config(format!(
            "api_version {date:?} is not a date written YYYY-MM-DD"
        )));
    }
    HeaderValue::from_str(date)
        .map_err(|e| Error::Config(format!("api_version {date:?} is not a header value: {e}")))
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
    if url.scheme() == "https" && !tls::HTTPS {
        return Err(Error::Config(format!(
            "base URL {base_url:?} is https, but {}",
            tls::NO_TLS
        )));
    }
    if url.query().is_some() || url.fragment().is_some() || url.cannot_be_a_base() {
        return Err(Error::Config(format!(
            "base URL {base_url:?} must not have a query or fragment"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}
