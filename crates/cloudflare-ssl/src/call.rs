//! The one call path every operation takes: build the request, send it with
//! the retry policy, read the final body once, decode once.
//!
//! Per-call state is a local value handed along: the [`Exchange`] that
//! [`Client::send`] returns holds the attempts made and the final status,
//! headers and body, and [`crate::decode`] turns it into the result or an
//! [`Error`].

use bytes::Bytes;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode, Url};

use crate::client::Client;
use crate::decode::{self, Decoded};
use crate::error::Error;
use crate::operation::{Operation, SuccessEnvelope};
use crate::retry;

/// The final response of a call, read whole, and how many requests it took.
#[derive(Debug)]
pub(crate) struct Exchange {
    pub attempts: u32,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// What a successful call decodes to.
pub(crate) type Output<O> = Decoded<<<O as Operation>::Envelope as SuccessEnvelope>::Result>;

const JSON: HeaderValue = HeaderValue::from_static("application/json");

impl Client {
    /// Runs `operation`: its checks before any I/O, then the request.
    pub(crate) async fn execute<O: Operation>(&self, operation: O) -> Result<Output<O>, Error> {
        let (url, body) = self.prepare(&operation)?;
        let exchange = self.send(O::METHOD, url, body).await?;
        decode::decode::<O>(exchange)
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

    /// Sends the request, again while the retry policy says so, and reads
    /// the final response's body.
    async fn send(&self, method: Method, url: Url, body: Option<Bytes>) -> Result<Exchange, Error> {
        let max_retries = self.retry_policy().max_retries;
        let mut attempts = 0;
        let response = loop {
            attempts += 1;
            // Each attempt is built anew: the body is shared `Bytes`, so
            // there is no spare request to clone for a retry that rarely comes.
            let mut request = reqwest::Request::new(method.clone(), url.clone());
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
                let delay = if attempts <= max_retries {
                    retry::delay_before_retry(&outcome, attempts - 1)
                } else {
                    None
                };
                match delay {
                    Some(delay) => delay,
                    None => break outcome.map_err(|error| Error::transport(error, attempts))?,
                }
            };
            // Boxed: retries are rare, and a `Sleep` is larger than a pointer.
            Box::pin(tokio::time::sleep(delay)).await;
        };
        read(response, attempts).await
    }
}

/// Reads the whole body chunk by chunk (a body of one chunk is not copied);
/// status and headers are moved, not copied.
async fn read(mut response: reqwest::Response, attempts: u32) -> Result<Exchange, Error> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let mut first: Option<Bytes> = None;
    let mut joined: Vec<u8> = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| Error::transport(error, attempts))?
    {
        match first.take() {
            None if joined.is_empty() => first = Some(chunk),
            earlier => {
                if let Some(earlier) = earlier {
                    joined.extend_from_slice(&earlier);
                }
                joined.extend_from_slice(&chunk);
            }
        }
    }
    let body = first.unwrap_or_else(|| Bytes::from(joined));
    Ok(Exchange {
        attempts,
        status,
        headers,
        body,
    })
}
