//! The handle on what one operation answers, [`Reply`]: its failures,
//! rate limits, delays, headers and raw bodies, and the requests it
//! received. The resources a success answer carries are the zones' (see
//! `zone`); the operations themselves, one marker type each, come from the
//! fragment (`generated_operations.rs`).

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use cloudflare_ssl::types::ResponseInfo;
use serde_json::Value;

use crate::envelope::{checked_status, error_entry};
use crate::recorded::RecordedRequest;
use crate::state::{Failure, RateLimit, ReplyState, Shared};

pub(crate) mod sealed {
    /// The crate's side of [`OperationKind`](crate::reply::OperationKind): only
    /// the marker types generated from the fragment implement it.
    pub trait Sealed {}
}

/// Which operation a [`Reply`] handle configures: one marker type per
/// operation of the fragment (`EditCertificatePack`, …), generated with it.
/// Sealed.
pub trait OperationKind: sealed::Sealed {
    /// The fragment's `operationId`.
    const OPERATION_ID: &'static str;
}

/// What one operation answers: from `mock.edit_certificate_pack()`,
/// `mock.get_certificate_pack()` and the method of every other operation
/// of the fragment, named after its `operationId`.
///
/// Every setter takes effect at once (there is nothing to mount) and
/// returns the handle, so they chain:
/// `mock.edit_certificate_pack().api_error(503, &[1000]).delay(d);`.
///
/// The reply is the success answer (the default) or a failure
/// ([`api_error`](Self::api_error), [`success_false`](Self::success_false),
/// [`raw`](Self::raw), [`drop_connection`](Self::drop_connection), …) until
/// [`success`](Self::success) or [`reset`](Self::reset), or for the next
/// [`times`](Self::times) requests; [`rate_limited`](Self::rate_limited),
/// [`delay`](Self::delay) and the headers apply on top of either, and
/// [`carried_out`](Self::carried_out) makes a failure ambiguous. What a
/// success answer carries is the zone's pack or setting (`mock.zone(id)`,
/// `mock.default_zone()`), or for an operation the mock does not model the
/// fragment's example.
pub struct Reply<'a, O> {
    shared: &'a Shared,
    operation: PhantomData<O>,
}

impl<O: OperationKind> fmt::Debug for Reply<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reply")
            .field("operation_id", &O::OPERATION_ID)
            .finish_non_exhaustive()
    }
}

impl<'a, O: OperationKind> Reply<'a, O> {
    pub(crate) fn new(shared: &'a Shared) -> Self {
        Self {
            shared,
            operation: PhantomData,
        }
    }

    fn with<R>(&self, change: impl FnOnce(&mut ReplyState) -> R) -> R {
        change(self.shared.lock().reply_mut(O::OPERATION_ID))
    }

    /// Back to the success answer, undoing
    /// [`api_error`](Self::api_error), [`success_false`](Self::success_false),
    /// [`raw`](Self::raw) and `documented_failure`. The delay and any
    /// remaining rate-limited answers stay.
    pub fn success(&self) -> &Self {
        self.set_failure(None)
    }

    /// The reply becomes `failure` (`None`: the success answer), for as
    /// long as a test leaves it (no [`times`](Self::times) count carries
    /// over from an earlier one).
    fn set_failure(&self, failure: Option<Failure>) -> &Self {
        self.with(|op| {
            op.failure = failure;
            op.failures_left = None;
        });
        self
    }

    /// Answer with Cloudflare's failure envelope (`success: false`, one
    /// `errors[]` entry per code) and HTTP `status`,
    /// e.g. `api_error(403, &[10000])`. The messages are Cloudflare's for
    /// codes the mock knows (1008, 10000, …) and a placeholder otherwise;
    /// use [`api_error_with`](Self::api_error_with) to choose them.
    ///
    /// Its `result` is `null`, except for the Automatic SSL/TLS operations,
    /// which echo the zone's setting like the documented failure.
    ///
    /// The client retries 408, 409, 429 and 5xx, so with those every retry
    /// gets the same answer.
    ///
    /// # Panics
    /// If `status` is not between 200 and 599.
    pub fn api_error(&self, status: u16, codes: &[i64]) -> &Self {
        let errors = codes.iter().map(|code| error_entry(*code)).collect();
        self.failure(status, errors)
    }

