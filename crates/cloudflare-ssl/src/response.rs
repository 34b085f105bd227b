//! A successful call's result together with the facts of its response,
//! and its body as received.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::exchange::{Exchange, cf_ray_value};
use crate::generated_types::ResponseInfo;
use crate::rate_limit::RateLimitHeaders;

/// What the `*_with_response` methods return: the result and what else the
/// response said. The headers are read only when asked for, so a call that
/// does not ask pays nothing for them.
///
/// The body `result` was decoded from is kept as it arrived (the same
/// buffer, not a copy): [`Response::raw_body`], [`Response::raw_json`] and
/// [`Response::raw_body_as`] read what the generated types leave out, such
/// as a field Cloudflare added after this crate was generated.
#[derive(Clone)]
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
    body: Bytes,
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
            body: exchange.body,
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

    /// The response body exactly as it arrived: the whole envelope
    /// (`success`, `errors`, `messages`, `result`, and whatever else the
    /// server sent), before decoding.
    pub fn raw_body(&self) -> &[u8] {
        &self.body
    }

    /// The response body as a JSON value, with every member the server sent,
    /// declared by the generated types or not:
    /// `response.raw_json()?["result"]["new_field"]`.
    pub fn raw_json(&self) -> Result<serde_json::Value, serde_json::Error> {
        self.raw_body_as()
    }

    /// The response body decoded as `U`, a type of the caller's: declare
    /// only the members you need (serde ignores the others), such as a field
    /// Cloudflare added that the generated types do not have yet.
    ///
    /// ```
    /// # fn read(response: cloudflare_ssl::Response<cloudflare_ssl::types::CertificatePack>) -> Result<(), serde_json::Error> {
    /// #[derive(serde::Deserialize)]
    /// struct Envelope {
    ///     result: Added,
    /// }
    /// #[derive(serde::Deserialize)]
    /// struct Added {
    ///     new_field: Option<u32>,
    /// }
    /// let added: Envelope = response.raw_body_as()?;
    /// println!("{:?}", added.result.new_field);
    /// # Ok(())
    /// # }
    /// ```
    pub fn raw_body_as<U: DeserializeOwned>(&self) -> Result<U, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

/// Shows the body's length, not the body.
impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("result", &self.result)
            .field("status", &self.status)
            .field("messages", &self.messages)
            .field("attempts", &self.attempts)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}
