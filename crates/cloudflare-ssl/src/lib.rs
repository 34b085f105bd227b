#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

mod client;
mod credentials;
mod error;
#[allow(missing_docs)]
mod generated_client;
mod generated_fragment;
mod generated_open_enums;
mod hooks;
mod path_segment;
mod response;
pub mod retry;
mod validate;

pub use client::{
    Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
    ENV_BASE_URL, USER_AGENT_VALUE,
};
pub use credentials::{Credentials, ENV_API_KEY, ENV_API_TOKEN, ENV_EMAIL};
pub use error::{BODY_PREFIX_LEN, Error, TransportKind};
pub use generated_fragment::OPENAPI_FRAGMENT;

/// Request and response types, generated from the OpenAPI fragment.
///
/// The enums are open: see [`types::CertificatePackStatus`].
pub mod types {
    pub use crate::generated_client::types::*;
    pub use crate::generated_open_enums::*;
}

/// The generated progenitor client and its result types. Its methods do not
/// check input or interpret Cloudflare's envelope; prefer [`Client`], whose
/// [`Client::raw`] hands out one built with its credentials and retries.
/// (`raw::Client::new` is progenitor's: it panics if reqwest cannot build a
/// client, e.g. when no TLS backend can start; [`ClientBuilder`] reports that
/// as an error instead.)
pub mod raw {
    pub use crate::generated_client::{Client, Error, ResponseValue};
    pub use crate::hooks::Transport;
}
