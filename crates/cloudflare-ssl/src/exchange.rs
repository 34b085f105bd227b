//! The facts of one call's HTTP exchange that the rest of the runtime
//! reads: the final response, read whole ([`Exchange`]), and the `cf-ray`
//! header that names a response to Cloudflare support ([`CfRay`]).
//!
//! A leaf below the call path: it imports nothing from this crate, so the
//! call path (`call.rs`), decoding (`decode.rs`), `Response` and `Error`
//! all build on it without importing one another.

use std::fmt;
use std::ops::Deref;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName};

/// The final response of a call, read whole, and how many requests it took.
#[derive(Debug)]
pub(crate) struct Exchange {
    pub attempts: u32,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// The `cf-ray` header: Cloudflare's id of one request, on every answer
/// that passed through its edge, and what Cloudflare support asks for.
/// Derefs to `str`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CfRay(Box<str>);

impl CfRay {
    /// The header's value.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for CfRay {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CfRay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The `cf-ray` header of a response, when it is there and readable.
pub(crate) fn cf_ray(headers: &HeaderMap) -> Option<CfRay> {
    cf_ray_value(headers).map(|value| CfRay(value.into()))
}

/// The same, borrowed, for a trace that only records it.
pub(crate) fn cf_ray_value(headers: &HeaderMap) -> Option<&str> {
    const CF_RAY: HeaderName = HeaderName::from_static("cf-ray");
    headers.get(CF_RAY).and_then(|value| value.to_str().ok())
}
