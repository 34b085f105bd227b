//! Turning what the generated methods return into `Result<T, Error>`.

use progenitor_client::{Error as RawError, ResponseValue};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::{BODY_PREFIX_LEN, Error};
use crate::hooks::CallRecord;
use crate::types::{ApiFailure, CertificatePack, CertificatePackResponse, ResponseInfo};
use crate::types::{SslAutomaticModeResponse, SslAutomaticModeSetting};

/// An envelope taken apart: `success`, `errors`, `messages`, `result`.
pub(crate) type Parts<T> = (bool, Vec<ResponseInfo>, Vec<ResponseInfo>, Option<T>);

/// A success envelope: `success`, `errors`, `messages` and a `result`.
pub(crate) trait Envelope: DeserializeOwned {
    type Item;
    fn into_parts(self) -> Parts<Self::Item>;
}

impl Envelope for CertificatePackResponse {
    type Item = CertificatePack;
    fn into_parts(self) -> Parts<CertificatePack> {
        (self.success, self.errors, self.messages, self.result)
    }
}

impl Envelope for SslAutomaticModeResponse {
    type Item = SslAutomaticModeSetting;
    fn into_parts(self) -> Parts<SslAutomaticModeSetting> {
        (self.success, self.errors, self.messages, Some(self.result))
    }
}

/// Cloudflare's failure envelope, read leniently: any JSON object with
/// `"success": false` and an `errors` array counts, whatever else it holds.
#[derive(Deserialize)]
struct LenientFailure {
    success: bool,
    errors: Vec<ResponseInfo>,
    #[serde(default)]
    messages: Option<Vec<ResponseInfo>>,
}

fn failure_in(body: &[u8]) -> Option<(Vec<ResponseInfo>, Vec<ResponseInfo>)> {
    if !is_json_object(body) {
        return None;
    }
    let failure: LenientFailure = serde_json::from_slice(body).ok()?;
    (!failure.success).then(|| (failure.errors, failure.messages.unwrap_or_default()))
}

