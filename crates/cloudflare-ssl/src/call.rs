//! The one call path every operation takes: check the input, build the
//! request, send it with the retry policy (and the rate limiter and
//! deadline, when set), read the final body once, decode once.
//!
//! Per-call state is a local value handed along: [`Progress`] counts the
//! attempts and keeps the last `cf-ray` (it outlives a deadline cutting the
//! call short), and the [`Exchange`] that [`Client::send`] returns holds the
//! final status, headers and body for [`crate::decode`].

use std::time::SystemTime;

use bytes::Bytes;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use tokio::time::Instant;

use crate::client::Client;
use crate::decode;
use crate::error::Error;
use crate::operation::{Operation, SuccessEnvelope};
use crate::response::{CfRay, Response, cf_ray};
use crate::retry;
use crate::trace::CallSpan;

/// The final response of a call, read whole, and how many requests it took.
#[derive(Debug)]
pub(crate) struct Exchange {
    pub attempts: u32,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// What happened so far in one call.
#[derive(Debug, Default)]
struct Progress {
    attempts: u32,
    cf_ray: Option<CfRay>,
}

/// What a successful call returns.
pub(crate) type Output<O> = Response<<<O as Operation>::Envelope as SuccessEnvelope>::Result>;

const JSON: HeaderValue = HeaderValue::from_static("application/json");

impl Client {
    /// Runs `operation`: its checks before any I/O, then the request.
    pub(crate) async fn execute<O: Operation>(&self, operation: O) -> Result<Output<O>, Error> {
        let (url, body) = self.prepare(&operation)?;
        let span = CallSpan::new(O::ID);
        let exchange = span
            .instrument(self.send(O::METHOD, url, body, &span))
            .await;
        let outcome = exchange.and_then(decode::decode::<O>);
        span.finish(&outcome);
        outcome
    }

    /// The request's URL and body, after every check on the caller's input.
    fn prepare<O: Operation>(&self, operation: &O) -> Result<(Url, Option<Bytes>), Error> {
        let mut url = String::with_capacity(self.base_url().len() + 128);
        url.push_str(self.base_url());
        operation.write_path(&mut url)?;
        let body = operation.body()?.map(Bytes::from);
        let url = Url::parse(&url).map_err(|e| {
            Error::Config(format!("the URL of `{}` could not be built: {e}", O::ID))
        })?;
        Ok((url, body))
    }

    /// [`Client::attempts`] within the call's deadline, if it has one.
    async fn send(
        &self,
        method: Method,
        url: Url,
        body: Option<Bytes>,
        span: &CallSpan,
    ) -> Result<Exchange, Error> {
        let mut progress = Progress::default();
        let Some(deadline) = self.settings().deadline else {
            return self
                .attempts(method, url, body, None, &mut progress, span)
                .await;
        };
        let at = Instant::now() + deadline;
        let attempts = self.attempts(method, url, body, Some(at), &mut progress, span);
        match tokio::time::timeout_at(at, attempts).await {
            Ok(outcome) => outcome,
            Err(_elapsed) => Err(Error::DeadlineExceeded {
                deadline,
                attempts: progress.attempts,
                cf_ray: progress.cf_ray,
            }),
        }
    }

