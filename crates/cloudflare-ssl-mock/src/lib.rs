#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

mod answers;
mod check;
pub mod documented;
mod model;
mod operation_id;
pub mod path;
mod recorded;
mod resource;
mod server;
pub mod spec;
mod time;
mod zone;

use std::sync::Arc;

use cloudflare_ssl::{Client, ClientBuilder, Credentials};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer};

pub use answers::{
    EditCertificatePack, EditSslAutomaticMode, GetCertificatePack, GetSslAutomaticMode,
    ListCertificatePacks, Operation, OperationKind, PackOperation, SettingOperation,
};
pub use recorded::{RecordedRequest, Violation};
pub use zone::{Pack, Step, Zone};

use crate::check::{ExpectedAuth, Routes};
use crate::server::{Responder, Shared};

/// The API token a mock expects unless told otherwise
/// ([`MockBuilder::credentials`]).
pub const API_TOKEN: &str = "cloudflare-ssl-mock-api-token";
/// The e-mail of [`MockCloudflare::global_api_key_credentials`].
pub const EMAIL: &str = "mock@example.com";
/// The global API key of [`MockCloudflare::global_api_key_credentials`].
pub const API_KEY: &str = "cloudflare-ssl-mock-global-api-key";
/// The path the mock serves the API under, like `https://api.cloudflare.com/client/v4`.
pub const BASE_PATH: &str = "/client/v4";

/// The Cloudflare error codes the mock sends for its own reasons. Where
/// Cloudflare is known to use a code for the same situation the mock uses
/// it; the rest are the mock's choice. Tests should not depend on them
/// beyond "a non-conforming request fails".
pub mod codes {
    /// Non-conforming request: no route for the path, or an undocumented
    /// method (HTTP 404/405) or query parameter name (400). Also a request to an
    /// operation the fragment documents but the mock does not model (HTTP
    /// 501): the mock refuses it rather than answer as another operation.
    pub const NO_ROUTE: i64 = 7000;
    /// Non-conforming request: a path identifier that is empty or not valid
    /// percent-encoded UTF-8 (HTTP 400). Ids longer than the fragment's
    /// `maxLength` are accepted, as Cloudflare hands them out.
    pub const INVALID_IDENTIFIER: i64 = 7003;
    /// Non-conforming request: credentials missing or in the wrong scheme,
    /// or a missing or wrong `Content-Type` (HTTP 400).
    pub const INVALID_HEADERS: i64 = 6003;
    /// Non-conforming request: credentials other than the mock's (HTTP 403).
    pub const AUTHENTICATION_ERROR: i64 = 10000;
    /// Non-conforming request: no body, or a body that is not JSON (HTTP 400).
    pub const MALFORMED_JSON: i64 = 6007;
    /// Non-conforming request: a certificate pack edit body that does not
    /// match the fragment's schema, or a body sent to an operation that
    /// documents none (HTTP 400).
    pub const INVALID_BODY: i64 = 1004;
    /// Non-conforming request: a documented query parameter whose value
    /// does not match the parameter's schema in the fragment (its type,
    /// `minimum`, `maximum`, `enum`: `per_page=3`, `page=0`,
    /// `per_page=abc`, `status=some`), is not valid percent-encoded UTF-8,
    /// or is given twice (HTTP 400). The mock's choice: no code for this is
    /// documented.
    pub const INVALID_QUERY_PARAMETER: i64 = 1001;
    /// Not a violation: a modelled zone does not hold the certificate pack
    /// (HTTP 404), or a script's `not_found`/`gone` step. The mock's choice:
    /// the documentation and Cloudflare's spec name no code for an unknown
    /// pack, so do not match on it in code meant for the real API; match on
    /// the HTTP status.
    pub const NOT_FOUND: i64 = 1404;
    /// Non-conforming request: an Automatic SSL/TLS body that does not match
    /// the fragment's schema (HTTP 400); the documented code for a bad `value`.
    pub const INVALID_SSL_AUTOMATIC_MODE_VALUE: i64 = 1008;
    /// The `errors[]` code of [`Operation::rate_limited`](crate::Operation::rate_limited) answers (HTTP 429).
    pub const RATE_LIMITED: i64 = 1015;
}

