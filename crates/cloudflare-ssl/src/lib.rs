#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

mod call;
mod client;
mod credentials;
pub mod dcv;
mod decode;
mod ensure;
mod error;
mod exchange;
mod generated_open_enums;
mod generated_operations;
mod generated_queries;
#[allow(missing_docs)]
mod generated_types;
mod limiter;
mod open_enum;
mod operation;
mod order;
mod pack_status;
mod pack_wait;
mod page;
mod pages;
mod path;
mod rate_limit;
mod response;
mod response_info;
mod retry;
mod tls;
mod trace;
mod waiter;

pub use client::{
    CertificatePackPages, Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, ENV_BASE_URL, USER_AGENT_VALUE,
    WaitForCertificatePack,
};
pub use credentials::{Credentials, ENV_API_KEY, ENV_API_TOKEN, ENV_EMAIL};
pub use ensure::{EnsureError, Ensured, PlannedChange, SslAutomaticModePlan};
pub use error::{BODY_PREFIX_LEN, Error, TransportError, TransportKind};
pub use exchange::CfRay;
pub use limiter::RateLimiter;
pub use order::{OrderError, OrderOutcome};
pub use pack_status::StatusClass;
pub use pack_wait::WaitTarget;
pub use page::Page;
pub use pages::{DEFAULT_MAX_PAGES, ListingError, Pages, PagesEnd};
pub use path::check_path_parameter;
pub use rate_limit::{RateLimitHeaders, RateLimitPolicy, RateLimitStatus};
pub use response::Response;
pub use waiter::{
    Acceptance, DEFAULT_FIRST_POLL_INTERVAL, DEFAULT_MAX_POLL_INTERVAL, PollSchedule, WaitError,
    Waiter,
};

// The types of other crates that public signatures name, so that a caller
// can name them without depending on those crates, and the docs link them.
// tests/runtime/public_api.rs fails when a signature names one that is not
// re-exported here.
pub use chrono::{DateTime, Utc};
pub use reqwest::StatusCode;
pub use reqwest::header::{HeaderMap, HeaderValue};

/// The JSON types of [`serde_json`] that [`Response::raw_json`],
/// [`Response::raw_body_as`] and [`types::ResponseInfo`]'s `extra` name:
/// the JSON value, an object's map, and a decoding error. In a module of
/// their own because `Error` would clash with this crate's [`Error`].
pub mod json {
    pub use serde_json::{Error, Map, Value};
}

/// What `cloudflare-ssl-mock` and this workspace's tests need from the
/// crate and callers do not. Hidden from the docs because it is not part of
/// the API: it may change in any release.
#[doc(hidden)]
pub mod internal {
    /// The OpenAPI fragment this crate was generated from, verbatim, so
    /// that a vendored copy's tests can still compare the crate with it
    /// (the documented server is the default base URL).
    pub const OPENAPI_FRAGMENT: &str = include_str!("generated_fragment.json");
    /// The name of every open enum, in the fragment's order: the
    /// conformance suite checks that it tests each one.
    pub const OPEN_ENUM_NAMES: &[&str] = crate::generated_open_enums::OPEN_ENUM_NAMES;
}

/// Request and response types, generated from the OpenAPI fragment.
///
/// The enums are open: see [`types::CertificatePackStatus`].
pub mod types {
    pub use crate::generated_open_enums::*;
    pub use crate::generated_queries::*;
    pub use crate::generated_types::*;
    pub use crate::open_enum::OpenEnum;
}
