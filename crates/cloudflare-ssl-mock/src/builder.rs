//! Starting a mock: [`start`] and [`MockBuilder`]. The top of the crate:
//! it wires the checks, the state and the responder into a server.

use std::sync::Arc;

use cloudflare_ssl::{ClientBuilder, Credentials};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request};

use crate::answer;
use crate::check::{ExpectedAuth, Routes};
use crate::mock::{API_TOKEN, BASE_PATH, MockCloudflare};
use crate::server::{ConnectionDropper, Responder};
use crate::spec::Spec;
use crate::state::{Shared, State};

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
    spec: Option<Spec>,
}

impl Default for MockBuilder {
    fn default() -> Self {
        Self {
            credentials: Credentials::api_token(API_TOKEN),
            stateful: false,
            spec: None,
        }
    }
}

impl MockCloudflare {
    /// Settings other than the defaults of [`start`].
    pub fn builder() -> MockBuilder {
        MockBuilder::default()
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

    /// Another operation model than the fragment's, in the format of
    /// `src/generated_operations.json`: for testing that the mock answers
    /// operations it was never written for.
    #[doc(hidden)]
    pub fn spec(mut self, spec: Spec) -> Self {
        self.spec = Some(spec);
        self
    }

    /// Starts the server on a free port of 127.0.0.1.
    ///
    /// # Panics
    /// If the client cannot be built for the server's URL (it always can).
    pub async fn start(self) -> MockCloudflare {
        let spec = self.spec.unwrap_or_default();
        let state = State::new(self.stateful, answer::documented_zones(&spec));
        let shared = Arc::new(Shared::new(
            Routes::new(spec, BASE_PATH),
            ExpectedAuth::from(&self.credentials),
            state,
        ));
        // A server of its own rather than wiremock's pool: nothing a test
        // left behind (a delayed answer, a connection) reaches the next one.
        let server = MockServer::builder().start().await;
        // Tried first: the requests whose reply drops the connection (see
        // `server.rs`).
        let dropper = ConnectionDropper(Arc::clone(&shared));
        Mock::given(dropper.clone())
            .respond_with_err(move |request: &Request| dropper.drop_connection(request))
            .with_priority(1)
            .named("cloudflare-ssl-mock: drop_connection")
            .mount(&server)
            .await;
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