/// A mock with the defaults: API token [`API_TOKEN`], stateless, every
/// operation answering the documented example pack and setting.
pub async fn start() -> MockCloudflare {
    MockCloudflare::builder().start().await
}

/// Settings for a [`MockCloudflare`].
#[derive(Debug, Clone)]
pub struct MockBuilder {
    credentials: Credentials,
    stateful: bool,
}

impl Default for MockBuilder {
    fn default() -> Self {
        Self {
            credentials: Credentials::api_token(API_TOKEN),
            stateful: false,
        }
    }
}

impl MockBuilder {
    /// The credentials requests must carry (and [`MockCloudflare::client`]
    /// uses): an API token or an e-mail and global API key. Default:
    /// `Credentials::api_token(API_TOKEN)`.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// Stateful mode (default off): successful PATCHes change what later
    /// answers (the GETs' included) say. See [`MockCloudflare::set_stateful`].
    pub fn stateful(mut self, stateful: bool) -> Self {
        self.stateful = stateful;
        self
    }

    /// Starts the server on a free port of 127.0.0.1.
    ///
    /// # Panics
    /// If the client cannot be built for the server's URL (it always can).
    pub async fn start(self) -> MockCloudflare {
        let routes = Routes::new(spec::Spec::fragment(), BASE_PATH);
        let shared = Arc::new(Shared::new(
            routes,
            ExpectedAuth::from(&self.credentials),
            self.stateful,
        ));
        // A server of its own rather than wiremock's pool: nothing a test
        // left behind (a delayed answer, a connection) reaches the next one.
        let server = MockServer::builder().start().await;
        Mock::given(any())
            .respond_with(Responder(Arc::clone(&shared)))
            .named("cloudflare-ssl-mock")
            .mount(&server)
            .await;
        let client = ClientBuilder::new(self.credentials.clone())
            .base_url(format!("{}{BASE_PATH}", server.uri()))
            .build()
            .expect("cloudflare-ssl-mock: a client for the mock's URL");
        MockCloudflare {
            server,
            shared,
            credentials: self.credentials,
            client,
        }
    }
}

/// A running fake of the fragment's Cloudflare operations, on 127.0.0.1.
///
/// Every request is checked against the OpenAPI fragment; a request that
/// does not conform gets a Cloudflare-style 4xx answer **and** is recorded
/// as a [`Violation`]. Violations fail the test: [`verify`](Self::verify)
/// panics with them, and so does dropping the mock (unless the thread is
/// already panicking). A test that sends bad requests on purpose takes them
/// with [`take_violations`](Self::take_violations).
pub struct MockCloudflare {
    server: MockServer,
    shared: Arc<Shared>,
    credentials: Credentials,
    client: Client,
}

impl std::fmt::Debug for MockCloudflare {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockCloudflare")
            .field("uri", &self.server.uri())
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl MockCloudflare {
    /// Settings other than the defaults of [`start`].
    pub fn builder() -> MockBuilder {
        MockBuilder::default()
    }

    /// The server's root, e.g. `http://127.0.0.1:41235`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The API's base URL on the mock: [`uri`](Self::uri) followed by
    /// [`BASE_PATH`], as a client's `base_url` takes it.
    pub fn base_url(&self) -> String {
        format!("{}{BASE_PATH}", self.server.uri())
    }

    /// The credentials the mock expects.
    pub fn credentials(&self) -> Credentials {
        self.credentials.clone()
    }

    /// The e-mail and key credentials a mock started with
    /// `.credentials(MockCloudflare::global_api_key_credentials())` expects:
    /// [`EMAIL`] and [`API_KEY`].
    pub fn global_api_key_credentials() -> Credentials {
        Credentials::global_api_key(EMAIL, API_KEY)
    }

    /// A client pointed at the mock with its credentials and every other
    /// setting at the client's default (60 s timeout, 2 retries).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// A client builder with the mock's base URL and credentials, for other
    /// settings: `mock.client_builder().max_retries(0).build()`.
    pub fn client_builder(&self) -> ClientBuilder {
        ClientBuilder::new(self.credentials.clone()).base_url(self.base_url())
    }

    /// What `PATCH …/ssl/certificate_packs/{certificate_pack_id}` answers;
    /// its pack setters set the default pack, which `GET` answers too.
    pub fn edit_certificate_pack(&self) -> Operation<'_, EditCertificatePack> {
        Operation::new(&self.shared)
    }