    /// [`api_error`](Self::api_error) with the `errors[]` entries spelled out.
    ///
    /// # Panics
    /// If `status` is not between 200 and 599.
    pub fn api_error_with(&self, status: u16, errors: Vec<ResponseInfo>) -> &Self {
        let errors = errors
            .iter()
            .map(|entry| serde_json::to_value(entry).expect("ResponseInfo serializes"))
            .collect();
        self.failure(status, errors)
    }

    /// Answer HTTP 200 with `success: false` and these error codes, which
    /// Cloudflare sometimes does.
    pub fn success_false(&self, codes: &[i64]) -> &Self {
        self.api_error(200, codes)
    }

    fn failure(&self, status: u16, errors: Vec<Value>) -> &Self {
        let status = checked_status(status);
        self.set_failure(Some(Failure::Envelope { status, errors }))
    }

    /// Close the connection without answering, once the request has been
    /// read (and checked and recorded): the client gets no status, no
    /// headers and no body, only a connection closed before a response
    /// (reqwest: "connection closed before message completed"). Cloudflare
    /// may have acted on such a request; with
    /// [`carried_out(true)`](Self::carried_out) the mock has. Built on
    /// wiremock's `respond_with_err`, which makes the server close the
    /// connection; no HTTP response is written.
    pub fn drop_connection(&self) -> &Self {
        self.set_failure(Some(Failure::DropConnection))
    }

    /// Whether a request this reply answers with a failure
    /// ([`api_error`](Self::api_error), [`success_false`](Self::success_false),
    /// [`raw`](Self::raw), [`documented_failure`](Self::documented_failure),
    /// [`drop_connection`](Self::drop_connection)) is carried out first, as
    /// the success answer would have been: an order creates its pack, a
    /// delete removes it, a pack `GET` takes its script's step, a PATCH in
    /// stateful mode changes what it names. The answer is the failure all
    /// the same: an **ambiguous failure**, after which the caller cannot
    /// tell from the answer whether the request took effect. Default
    /// `false` (a failure changes nothing). Rate-limited answers are never
    /// carried out.
    pub fn carried_out(&self, carried_out: bool) -> &Self {
        self.with(|op| op.carried_out = carried_out);
        self
    }

    /// The failure answer set last answers only the next `times` requests
    /// that reach it (rate-limited ones do not count); then the reply goes
    /// back to the success answer. `times(0)` is [`success`](Self::success).
    ///
    /// # Panics
    /// If the reply is the success answer: there is no failure to count.
    pub fn times(&self, times: u32) -> &Self {
        let failing = self.with(|op| op.failure.is_some());
        assert!(
            failing,
            "cloudflare-ssl-mock: `times({times})` counts a failure answer: set one first (`api_error`, `raw`, `drop_connection`, …)"
        );
        if times == 0 {
            return self.success();
        }
        self.with(|op| op.failures_left = Some(times));
        self
    }

    /// The next `times` requests to this operation get HTTP 429 with
    /// `Retry-After` (whole seconds, rounded up as Cloudflare sends it; plus
    /// `retry-after-ms` when `retry_after` has a fraction of a second) and
    /// error code [`RATE_LIMITED`](crate::codes::RATE_LIMITED); the requests
    /// after them get the normal answer. `Duration::ZERO` keeps retrying
    /// tests fast. Replaces any earlier count.
    pub fn rate_limited(&self, times: u32, retry_after: Duration) -> &Self {
        self.with(|op| {
            op.rate_limit = Some(RateLimit {
                remaining: times,
                retry_after,
            });
        });
        self
    }

    /// Every answer of this operation (rate-limited ones included) carries
    /// `cf-ray: ray`, the request id Cloudflare's edge adds and support
    /// asks for; the client reports it on errors and with the response.
    pub fn cf_ray(&self, ray: &str) -> &Self {
        self.header("cf-ray", ray)
    }

