//! The one error type every call returns.
//!
//! Every variant that had a response keeps the `cf-ray` header of the last
//! one: it is what Cloudflare support asks for (cloudflare-go #867,
//! origin-ca-issuer PR #111), so `Display` shows it too.
//!
//! reqwest's error is never a public field: a transport failure holds an
//! opaque [`TransportError`] whose `source()` is reqwest's error, so the
//! API does not change with reqwest's major version.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

use crate::exchange::CfRay;
use crate::generated_types::ResponseInfo;
use crate::rate_limit::RateLimitHeaders;

/// Cloudflare error codes the classification helpers know, with their source.
mod codes {
    /// "Invalid access token" (cloudflare-go's error tests, the API's answer
    /// to a revoked token).
    pub const INVALID_ACCESS_TOKEN: i64 = 9109;
    /// "Authentication error" (the documentation's 403 answers).
    pub const AUTHENTICATION_ERROR: i64 = 10000;
    /// "Please wait and consider throttling your request speed": the global
    /// rate limit (terraform-provider-cloudflare #5505, cloudflare-go #1041).
    pub const RATE_LIMITED: i64 = 971;
}

/// Everything that can go wrong in a call, in a form a caller can match on
/// and print. No variant carries or prints a credential.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Cloudflare answered with its failure envelope: an HTTP error status,
    /// or HTTP 200 with `"success": false`.
    Api {
        /// The HTTP status (200 for a `success: false` body).
        status: StatusCode,
        /// Every `errors[]` entry, in order.
        errors: Vec<ResponseInfo>,
        /// Every `messages[]` entry, in order.
        messages: Vec<ResponseInfo>,
        /// How many requests were sent, retries included.
        attempts: u32,
        /// The response's `cf-ray` header, for Cloudflare support.
        cf_ray: Option<CfRay>,
    },
    /// HTTP 429: on every attempt, or at once when the server asked for a
    /// wait longer than the client retries into (Cloudflare then blocks
    /// every call for minutes).
    RateLimited {
        /// The last `Retry-After` (or `retry-after-ms`) the server sent.
        retry_after: Option<Duration>,
        /// How many requests were sent.
        attempts: u32,
        /// The `errors[]` of the last response, if its body had any.
        errors: Vec<ResponseInfo>,
        /// The last response's `cf-ray` header.
        cf_ray: Option<CfRay>,
        /// The last response's `Ratelimit` / `Ratelimit-Policy` headers.
        rate_limit: RateLimitHeaders,
    },
    /// No usable response: connecting failed, a timeout fired, or the body
    /// could not be read.
    Transport {
        /// What kind of failure (the same as `source.kind()`, here to match on).
        kind: TransportKind,
        /// How many requests were sent.
        attempts: u32,
        /// The failure itself, also [`std::error::Error::source`] of this
        /// error; the HTTP library's error is in turn its `source()`.
        source: TransportError,
        /// The `cf-ray` header, when a response arrived and reading its body
        /// failed.
        cf_ray: Option<CfRay>,
    },
    /// The call's overall deadline ([`ClientBuilder::deadline`](crate::ClientBuilder::deadline))
    /// passed: no further attempt or back-off sleep was made.
    DeadlineExceeded {
        /// The deadline.
        deadline: Duration,
        /// How many requests were sent (the last one may have been cut off).
        attempts: u32,
        /// The `cf-ray` of the last response, if one arrived.
        cf_ray: Option<CfRay>,
    },
    /// A response this client cannot make sense of: an undocumented status
    /// without Cloudflare's envelope, an HTML error page, an empty or
    /// truncated body, or JSON that does not match the schema.
    UnexpectedResponse {
        /// The HTTP status.
        status: Option<StatusCode>,
        /// The `Content-Type` header, if any.
        content_type: Option<String>,
        /// The first bytes of the body (lossy UTF-8), at most
        /// [`BODY_PREFIX_LEN`] bytes.
        body_prefix: String,
        /// Where decoding failed, as a JSON path such as `result.hosts[3]`.
        json_path: Option<String>,
        /// Why the response was not accepted.
        reason: String,
        /// How many requests were sent, retries included.
        attempts: u32,
        /// The response's `cf-ray` header.
        cf_ray: Option<CfRay>,
    },
    /// A caller-supplied value that would not make a valid request. Nothing
    /// was sent.
    InvalidInput {
        /// The parameter's name, as in the API (`zone_id`, `value`, …).
        parameter: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The request of this call could not be made: its JSON body could not
    /// be encoded, or its URL could not be built. Nothing was sent. Unlike
    /// [`Error::Config`], this happens when a call is made, not when the
    /// client is built, and retrying the same call fails the same way.
    Encoding(String),
    /// The client could not be built ([`ClientBuilder::build`](crate::ClientBuilder::build),
    /// [`ClientBuilder::from_env`](crate::ClientBuilder::from_env),
    /// [`Credentials`](crate::Credentials)): credentials, base URL, TLS, `api_version`.
    Config(String),
}