    /// Sends the request, again while the retry policy says so (and the
    /// back-off ends before `deadline`), and reads the final response's body.
    async fn attempts(
        &self,
        method: Method,
        url: Url,
        body: Option<Bytes>,
        deadline: Option<Instant>,
        progress: &mut Progress,
        span: &CallSpan,
    ) -> Result<Exchange, Error> {
        let settings = *self.settings();
        let response = loop {
            if let Some(limiter) = self.limiter() {
                limiter.acquire().await;
            }
            progress.attempts += 1;
            span.attempt(progress.attempts);
            // Each attempt is built anew: the body is shared `Bytes`, so
            // there is no spare request to clone for a retry that rarely comes.
            let mut request = reqwest::Request::new(method.clone(), url.clone());
            *request.timeout_mut() = Some(settings.timeout);
            let headers = request.headers_mut();
            headers.insert(ACCEPT, JSON);
            if let Some(body) = &body {
                headers.insert(CONTENT_TYPE, JSON);
                *request.body_mut() = Some(body.clone().into());
            }
            // The outcome's scope ends before the back-off sleep, so the
            // call's future does not keep room for it while sleeping.
            let delay = {
                let outcome = self.http().execute(request).await;
                if let Ok(response) = &outcome {
                    self.noted(response, progress, span);
                }
                let delay = (progress.attempts <= settings.max_retries)
                    .then(|| retry::delay_before_retry(&outcome, progress.attempts - 1))
                    .flatten()
                    .filter(|delay| deadline.is_none_or(|at| Instant::now() + *delay < at));
                match delay {
                    Some(delay) => delay,
                    None => {
                        break outcome.map_err(|error| {
                            Error::transport(error, progress.attempts, progress.cf_ray.take())
                        })?;
                    }
                }
            };
            // Boxed: retries are rare, and a `Sleep` is larger than a pointer.
            Box::pin(tokio::time::sleep(delay)).await;
        };
        read(response, progress, settings.max_response_bytes).await
    }

    /// Notes what a response says for the rest of the call: its `cf-ray`,
    /// and a 429's wait, which pauses the rate limiter for every caller.
    fn noted(&self, response: &reqwest::Response, progress: &mut Progress, span: &CallSpan) {
        let headers = response.headers();
        progress.cf_ray = cf_ray(headers);
        span.response(response.status(), progress.cf_ray.as_ref().map(CfRay::as_str));
        if response.status() == StatusCode::TOO_MANY_REQUESTS
            && let Some(limiter) = self.limiter()
            && let Some(wait) = retry::requested_delay(headers, SystemTime::now())
        {
            limiter.pause_for(wait);
        }
    }
}

/// Reads the whole body chunk by chunk (a body of one chunk is not copied);
/// status and headers are moved, not copied. The read stops once more than
/// `limit` bytes arrived (so memory stays within the limit and one chunk),
/// or before it starts when `Content-Length` says so.
async fn read(
    mut response: reqwest::Response,
    progress: &mut Progress,
    limit: usize,
) -> Result<Exchange, Error> {
    let mut exchange = Exchange {
        attempts: progress.attempts,
        status: response.status(),
        headers: std::mem::take(response.headers_mut()),
        body: Bytes::new(),
    };
    if let Some(declared) = response.content_length().filter(|n| *n > limit as u64) {
        // Dropping the response closes the connection unread.
        return Err(decode::unexpected(
            &exchange,
            None,
            format!(
                "the body is too long: Content-Length {declared} is over the limit of {limit} bytes; it was not read"
            ),
        ));
    }
    let mut first: Option<Bytes> = None;
    let mut joined: Vec<u8> = Vec::new();
    let mut total = 0usize;
    loop {
        let chunk = match response.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(error) => {
                return Err(Error::transport(
                    error,
                    progress.attempts,
                    progress.cf_ray.take(),
                ));
            }
        };
        total = total.saturating_add(chunk.len());
        match first.take() {
            None if joined.is_empty() => first = Some(chunk),
            earlier => {
                if let Some(earlier) = earlier {
                    joined.extend_from_slice(&earlier);
                }
                joined.extend_from_slice(&chunk);
            }
        }
        if total > limit {
            exchange.body = first.unwrap_or_else(|| Bytes::from(joined));
            return Err(decode::unexpected(
                &exchange,
                None,
                format!(
                    "the body is too long: over the limit of {limit} bytes; the read was stopped"
                ),
            ));
        }
    }
    exchange.body = first.unwrap_or_else(|| Bytes::from(joined));
    Ok(exchange)
}
