//! A successful call's result together with the facts of its response.

use std::fmt;
use std::ops::Deref;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName};

use crate::call::Exchange;
use crate::rate_limit::RateLimitHeaders;
use crate::types::ResponseInfo;

/// What the `*_with_response` methods return: the result and what else the
/// response said. The headers are read only when asked for, so a call that
/// does not ask pays nothing for them.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Response<T> {
    /// The envelope's `result`.
    pub result: T,
    /// The HTTP status.
    pub status: StatusCode,
    /// The envelope's `messages[]` (informational notes on success).
    pub messages: Vec<ResponseInfo>,
    /// How many requests the call sent, retries included.
    pub attempts: u32,
    headers: HeaderMap,
}

impl<T> Response<T> {
    /// The response of the call's final `exchange`, whose body decoded as
    /// `result` and `messages`.
    pub(crate) fn new(result: T, messages: Vec<ResponseInfo>, exchange: Exchange) -> Self {
        Self {
            result,
            status: exchange.status,
            messages,
            attempts: exchange.attempts,
            headers: exchange.headers,
        }
    }

    /// The `cf-ray` header: quote it to Cloudflare support. Read from the
    /// headers when asked for, and returned as [`Error::cf_ray`](crate::Error::cf_ray)
    /// returns an error's.
    pub fn cf_ray(&self) -> Option<&str> {
        cf_ray_value(&self.headers)
    }

    /// The `Ratelimit` and `Ratelimit-Policy` headers, parsed.
    pub fn rate_limit(&self) -> RateLimitHeaders {
        RateLimitHeaders::from_headers(&self.headers)
    }

    /// Every response header.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
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