/// How many bytes of an unexpected body [`Error::UnexpectedResponse`] keeps.
pub const BODY_PREFIX_LEN: usize = 512;

/// The kind of an [`Error::Transport`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// The connection could not be made.
    Connect,
    /// The connect or request timeout fired.
    Timeout,
    /// A response arrived, but reading its body failed (the connection
    /// closed or broke mid-body).
    Body,
    /// The request failed in flight some other way.
    Other,
}

/// Why an [`Error::Transport`] had no usable response: opaque, with its
/// [`kind`](TransportError::kind). The HTTP library's own error is its
/// [`source()`](std::error::Error::source), and it is reachable only that
/// way, so this type does not change with that library's versions.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportKind,
    inner: reqwest::Error,
}

impl TransportError {
    fn new(inner: reqwest::Error) -> Self {
        let kind = if inner.is_timeout() {
            TransportKind::Timeout
        } else if inner.is_connect() {
            TransportKind::Connect
        } else if inner.is_body() || inner.is_decode() {
            TransportKind::Body
        } else {
            TransportKind::Other
        };
        Self { kind, inner }
    }

    /// What kind of failure it was.
    pub fn kind(&self) -> TransportKind {
        self.kind
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            TransportKind::Connect => "could not connect",
            TransportKind::Timeout => "timed out",
            TransportKind::Body => "the response body could not be read",
            TransportKind::Other => "the request failed",
        })
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.inner)
    }
}

impl Error {
    /// The HTTP status of the response behind this error, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api { status, .. } => Some(*status),
            Self::RateLimited { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            Self::UnexpectedResponse { status, .. } => *status,
            Self::Transport { .. }
            | Self::DeadlineExceeded { .. }
            | Self::InvalidInput { .. }
            | Self::Encoding(_)
            | Self::Config(_) => None,
        }
    }

    /// How many requests the call sent, retries included: at least 1 for
    /// [`Api`](Error::Api), [`RateLimited`](Error::RateLimited),
    /// [`Transport`](Error::Transport) and
    /// [`UnexpectedResponse`](Error::UnexpectedResponse); 0 when nothing
    /// was sent ([`InvalidInput`](Error::InvalidInput),
    /// [`Encoding`](Error::Encoding), [`Config`](Error::Config), or a
    /// [`DeadlineExceeded`](Error::DeadlineExceeded) that passed while the
    /// rate limiter held the first request back).
    pub fn attempts(&self) -> u32 {
        match self {
            Self::Api { attempts, .. }
            | Self::RateLimited { attempts, .. }
            | Self::Transport { attempts, .. }
            | Self::DeadlineExceeded { attempts, .. }
            | Self::UnexpectedResponse { attempts, .. } => *attempts,
            Self::InvalidInput { .. } | Self::Encoding(_) | Self::Config(_) => 0,
        }
    }

    /// The `cf-ray` header of the last response, if one arrived: quote it
    /// to Cloudflare support. [`Response::cf_ray`](crate::Response::cf_ray)
    /// returns a success's the same way.
    pub fn cf_ray(&self) -> Option<&str> {
        match self {
            Self::Api { cf_ray, .. }
            | Self::RateLimited { cf_ray, .. }
            | Self::Transport { cf_ray, .. }
            | Self::DeadlineExceeded { cf_ray, .. }
            | Self::UnexpectedResponse { cf_ray, .. } => cf_ray.as_ref().map(CfRay::as_str),
            Self::InvalidInput { .. } | Self::Encoding(_) | Self::Config(_) => None,
        }
    }

    /// Whether the same call may succeed later: rate limits, timeouts,
    /// connection failures, and the statuses the client itself retries
    /// (408, 409, 429, 5xx). Invalid input, authentication and other 4xx
    /// answers will not change by trying again.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::RateLimited { .. } | Self::DeadlineExceeded { .. } => true,
            Self::Transport { kind, .. } => {
                matches!(kind, TransportKind::Connect | TransportKind::Timeout)
            }
            Self::Api { status, errors, .. } => {
                crate::retry::is_retryable_status(*status)
                    || errors.iter().any(|e| e.code == codes::RATE_LIMITED)
            }
            Self::UnexpectedResponse { status, .. } => {
                status.is_some_and(crate::retry::is_retryable_status)
            }
            Self::InvalidInput { .. } | Self::Encoding(_) | Self::Config(_) => false,
        }
    }

    /// Whether the credentials were refused or lack a permission: HTTP 401
    /// or 403, or Cloudflare's codes 9109 (invalid access token) and 10000
    /// (authentication error).
    pub fn is_auth(&self) -> bool {
        matches!(self.status().map(|s| s.as_u16()), Some(401 | 403))
            || self.codes().iter().any(|code| {
                matches!(
                    *code,
                    codes::INVALID_ACCESS_TOKEN | codes::AUTHENTICATION_ERROR
                )
            })
    }

    /// Whether the zone or certificate pack was not found (HTTP 404).
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// Whether Cloudflare's rate limit stopped the call: [`Error::RateLimited`],
    /// or an API error with code 971.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Self::RateLimited { .. }) || self.codes().contains(&codes::RATE_LIMITED)
    }

    /// The Cloudflare error codes in this error, in order.
    pub fn codes(&self) -> Vec<i64> {
        match self {
            Self::Api { errors, .. } | Self::RateLimited { errors, .. } => {
                errors.iter().map(|e| e.code).collect()
            }
            _ => Vec::new(),
        }
    }

    pub(crate) fn transport(error: reqwest::Error, attempts: u32, cf_ray: Option<CfRay>) -> Self {
        let source = TransportError::new(error);
        Self::Transport {
            kind: source.kind(),
            attempts,
            source,
            cf_ray,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.describe(f)?;
        match self.cf_ray() {
            Some(ray) => write!(f, " [cf-ray: {ray}]"),
            None => Ok(()),
        }
    }
}

