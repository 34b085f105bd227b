//! [`MockCloudflare`], a running mock: where it listens, its client, its
//! zones, and what it received. Each operation's reply handle is a method
//! of it too, written from the fragment by the `operations!` macro
//! (`operation_id.rs`); starting one is `builder.rs`'s.

use std::sync::Arc;

use cloudflare_ssl::{Client, ClientBuilder, Credentials};
use wiremock::MockServer;

use crate::recorded::{self, RecordedRequest, Violation};
use crate::state::Shared;
use crate::zone::Zone;

/// The API token a mock expects unless told otherwise
/// (`MockBuilder::credentials`).
pub const API_TOKEN: &str = "cloudflare-ssl-mock-api-token";
/// The e-mail of [`MockCloudflare::global_api_key_credentials`].
pub const EMAIL: &str = "mock@example.com";
/// The global API key of [`MockCloudflare::global_api_key_credentials`].
pub const API_KEY: &str = "cloudflare-ssl-mock-global-api-key";
/// The path the mock serves the API under, like `https://api.cloudflare.com/client/v4`.
pub const BASE_PATH: &str = "/client/v4";

/// A running fake of the fragment's Cloudflare operations, on 127.0.0.1.
///
/// Every request is checked against the OpenAPI fragment; a request that
/// does not conform gets a Cloudflare-style 4xx answer **and** is recorded
/// as a [`Violation`]. Violations fail the test: [`verify`](Self::verify)
/// panics with them, and so does dropping the mock (unless the thread is
/// already panicking). A test that sends bad requests on purpose takes them
/// with [`take_violations`](Self::take_violations).
///
/// What success answers carry are zones ([`zone`](Self::zone),
/// [`default_zone`](Self::default_zone)); how each operation replies is its
/// handle, a method named after its `operationId`
/// (`mock.edit_certificate_pack()`, …).
pub struct MockCloudflare {
    pub(crate) server: MockServer,
    pub(crate) shared: Arc<Shared>,
    pub(crate) credentials: Credentials,
    pub(crate) client: Client,
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

    /// The zone `zone_id`, modelled from now on: a zone of its own, which
    /// starts with no packs and the documented setting. See [`Zone`].
    pub fn zone(&self, zone_id: &str) -> Zone<'_> {
        Zone::new(&self.shared, Some(zone_id))
    }

    /// The default zone: the zone every zone id not modelled with
    /// [`zone`](Self::zone) is. It starts with the documented pack (id
    /// `documented::CERTIFICATE_PACK_ID`) and setting. See [`Zone`].
    pub fn default_zone(&self) -> Zone<'_> {
        Zone::new(&self.shared, None)
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
    /// - `edit_ssl_verification`: the pack's validation method becomes the
    ///   requested one, and a pack in `validation_timed_out` moves to
    ///   `pending_validation`.
    /// - `edit_universal_ssl_settings`: `enabled` becomes the requested one.
    ///
    /// The resource is the zone's (the zone the path names if it is
    /// modelled, else the default zone): its pack, by id, or its setting.
    ///
    /// This is a model of what the documentation says, **not** Cloudflare's
    /// actual state machine: nothing happens over time. Orders and deletes
    /// change the zone whether stateful mode is on or not, as the scripts a
    /// test sets (`Pack::script`, `Zone::on_order`) run. Requests answered
    /// with an error, a rate limit, a raw body or a dropped connection
    /// change nothing, unless the reply is `carried_out(true)`. When off
    /// (the default) PATCHes change nothing: every answer is the configured
    /// one, whatever the request asked for.
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
