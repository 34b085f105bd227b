//! The generated client's `ClientHooks`: what happens around every request
//! the generated methods build.
//!
//! - `pre` removes progenitor's `api-version` header, which Cloudflare does
//!   not document (credentials and `user-agent` are the reqwest client's
//!   default headers).
//! - `exec` sends the request, retrying as [`RetryPolicy`] says, and notes
//!   the final status, headers and body for the caller: progenitor's
//!   `InvalidResponsePayload` error keeps only the body, and a decoded
//!   envelope keeps none of it.

use std::cell::RefCell;

use bytes::Bytes;
use progenitor_client::{ClientHooks, Error as RawError, OperationInfo};
use reqwest::{ResponseBuilderExt, StatusCode};
use std::time::{Duration, SystemTime};

use reqwest::header::{CONTENT_TYPE, HeaderValue};

use crate::generated_client::Client as RawClient;
use crate::retry::{self, RetryPolicy};

/// The generated client's inner state: how it retries.
#[derive(Clone, Debug, Default)]
pub struct Transport {
    pub(crate) retry: RetryPolicy,
}

/// What the last `exec` saw, for errors that progenitor strips of it.
#[derive(Debug, Default)]
pub(crate) struct CallRecord {
    pub attempts: u32,
    pub status: Option<StatusCode>,
    pub content_type: Option<HeaderValue>,
    /// What a 429 asked for (`retry-after-ms`, then `Retry-After`).
    pub retry_after: Option<Duration>,
    pub body: Bytes,
}

tokio::task_local! {
    static CALL: RefCell<CallRecord>;
}

/// Runs `call` (one generated method) and returns its outcome together with
/// what `exec` recorded about the final response.
pub(crate) async fn recorded<F: Future>(call: F) -> (F::Output, CallRecord) {
    CALL.scope(RefCell::new(CallRecord::default()), async {
        let output = call.await;
        let record = CALL.with(|cell| cell.take());
        (output, record)
    })
    .await
}

fn record(update: impl FnOnce(&mut CallRecord)) {
    // Outside `recorded` (the raw client used directly) there is nothing to note.
    let _ = CALL.try_with(|cell| update(&mut cell.borrow_mut()));
}

impl ClientHooks<Transport> for RawClient {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), RawError<E>> {
        request.headers_mut().remove("api-version");
        Ok(())
    }

    async fn exec(
        &self,
        mut request: reqwest::Request,
        _info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let policy = self.inner.retry;
        let mut retry = 0;
        loop {
            // JSON bodies are bytes, so the clone only fails for streams,
            // which these operations never send; such a request is not retried.
            let spare = (retry < policy.max_retries)
                .then(|| request.try_clone())
                .flatten();
            let result = self.client.execute(request).await;
            record(|r| r.attempts += 1);
            // Only a request that can be sent again needs a delay worked out.
            let delay = spare
                .as_ref()
                .and_then(|_| retry::delay_before_retry(&result, retry));
            match (delay, spare) {
                (Some(delay), Some(next)) => {
                    tokio::time::sleep(delay).await;
                    request = next;
                    retry += 1;
                }
                _ => return buffered(result?).await,
            }
        }
    }
}

/// Reads the final response's body, notes status, headers and body for the
/// caller's errors, and hands the generated code an identical response.
/// (`Bytes` clones share one buffer.)
async fn buffered(response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    let version = response.version();
    let url = response.url().clone();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    record(|r| {
        r.status = Some(status);
        r.content_type = headers.get(CONTENT_TYPE).cloned();
        if status == StatusCode::TOO_MANY_REQUESTS {
            r.retry_after = retry::requested_delay(&headers, SystemTime::now());
        }
        r.body = body.clone();
    });
    // Carrying the URL over spares reqwest parsing a placeholder URL.
    let mut rebuilt = http::Response::builder()
        .status(status)
        .version(version)
        .url(url)
        .body(body)
        .unwrap_or_default();
    *rebuilt.headers_mut() = headers;
    Ok(reqwest::Response::from(rebuilt))
}