impl Error {
    fn describe(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api { status, errors, .. } => {
                if errors.is_empty() {
                    return write!(
                        f,
                        "Cloudflare API error (HTTP {status}) without error details"
                    );
                }
                for (index, error) in errors.iter().enumerate() {
                    if index > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "Cloudflare API error {}: {}", error.code, error.message)?;
                }
                write!(f, " (HTTP {})", status.as_u16())
            }
            Self::RateLimited {
                retry_after,
                attempts,
                ..
            } => {
                write!(
                    f,
                    "Cloudflare API rate limit (HTTP 429) after {attempts} attempt(s)"
                )?;
                match retry_after {
                    Some(delay) => write!(f, "; retry after {:.3} s", delay.as_secs_f64()),
                    None => Ok(()),
                }
            }
            Self::DeadlineExceeded {
                deadline, attempts, ..
            } => write!(
                f,
                "the call's deadline of {:.3} s passed after {attempts} attempt(s)",
                deadline.as_secs_f64()
            ),
            Self::Transport {
                kind,
                attempts,
                source,
                ..
            } => {
                let what = match kind {
                    TransportKind::Connect => "could not connect to the Cloudflare API",
                    TransportKind::Timeout => "request to the Cloudflare API timed out",
                    TransportKind::Body => "the Cloudflare API's response body could not be read",
                    TransportKind::Other => "request to the Cloudflare API failed",
                };
                // reqwest's own words ("connection refused", …), which
                // are also in `source()`'s chain.
                write!(f, "{what} after {attempts} attempt(s): {}", source.inner)
            }
            Self::UnexpectedResponse {
                status,
                content_type,
                body_prefix,
                json_path,
                reason,
                ..
            } => {
                f.write_str("unexpected response from the Cloudflare API")?;
                if let Some(status) = status {
                    write!(f, " (HTTP {})", status.as_u16())?;
                }
                write!(f, ": {reason}")?;
                if let Some(path) = json_path {
                    write!(f, " at `{path}`")?;
                }
                write!(
                    f,
                    "; content-type: {}",
                    content_type.as_deref().unwrap_or("(none)")
                )?;
                if body_prefix.is_empty() {
                    f.write_str("; empty body")
                } else {
                    write!(f, "; body starts: {body_prefix:?}")
                }
            }
            Self::InvalidInput { parameter, reason } => {
                write!(f, "invalid `{parameter}`: {reason}")
            }
            Self::Encoding(message) => write!(f, "the request could not be made: {message}"),
            Self::Config(message) => write!(f, "client configuration: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport { source, .. } => Some(source),
            _ => None,
        }
    }
}

// `Error` stays under clippy's `result_large_err` threshold (128 bytes), so
// that callers returning `Result<_, Error>` get no warning.
const _: () = assert!(std::mem::size_of::<Error>() < 128);
