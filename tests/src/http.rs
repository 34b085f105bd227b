//! Clients pointed at local servers.

use cloudflare_ssl::{Client, Credentials};

/// The credentials the suite's clients send: the pages' examples.
pub use cloudflare_ssl_mock::documented::{API_KEY as GLOBAL_KEY, API_TOKEN as TOKEN, EMAIL};

/// A client for `base_url` with an API token and no retries.
pub fn client(base_url: &str) -> Client {
    client_with(Credentials::api_token(TOKEN), base_url)
}

/// A client for `base_url` with these credentials and no retries.
pub fn client_with(credentials: Credentials, base_url: &str) -> Client {
    Client::builder(credentials)
        .base_url(base_url)
        .max_retries(0)
        .build()
        .expect("a client for a local server")
}

/// A current-thread tokio runtime, for property tests that drive async
/// calls case by case.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}