    /// What `GET …/ssl/certificate_packs/{certificate_pack_id}` answers;
    /// its pack setters set the default pack, which `PATCH` answers too.
    pub fn get_certificate_pack(&self) -> Operation<'_, GetCertificatePack> {
        Operation::new(&self.shared)
    }

    /// What `GET …/ssl/certificate_packs` answers: the reply (failures,
    /// rate limits, delays, headers); the packs are a zone's
    /// ([`zone`](Self::zone)).
    pub fn list_certificate_packs(&self) -> Operation<'_, ListCertificatePacks> {
        Operation::new(&self.shared)
    }

    /// What `PATCH …/settings/ssl_automatic_mode` answers; its setting
    /// setters set the default setting, which `GET` answers too.
    pub fn edit_ssl_automatic_mode(&self) -> Operation<'_, EditSslAutomaticMode> {
        Operation::new(&self.shared)
    }

    /// What `GET …/settings/ssl_automatic_mode` answers; its setting
    /// setters set the default setting, which `PATCH` answers too.
    pub fn get_ssl_automatic_mode(&self) -> Operation<'_, GetSslAutomaticMode> {
        Operation::new(&self.shared)
    }

    /// The zone `zone_id`, modelled from now on: it holds its own packs,
    /// by id, and its own setting. See [`Zone`].
    pub fn zone(&self, zone_id: &str) -> Zone<'_> {
        Zone::new(&self.shared, zone_id)
    }

    /// Stateful mode on or off. When on, a PATCH that gets the success
    /// answer first changes the resource it names, and the answer (and
    /// every later one, the GETs' and the list's included) shows the change:
    ///
    /// - `edit_ssl_automatic_mode`: `value` becomes the requested value;
    ///   when it changes, `modified_on` becomes the current time, and
    ///   `next_scheduled_scan` goes (`custom`) or, when missing, comes
    ///   (`auto`: a day from now, the mock's choice).
    /// - `edit_certificate_pack`: `cloudflare_branding` becomes the
    ///   requested one, if the body has it; a pack in `validation_timed_out`
    ///   moves to `pending_validation` (validation restarted).
    ///
    /// The resource is the zone's own (a pack of a modelled zone, by id; its
    /// setting) or, for a zone not modelled with [`zone`](Self::zone), the
    /// default pack and setting that every such zone and pack id shares.
    ///
    /// This is a model of what the documentation says, **not** Cloudflare's
    /// actual state machine: nothing else changes state and nothing happens
    /// over time, except the scripts a test sets ([`Pack::script`], which
    /// run whether stateful mode is on or not). Requests answered with an
    /// error, a rate limit or a raw body change nothing. When off (the
    /// default) PATCHes change nothing: every answer is the configured one,
    /// whatever the request asked for.
    pub fn set_stateful(&self, stateful: bool) {
        self.shared.lock().stateful = stateful;
    }

    /// Every request received so far, in order, conforming or not.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// The violations recorded so far (they stay recorded).
    pub fn violations(&self) -> Vec<Violation> {
        self.shared.lock().violations.clone()
    }

    /// Takes the violations recorded so far: neither [`verify`](Self::verify)
    /// nor dropping the mock will report them. For tests that send
    /// non-conforming requests on purpose, and assert on what comes back.
    pub fn take_violations(&self) -> Vec<Violation> {
        std::mem::take(&mut self.shared.lock().violations)
    }

    /// Panics, listing them, if any request so far did not conform to the
    /// fragment. Dropping the mock does the same; call this to fail earlier.
    pub fn verify(&self) {
        let violations = self.take_violations();
        if !violations.is_empty() {
            panic!("{}", recorded::report(&violations));
        }
    }
}

impl Drop for MockCloudflare {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let violations = self.take_violations();
        if !violations.is_empty() {
            panic!("{}", recorded::report(&violations));
        }
    }
}