    /// Every answer carries Cloudflare's rate-limit headers, e.g.
    /// `rate_limit_headers("\"default\";r=50;t=30", "\"default\";q=1200;w=300")`
    /// (`Ratelimit` and `Ratelimit-Policy`, in the IETF draft's syntax
    /// Cloudflare uses). Any text is sent as it is, so unparsable values
    /// can be tested too.
    pub fn rate_limit_headers(&self, ratelimit: &str, policy: &str) -> &Self {
        self.header("ratelimit", ratelimit)
            .header("ratelimit-policy", policy)
    }

    /// Every answer carries `x-should-retry: true` or `false`, with which
    /// Cloudflare overrides the client's own rules for retrying a failure.
    pub fn should_retry(&self, retry: bool) -> &Self {
        self.header("x-should-retry", if retry { "true" } else { "false" })
    }

    /// Every answer carries the header `name: value` (added after the
    /// mock's own headers; set the same name twice to send it twice).
    /// [`reset`](Self::reset) removes them.
    ///
    /// # Panics
    /// If `name` or `value` is not a valid header name or value.
    pub fn header(&self, name: &str, value: &str) -> &Self {
        assert!(
            is_token(name),
            "cloudflare-ssl-mock: {name:?} is not a valid header name"
        );
        assert!(
            value
                .bytes()
                .all(|b| b == b'\t' || (b' '..=b'~').contains(&b)),
            "cloudflare-ssl-mock: {value:?} is not a valid header value"
        );
        self.with(|op| op.headers.push((name.to_owned(), value.to_owned())));
        self
    }

    /// Hold every answer of this operation (rate-limited ones included) for
    /// `delay` before sending it, e.g. to make a client timeout fire.
    /// `Duration::ZERO` turns it off.
    pub fn delay(&self, delay: Duration) -> &Self {
        self.with(|op| op.delay = delay);
        self
    }

    /// Answer exactly `body` with HTTP `status` and `Content-Type:
    /// content_type` (no `Content-Type` at all when it is empty): an HTML
    /// error page, a truncated body, JSON the fragment does not allow, …
    ///
    /// # Panics
    /// If `status` is not between 200 and 599, or `content_type` is not a
    /// valid header value.
    pub fn raw(&self, status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> &Self {
        let status = checked_status(status);
        assert!(
            content_type
                .bytes()
                .all(|b| b == b'\t' || (b' '..=b'~').contains(&b)),
            "cloudflare-ssl-mock: content type {content_type:?} is not a valid header value"
        );
        self.set_failure(Some(Failure::Raw {
            status,
            content_type: content_type.to_owned(),
            body: body.into(),
        }))
    }

    /// Everything back to the default: the success answer, no delay, no
    /// rate limit, no extra headers, not carried out. The zones' packs and
    /// settings stay as they are.
    pub fn reset(&self) -> &Self {
        self.with(|op| *op = ReplyState::default());
        self
    }

    /// Answer with the fragment's example failure of this operation, byte
    /// for byte as the fragment (and the documentation page) prints it,
    /// with the lowest status of its
    /// response (400 for `4XX`); for Automatic SSL/TLS, the page's code-1008
    /// failure.
    ///
    /// # Panics
    /// If the fragment gives no example failure for the operation.
    pub fn documented_failure(&self) -> &Self {
        let failure = self
            .shared
            .routes
            .spec()
            .operation_by_id(O::OPERATION_ID)
            .and_then(|operation| operation.failure_example())
            .map(|(status, example)| (status, example.text.clone()));
        let Some((status, body)) = failure else {
            panic!(
                "cloudflare-ssl-mock: the fragment gives no example failure for `{}`",
                O::OPERATION_ID
            );
        };
        self.raw(status, "application/json", body)
    }

    /// The requests routed to this operation so far, in order, conforming
    /// or not.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared
            .lock()
            .requests
            .iter()
            .filter(|r| r.operation.as_deref() == Some(O::OPERATION_ID))
            .cloned()
            .collect()
    }
}

/// RFC 9110 `token` characters.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
