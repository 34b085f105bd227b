//! The one call path every operation takes: check the input, build the
//! request, send it with the retry policy (and the rate limiter and
//! deadline, when set), read the final body once, decode once.
//!
//! Per-call state is a local value handed along: [`Progress`] counts the
//! attempts and keeps the last `cf-ray` (it outlives a deadline cutting the
//! call short), and the [`Exchange`] that [`Client::send`] returns holds the
//! final status, headers and body for [`crate::decode`].

use std::time::{Duration, SystemTime};

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
        operation.write_query(&mut url)?;
        let body = operation.body()?.map(Bytes::from);
        let url = Url::parse(&url).map_err(|e| {
            Error::Encoding(format!("the URL of `{}` could not be built: {e}", O::ID))
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
        // Boxed: a deadline is optional, and its timer would otherwise
        // enlarge every call's future.
        let attempts = self.attempts(method, url, body, Some(at), &mut progress, span);
        match Box::pin(tokio::time::timeout_at(at, attempts)).await {
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
    ///
    /// No value that is moved into an `.await` is bound to a name here:
    /// the future would keep room for it across later awaits.
    async fn attempts(
        &self,
        method: Method,
        url: Url,
        body: Option<Bytes>,
        deadline: Option<Instant>,
        progress: &mut Progress,
        span: &CallSpan,
    ) -> Result<Exchange, Error> {
        let response = loop {
            if let Some(limiter) = self.limiter() {
                // Boxed: the limiter is optional, and its timer would
                // otherwise enlarge every call's future.
                Box::pin(limiter.acquire()).await;
            }
            progress.attempts += 1;
            span.attempt(progress.attempts);
            let delay = match self.next_step(
                self.http()
                    .execute(request(
                        &method,
                        &url,
                        body.as_ref(),
                        self.request_timeout(),
                    ))
                    .await,
                progress,
                deadline,
                span,
            ) {
                Step::Read(response) => break response,
                Step::Fail(error) => return Err(error),
                Step::Retry(delay) => delay,
            };
            // Boxed: retries are rare, and a `Sleep` is larger than a pointer.
            Box::pin(tokio::time::sleep(delay)).await;
        };
        read(response, progress, self.settings().max_response_bytes).await
    }

    /// What to do after an attempt: read this response, retry after a
    /// delay (one that ends before the deadline), or fail. A 429's wait
    /// pauses the rate limiter for every caller. The `cf-ray` of a response
    /// that is not read further is kept for the errors that may follow; the
    /// one read further keeps its headers, so a plain success reads none.
    fn next_step(
        &self,
        outcome: reqwest::Result<reqwest::Response>,
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
            .then(|| retry::delay_before_retry(&outcome, progress.attempts - 1))
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

/// One attempt's request: built anew each time from the shared body
/// `Bytes`, so there is no spare request to clone for a retry that rarely
/// comes.
fn request(
    method: &Method,
    url: &Url,
    body: Option<&Bytes>,
    timeout: Option<Duration>,
) -> reqwest::Request {
    let mut request = reqwest::Request::new(method.clone(), url.clone());
    if timeout.is_some() {
        *request.timeout_mut() = timeout;
    }
    let headers = request.headers_mut();
    headers.insert(ACCEPT, JSON);
    if let Some(body) = body {
        headers.insert(CONTENT_TYPE, JSON);
        *request.body_mut() = Some(body.clone().into());
    }
    request
}

/// Reads the whole body chunk by chunk (a body of one chunk is not copied).
/// The read stops once more than `limit` bytes arrived (so memory stays
/// within the limit and one chunk), or before it starts when
/// `Content-Length` says so. The headers stay in the response until the end
/// and are moved out, not copied.
async fn read(
    mut response: reqwest::Response,
    progress: &mut Progress,
    limit: usize,
) -> Result<Exchange, Error> {
    if let Some(declared) = response.content_length().filter(|n| *n > limit as u64) {
        // Dropping the response closes the connection unread.
        let exchange = exchange(response, progress, Bytes::new());
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
                    cf_ray(response.headers()),
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
            let exchange = exchange(response, progress, first.unwrap_or_else(|| joined.into()));
            return Err(decode::unexpected(
                &exchange,
                None,
                format!(
                    "the body is too long: over the limit of {limit} bytes; the read was stopped"
                ),
            ));
        }
    }
    Ok(exchange(
        response,
        progress,
        first.unwrap_or_else(|| joined.into()),
    ))
}

fn exchange(mut response: reqwest::Response, progress: &Progress, body: Bytes) -> Exchange {
    Exchange {
        attempts: progress.attempts,
        status: response.status(),
        headers: std::mem::take(response.headers_mut()),
        body,
    }
}
