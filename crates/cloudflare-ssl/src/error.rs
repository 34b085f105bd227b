//! The one error type every call returns.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

use crate::types::ResponseInfo;

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
    },
    /// HTTP 429 on every attempt, retries included.
    RateLimited {
        /// The last `Retry-After` (or `retry-after-ms`) the server sent.
        retry_after: Option<Duration>,
        /// How many requests were sent.
        attempts: u32,
        /// The `errors[]` of the last response, if its body had any.
        errors: Vec<ResponseInfo>,
    },
    /// No usable response: connecting failed, a timeout fired, or the body
    /// could not be read.
    Transport {
        /// What kind of failure.
        kind: TransportKind,
        /// How many requests were sent.
        attempts: u32,
        /// The underlying error.
        source: reqwest::Error,
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
    },
    /// A caller-supplied value that would not make a valid request. Nothing
    /// was sent.
    InvalidInput {
        /// The parameter's name, as in the API (`zone_id`, `value`, …).
        parameter: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The client could not be configured (credentials, base URL, TLS).
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
    /// The request or the response body failed in flight.
    Other,
}

impl Error {
    /// The HTTP status of the response behind this error, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api { status, .. } => Some(*status),
            Self::RateLimited { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            Self::UnexpectedResponse { status, .. } => *status,
            Self::Transport { .. } | Self::InvalidInput { .. } | Self::Config(_) => None,
        }
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

    pub(crate) fn transport(source: reqwest::Error, attempts: u32) -> Self {
        let kind = if source.is_timeout() {
            TransportKind::Timeout
        } else if source.is_connect() {
            TransportKind::Connect
        } else {
            TransportKind::Other
        };
        Self::Transport {
            kind,
            attempts,
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
            Self::Transport {
                kind,
                attempts,
                source,
            } => {
                let what = match kind {
                    TransportKind::Connect => "could not connect to the Cloudflare API",
                    TransportKind::Timeout => "request to the Cloudflare API timed out",
                    TransportKind::Other => "request to the Cloudflare API failed",
                };
                write!(f, "{what} after {attempts} attempt(s): {source}")
            }
            Self::UnexpectedResponse {
                status,
                content_type,
                body_prefix,
                json_path,
                reason,
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
