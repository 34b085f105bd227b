//! A successful call's result together with the facts of its response.

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
    pub cf_ray: Option<String>,
    /// The envelope's `messages[]` (informational notes on success).
    pub messages: Vec<ResponseInfo>,
    /// The `Ratelimit` and `Ratelimit-Policy` headers.
    pub rate_limit: RateLimitHeaders,
    /// How many requests the call sent, retries included.
    pub attempts: u32,
}

/// The `cf-ray` header: Cloudflare's id of the request, on every answer
/// that passed through its edge.
pub(crate) fn cf_ray(headers: &HeaderMap) -> Option<String> {
    headers
        .get("cf-ray")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}
