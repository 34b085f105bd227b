//! The one call path every operation takes: check the input, build the
//! request, send it with the retry policy (and the rate limiter and
//! deadline, when set), read the final body once, decode once.
//!
//! Per-call state is a local value handed along: [`Progress`] counts the
//! attempts and keeps the last `cf-ray` (it outlives a deadline cutting the
//! call short). The call ends with an [`Exchange`], the final response read
//! whole, which `decode.rs` turns into the result or an error.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use tokio::time::Instant;

use crate::client::Client;
use crate::decode;
use crate::error::Error;
use crate::exchange::{CfRay, Exchange, cf_ray};
use crate::operation::{Operation, SuccessEnvelope};
use crate::response::Response;
use crate::retry;
use crate::trace::CallSpan;

/// One call's request, checked and encoded, and whether it may be sent
/// again after an attempt that may have reached Cloudflare.
#[derive(Debug)]
struct Prepared {
    method: Method,
    url: Url,
    body: Option<Bytes>,
    idempotent: bool,
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
        let prepared = self.prepare(&operation)?;
        let span = CallSpan::new(O::ID);
        let exchange = span.instrument(self.send(&prepared, &span)).await;
        let outcome = exchange.and_then(decode::decode::<O>);
        span.finish(&outcome);
        outcome
    }

    /// The request to send, after every check on the caller's input.
    fn prepare<O: Operation>(&self, operation: &O) -> Result<Prepared, Error> {
        let mut url = self.base_url().to_owned();
        operation.write_path(&mut url)?;
        operation.write_query(&mut url)?;
        let body = operation.body()?.map(Bytes::from);
        let url = Url::parse(&url).map_err(|e| {
            Error::Encoding(format!("the URL of `{}` could not be built: {e}", O::ID))
        })?;
        Ok(Prepared {
            method: O::METHOD,
            url,
            body,
            idempotent: O::IDEMPOTENT,
        })
    }

    /// [`Client::attempts`] within the call's deadline, if it has one.
    async fn send(&self, prepared: &Prepared, span: &CallSpan) -> Result<Exchange, Error> {
        let mut progress = Progress::default();
        let Some(deadline) = self.settings().deadline else {
            return self.attempts(prepared, None, &mut progress, span).await;
        };
        let at = Instant::now() + deadline;
        let attempts = self.attempts(prepared, Some(at), &mut progress, span);
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
        prepared: &Prepared,
        deadline: Option<Instant>,
        progress: &mut Progress,
        span: &CallSpan,
    ) -> Result<Exchange, Error> {
        loop {
            if let Some(limiter) = self.limiter() {
                limiter.acquire().await;
            }
            progress.attempts += 1;
            span.attempt(progress.attempts);
            let request = request(prepared, self.settings().timeout);
            let outcome = self.http().execute(request).await;
            match self.next_step(outcome, prepared.idempotent, progress, deadline, span) {
                Step::Read(response) => {
                    return read(response, progress, self.settings().max_response_bytes).await;
                }
                Step::Retry(delay) => tokio::time::sleep(delay).await,
                Step::Fail(error) => return Err(error),
            }
        }
    }

    /// What to do after an attempt: read this response, retry after a
    /// delay (one that ends before the deadline; for an operation that is
    /// not `idempotent`, only when Cloudflare cannot have acted on it), or
    /// fail. A 429's wait
    /// pauses the rate limiter for every caller. The `cf-ray` of a response
    /// that is not read further is kept for the errors that may follow; the
    /// one read further keeps its headers, so a plain success reads none.
    fn next_step(
        &self,
        outcome: reqwest::Result<reqwest::Response>,
        idempotent: bool,
        progress: &mut Progress,
        deadline: Option<Instant>,
        span: &CallSpan,
    ) -> Step {
        if let Ok(response) = &outcome {
            span.response(response.status(), response.headers());
            if response.status() == StatusCode::TOO_MANY_REQUESTS
                && let Some(limiter) = self.limiter()
                && let Some(wait) = retry::requested_delay(response.headers(), SystemTime::now())
            {
                limiter.pause_for(wait);
            }
        }
        let delay = (progress.attempts <= self.settings().max_retries)
            .then(|| retry::delay_before_retry(&outcome, idempotent, progress.attempts - 1))
            .flatten()
            .filter(|delay| deadline.is_none_or(|at| Instant::now() + *delay < at));
        match (delay, outcome) {
            (Some(delay), outcome) => {
                if let Ok(response) = &outcome {
                    progress.cf_ray = cf_ray(response.headers());
                }
                Step::Retry(delay)
            }
            (None, Ok(response)) => {
                // A deadline may cut the body's read short; its error
                // still names this response.
                if deadline.is_some() {
                    progress.cf_ray = cf_ray(response.headers());
                }
                Step::Read(response)
            }
            (None, Err(error)) => Step::Fail(Error::transport(
                error,
                progress.attempts,
                progress.cf_ray.take(),
            )),
        }
    }
}

