//! A successful call's result together with the facts of its response.

use std::fmt;
use std::ops::Deref;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::rate_limit::RateLimitHeaders;
use crate::types::ResponseInfo;

/// What the `*_with_response` methods return: the result and what else the
/// response said.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Response<T> {
    /// The envelope's `result`.
    pub result: T,
    /// The HTTP status.
    pub status: StatusCode,
    /// The `cf-ray` header: quote it to Cloudflare support.
    pub cf_ray: Option<CfRay>,
    /// The envelope's `messages[]` (informational notes on success).
    pub messages: Vec<ResponseInfo>,
    /// The `Ratelimit` and `Ratelimit-Policy` headers.
    pub rate_limit: RateLimitHeaders,
    /// How many requests the call sent, retries included.
    pub attempts: u32,
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
    headers
        .get("cf-ray")
        .and_then(|value| value.to_str().ok())
        .map(|value| CfRay(value.into()))
}