pub(crate) async fn finish<T: Envelope>(
    outcome: Result<ResponseValue<T>, RawError<ApiFailure>>,
    record: CallRecord,
) -> Result<T::Item, Error> {
    let attempts = record.attempts.max(1);
    // serde's derived `Deserialize` also reads a struct from a JSON array
    // (`[false, []]` as a failure envelope); Cloudflare's envelope is always
    // an object, so a decoded non-object is an unexpected payload.
    let outcome = match outcome {
        Ok(_) | Err(RawError::ErrorResponse(_)) if !is_json_object(&record.body) => Err(
            RawError::InvalidResponsePayload(record.body.clone(), not_an_object(&record.body)),
        ),
        other => other,
    };
    match outcome {
        Ok(value) => {
            let status = value.status();
            let (success, errors, messages, result) = value.into_inner().into_parts();
            match (success, result) {
                (false, _) => Err(Error::Api {
                    status,
                    errors,
                    messages,
                }),
                (true, Some(result)) => Ok(result),
                (true, None) => Err(unexpected(
                    Some(status),
                    record.content_type.as_ref().map(lossy),
                    &record.body,
                    None,
                    "`success` is true but `result` is missing".into(),
                )),
            }
        }
        Err(RawError::ErrorResponse(value)) => {
            let status = value.status();
            let failure = value.into_inner();
            if !failure.success {
                return Err(api_or_rate_limited(
                    status,
                    &record,
                    attempts,
                    failure.errors,
                    failure.messages,
                ));
            }
            // A 4xx whose body claims success is no failure envelope: its
            // `errors` are not Cloudflare's reasons for refusing.
            if status == StatusCode::TOO_MANY_REQUESTS {
                return Err(api_or_rate_limited(
                    status,
                    &record,
                    attempts,
                    Vec::new(),
                    Vec::new(),
                ));
            }
            Err(unexpected(
                Some(status),
                record.content_type.as_ref().map(lossy),
                &record.body,
                None,
                format!(
                    "HTTP {} but the body says `\"success\": true`",
                    status.as_u16()
                ),
            ))
        }
        Err(RawError::InvalidResponsePayload(body, error)) => {
            let status = record.status;
            if let Some(status) = status.filter(|s| *s == StatusCode::TOO_MANY_REQUESTS) {
                let (errors, messages) = failure_in(&body).unwrap_or_default();
                return Err(api_or_rate_limited(
                    status, &record, attempts, errors, messages,
                ));
            }
            if let (Some(status), Some((errors, messages))) = (status, failure_in(&body)) {
                return Err(Error::Api {
                    status,
                    errors,
                    messages,
                });
            }
            let json_path = match status {
                Some(s) if s.is_client_error() => json_path::<ApiFailure>(&body),
                _ => json_path::<T>(&body),
            };
            let reason = if body.is_empty() {
                "empty body".to_owned()
            } else {
                error.to_string()
            };
            Err(unexpected(
                status,
                record.content_type.as_ref().map(lossy),
                &body,
                json_path,
                reason,
            ))
        }
        Err(RawError::UnexpectedResponse(response)) => {
            let status = response.status();
            let content_type = content_type(response.headers());
            let body = response
                .bytes()
                .await
                .map_err(|e| Error::transport(e, attempts))?;
            if let Some((errors, messages)) = failure_in(&body) {
                return Err(Error::Api {
                    status,
                    errors,
                    messages,
                });
            }
            let reason = format!("HTTP {} is not a documented response", status.as_u16());
            Err(unexpected(Some(status), content_type, &body, None, reason))
        }
        Err(
            RawError::CommunicationError(error)
            | RawError::ResponseBodyError(error)
            | RawError::InvalidUpgrade(error),
        ) => Err(Error::transport(error, attempts)),
        Err(RawError::InvalidRequest(message) | RawError::Custom(message)) => Err(Error::Config(
            format!("the request could not be built: {message}"),
        )),
    }
}

fn api_or_rate_limited(
    status: StatusCode,
    record: &CallRecord,
    attempts: u32,
    errors: Vec<ResponseInfo>,
    messages: Vec<ResponseInfo>,
) -> Error {
    if status == StatusCode::TOO_MANY_REQUESTS {
        let retry_after = record.retry_after;
        Error::RateLimited {
            retry_after,
            attempts,
            errors,
        }
    } else {
        Error::Api {
            status,
            errors,
            messages,
        }
    }
}

fn content_type(headers: &HeaderMap) -> Option<String> {
    headers.get(CONTENT_TYPE).map(lossy)
}

fn lossy(value: &HeaderValue) -> String {
    String::from_utf8_lossy(value.as_bytes()).into_owned()
}

fn unexpected(
    status: Option<StatusCode>,
    content_type: Option<String>,
    body: &[u8],
    json_path: Option<String>,
    reason: String,
) -> Error {
    let prefix = &body[..body.len().min(BODY_PREFIX_LEN)];
    Error::UnexpectedResponse {
        status,
        content_type,
        body_prefix: String::from_utf8_lossy(prefix).into_owned(),
        json_path,
        reason,
    }
}

/// Where decoding `body` as `T` fails, as a path like `result.hosts[2]`;
/// `None` when the body is not JSON at all or the failure is at the top.
fn json_path<T: DeserializeOwned>(body: &[u8]) -> Option<String> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let error = serde_path_to_error::deserialize::<_, T>(&mut deserializer).err()?;
    let path = error.path().to_string();
    (path != ".").then_some(path)
}

fn is_json_object(body: &[u8]) -> bool {
    body.trim_ascii_start().first() == Some(&b'{')
}

/// serde_json's own words for a body that is not an object.
fn not_an_object(body: &[u8]) -> serde_json::Error {
    match serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(body) {
        Err(error) => error,
        Ok(_) => serde::de::Error::custom("expected a JSON object"),
    }
}
