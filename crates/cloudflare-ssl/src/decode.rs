//! Turning the final response of a call into its result or an [`Error`].
//!
//! The operation's documented statuses decide what the body should be: its
//! success envelope, its failure envelope, or (any other status) nothing
//! this client knows. A body is decoded once as what its status documents;
//! only when that fails is it read again, leniently, as Cloudflare's failure
//! envelope (proxies and undocumented statuses still carry it), and only
//! when that fails too a third time, to name the JSON path where it stops
//! matching the schema.

use std::time::SystemTime;

use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::{BODY_PREFIX_LEN, Error};
use crate::exchange::{Exchange, cf_ray};
use crate::generated_types::ResponseInfo;
use crate::operation::{FailureEnvelope, Operation, Parts, SuccessEnvelope, documents};
use crate::rate_limit::RateLimitHeaders;
use crate::response::Response;
use crate::retry;

pub(crate) fn decode<O: Operation>(
    exchange: Exchange,
) -> Result<Response<<O::Envelope as SuccessEnvelope>::Result>, Error> {
    let status = exchange.status.as_u16();
    if documents(O::SUCCESS_STATUSES, status) {
        let envelope = strict::<O::Envelope>(&exchange)?;
        let Parts {
            success,
            errors,
            messages,
            result,
        } = envelope.into_parts();
        return match (success, result) {
            // Cloudflare sometimes answers 200 with `"success": false`.
            (false, _) => Err(api(&exchange, errors, messages)),
            // The body moves into the response (no copy), for `raw_body()`.
            (true, Some(result)) => Ok(Response::new(result, messages, exchange)),
            (true, None) => Err(unexpected(
                &exchange,
                None,
                "`success` is true but `result` is missing".into(),
            )),
        };
    }
    if documents(O::FAILURE_STATUSES, status) {
        let Parts {
            success,
            errors,
            messages,
            ..
        } = strict::<O::Failure>(&exchange)?.into_parts();
        if !success {
            return Err(api_or_rate_limited(&exchange, errors, messages));
        }
        // A failure status whose body claims success is no failure envelope:
        // its `errors` are not Cloudflare's reasons for refusing.
        if exchange.status == StatusCode::TOO_MANY_REQUESTS {
            return Err(api_or_rate_limited(&exchange, Vec::new(), Vec::new()));
        }
        return Err(unexpected(
            &exchange,
            None,
            format!("HTTP {status} but the body says `\"success\": true`"),
        ));
    }
    if let Some((errors, messages)) = lenient_failure(&exchange.body) {
        return Err(api(&exchange, errors, messages));
    }
    Err(unexpected(
        &exchange,
        None,
        format!("HTTP {status} is not a documented response"),
    ))
}

/// The body decoded as the schema its status documents, or the error that
/// explains why it is not.
fn strict<T: DeserializeOwned>(exchange: &Exchange) -> Result<T, Error> {
    // serde's derived `Deserialize` also reads a struct from a JSON array
    // (`[false, []]`); Cloudflare's envelope is always an object.
    let decoded = if is_json_object(&exchange.body) {
        serde_json::from_slice(&exchange.body)
    } else {
        Err(not_an_object(&exchange.body))
    };
    decoded.map_err(|error| not_decoded::<T>(exchange, &error))
}

/// A body that does not decode as documented: a 429 is still a rate limit,
/// and Cloudflare's failure envelope is still an API error; anything else
/// is unexpected, with the JSON path where it stops matching `T`.
fn not_decoded<T: DeserializeOwned>(exchange: &Exchange, error: &serde_json::Error) -> Error {
    let failure = lenient_failure(&exchange.body);
    if exchange.status == StatusCode::TOO_MANY_REQUESTS {
        let (errors, messages) = failure.unwrap_or_default();
        return api_or_rate_limited(exchange, errors, messages);
    }
    if let Some((errors, messages)) = failure {
        return api(exchange, errors, messages);
    }
    let reason = if exchange.body.is_empty() {
        "empty body".to_owned()
    } else {
        error.to_string()
    };
    unexpected(exchange, json_path::<T>(&exchange.body), reason)
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

fn lenient_failure(body: &[u8]) -> Option<(Vec<ResponseInfo>, Vec<ResponseInfo>)> {
    if !is_json_object(body) {
        return None;
    }
    let failure: LenientFailure = serde_json::from_slice(body).ok()?;
    (!failure.success).then(|| (failure.errors, failure.messages.unwrap_or_default()))
}

fn api_or_rate_limited(
    exchange: &Exchange,
    errors: Vec<ResponseInfo>,
    messages: Vec<ResponseInfo>,
) -> Error {
    if exchange.status == StatusCode::TOO_MANY_REQUESTS {
        Error::RateLimited {
            retry_after: retry::requested_delay(&exchange.headers, SystemTime::now()),
            attempts: exchange.attempts,
            errors,
            cf_ray: cf_ray(&exchange.headers),
            rate_limit: RateLimitHeaders::from_headers(&exchange.headers),
        }
    } else {
        api(exchange, errors, messages)
    }
}

fn api(exchange: &Exchange, errors: Vec<ResponseInfo>, messages: Vec<ResponseInfo>) -> Error {
    Error::Api {
        status: exchange.status,
        errors,
        messages,
        attempts: exchange.attempts,
        cf_ray: cf_ray(&exchange.headers),
    }
}

/// An [`Error::UnexpectedResponse`] about `exchange` (whose body may be
/// only what was read before the read stopped).
pub(crate) fn unexpected(exchange: &Exchange, json_path: Option<String>, reason: String) -> Error {
    let body = &exchange.body;
    let prefix = &body[..body.len().min(BODY_PREFIX_LEN)];
    Error::UnexpectedResponse {
        status: Some(exchange.status),
        content_type: exchange
            .headers
            .get(CONTENT_TYPE)
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned()),
        body_prefix: String::from_utf8_lossy(prefix).into_owned(),
        json_path,
        reason,
        attempts: exchange.attempts,
        cf_ray: cf_ray(&exchange.headers),
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