/// What [`Client::next_step`] decided.
enum Step {
    Read(reqwest::Response),
    Retry(Duration),
    Fail(Error),
}

/// One attempt's request, with the client's per-attempt `timeout`: built
/// anew each time from the shared body `Bytes`, so there is no spare
/// request to clone for a retry that rarely comes.
fn request(prepared: &Prepared, timeout: Duration) -> reqwest::Request {
    let mut request = reqwest::Request::new(prepared.method.clone(), prepared.url.clone());
    *request.timeout_mut() = Some(timeout);
    let headers = request.headers_mut();
    headers.insert(ACCEPT, JSON);
    if let Some(body) = &prepared.body {
        headers.insert(CONTENT_TYPE, JSON);
        *request.body_mut() = Some(body.clone().into());
    }
    request
}

/// Reads the whole body chunk by chunk into a [`Body`]. The read stops once
/// more than `limit` bytes arrived (so memory stays within the limit and one
/// chunk), or before it starts when `Content-Length` says so.
async fn read(
    mut response: reqwest::Response,
    progress: &Progress,
    limit: usize,
) -> Result<Exchange, Error> {
    if let Some(declared) = response.content_length().filter(|n| *n > limit as u64) {
        // Dropping the response closes the connection unread.
        let exchange = exchange(response, progress, Body::default());
        return Err(decode::unexpected(
            &exchange,
            None,
            format!(
                "the body is too long: Content-Length {declared} is over the limit of {limit} bytes; it was not read"
            ),
        ));
    }
    let mut body = Body::default();
    loop {
        let chunk = match response.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => return Ok(exchange(response, progress, body)),
            Err(error) => {
                let cf_ray = cf_ray(response.headers());
                return Err(Error::transport(error, progress.attempts, cf_ray));
            }
        };
        body.push(chunk);
        if body.len() > limit {
            let exchange = exchange(response, progress, body);
            return Err(decode::unexpected(
                &exchange,
                None,
                format!(
                    "the body is too long: over the limit of {limit} bytes; the read was stopped"
                ),
            ));
        }
    }
}

/// The response's status and headers (moved out, not copied) with `body`.
fn exchange(mut response: reqwest::Response, progress: &Progress, body: Body) -> Exchange {
    Exchange {
        attempts: progress.attempts,
        status: response.status(),
        headers: std::mem::take(response.headers_mut()),
        body: body.into_bytes(),
    }
}

/// A body as read so far. Most bodies arrive in one chunk, which is kept
/// as it arrived; a second chunk starts one buffer for them all.
#[derive(Default)]
struct Body {
    first: Bytes,
    joined: Option<Vec<u8>>,
}

impl Body {
    fn push(&mut self, chunk: Bytes) {
        match &mut self.joined {
            Some(joined) => joined.extend_from_slice(&chunk),
            None if self.first.is_empty() => self.first = chunk,
            None => self.joined = Some([std::mem::take(&mut self.first), chunk].concat()),
        }
    }

    fn len(&self) -> usize {
        self.joined.as_ref().map_or(self.first.len(), Vec::len)
    }

    fn into_bytes(self) -> Bytes {
        self.joined.map_or(self.first, Bytes::from)
    }
}
