//! When to retry and how long to wait, as the official Cloudflare SDKs do,
//! with two exceptions. A 429 asking for a wait longer than
//! [`MAX_RETRY_AFTER`] is not retried at all: Cloudflare's global limit
//! blocks every call for minutes once it is passed
//! (terraform-provider-cloudflare #5505), and retrying into the block only
//! extends it. And an operation that is not idempotent (ordering a pack:
//! each order makes a pack and uses quota, and Cloudflare takes no
//! idempotency key) is retried only when Cloudflare cannot have acted on
//! it: a connection that failed before anything was sent, or a 429. The
//! official Python and Node SDKs retry an order after a 502 whose order went
//! through, and so make a second pack.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// The longest server-requested delay that is honoured; a longer one falls
/// back to exponential backoff.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
const INITIAL_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(8);

/// Retries after the first attempt, unless a client says otherwise.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// 408, 409, 429 and every 5xx are worth another try; other statuses are not.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error()
}

/// The delay the server asked for, however long: `retry-after-ms`, then
/// `Retry-After` in seconds or as an HTTP date. `None` when absent or
/// unparsable.
pub fn requested_delay(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    // `try_from_secs_f64` refuses negative, non-finite and too large values,
    // any of which a server may send.
    if let Some(ms) = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        return Duration::try_from_secs_f64(ms / 1000.0).ok();
    }
    let value = header("retry-after")?;
    if let Ok(seconds) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).ok();
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Exponential backoff for retry number `retry` (0-based): 0.5 s doubling up
/// to 8 s, less up to 25 % jitter so that many clients do not retry in step.
pub fn backoff(retry: u32) -> Duration {
    let base = INITIAL_BACKOFF
        .saturating_mul(2u32.saturating_pow(retry))
        .min(MAX_BACKOFF);
    base.mul_f64(1.0 - 0.25 * fastrand::f64())
}

/// What an attempt ended in, as far as the retry rule is concerned.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Attempt<'a> {
    /// An answer, with its status and headers.
    Answered(StatusCode, &'a HeaderMap),
    /// The connection could not be made (refused, DNS, TLS handshake, or
    /// its timeout): nothing was sent.
    NotConnected,
    /// The request timed out after the connection was made: it may have
    /// reached Cloudflare.
    TimedOut,
    /// Any other failure, such as a connection cut after the request was
    /// sent: it may have reached Cloudflare.
    Failed,
}

impl<'a> Attempt<'a> {
    pub(crate) fn of(result: &'a reqwest::Result<reqwest::Response>) -> Self {
        match result {
            Ok(response) => Self::Answered(response.status(), response.headers()),
            // A connect timeout is both: nothing was sent.
            Err(error) if error.is_connect() => Self::NotConnected,
            Err(error) if error.is_timeout() => Self::TimedOut,
            Err(_) => Self::Failed,
        }
    }
}

/// How long to wait before retry number `retry` after `result`, or `None`
/// when it is not worth another try; see [`delay_after`].
pub(crate) fn delay_before_retry(
    result: &reqwest::Result<reqwest::Response>,
    idempotent: bool,
    retry: u32,
) -> Option<Duration> {
    delay_after(Attempt::of(result), idempotent, retry)
}

/// The decision table: how long to wait before retry number `retry` after
/// `attempt`, or `None` when it is not worth another try. An operation that
/// is not `idempotent` is retried only after a 429 or a failure to connect.
pub(crate) fn delay_after(attempt: Attempt<'_>, idempotent: bool, retry: u32) -> Option<Duration> {
    match attempt {
        // Nothing retries a success, whatever its headers say.
        Attempt::Answered(status, _) if status.is_success() => None,
        // Any other answer but a 429 may come after Cloudflare acted on
        // the request (a 502 whose order went through), and the server's
        // `x-should-retry` cannot say it did not.
        Attempt::Answered(status, _) if !idempotent && status != StatusCode::TOO_MANY_REQUESTS => {
            None
        }
        Attempt::Answered(status, headers) => {
            let requested = requested_delay(headers, SystemTime::now());
            let honoured = requested.filter(|wait| *wait <= MAX_RETRY_AFTER);
            let retry_anyway = match should_retry_header(headers) {
                // The server's word overrides the status rules, as in the
                // official SDKs (cloudflare-python's `_should_retry`).
                Some(says) => says,
                // No wait asked for, or one within the cap.
                None if status == StatusCode::TOO_MANY_REQUESTS => requested == honoured,
                None => is_retryable_status(status),
            };
            retry_anyway.then(|| honoured.unwrap_or_else(|| backoff(retry)))
        }
        // Nothing was sent.
        Attempt::NotConnected => Some(backoff(retry)),
        // A timeout may fire after the request went out.
        Attempt::TimedOut if idempotent => Some(backoff(retry)),
        Attempt::TimedOut | Attempt::Failed => None,
    }
}

/// `x-should-retry: true|false`; anything else is no opinion.
fn should_retry_header(headers: &HeaderMap) -> Option<bool> {
    match headers.get("x-should-retry")?.to_str().ok()?.trim() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    /// The delay a retry honours: the requested one, within the cap.
    fn server_delay(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
        requested_delay(headers, now).filter(|delay| *delay <= MAX_RETRY_AFTER)
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).expect("test header"));
        }
        map
    }

    /// The statuses in 100..600 after which `delay_after` retries, with no
    /// headers.
    fn retried_statuses(idempotent: bool) -> Vec<u16> {
        let none = HeaderMap::new();
        (100..600)
            .filter(|code| {
                let status = StatusCode::from_u16(*code).expect("valid code");
                delay_after(Attempt::Answered(status, &none), idempotent, 0).is_some()
            })
            .collect()
    }

    #[test]
    fn an_operation_that_is_not_idempotent_is_retried_only_after_a_429_or_a_failure_to_connect() {
        assert_eq!(retried_statuses(false), [429]);
        assert!(delay_after(Attempt::NotConnected, false, 0).is_some());
        assert_eq!(delay_after(Attempt::TimedOut, false, 0), None);
        assert_eq!(delay_after(Attempt::Failed, false, 0), None);
    }

    #[test]
    fn an_idempotent_operation_is_retried_after_retryable_statuses_timeouts_and_connect_failures() {
        let expected: Vec<u16> = [408, 409, 429].into_iter().chain(500..600).collect();
        assert_eq!(retried_statuses(true), expected);
        assert!(delay_after(Attempt::NotConnected, true, 0).is_some());
        assert!(delay_after(Attempt::TimedOut, true, 0).is_some());
        // A connection cut after the request went out: not even an
        // idempotent call is sent again.
        assert_eq!(delay_after(Attempt::Failed, true, 0), None);
    }

    #[test]
    fn x_should_retry_cannot_retry_an_operation_that_is_not_idempotent_after_it_may_have_acted() {
        let says_yes = headers(&[("x-should-retry", "true")]);
        for status in [400, 408, 409, 500, 502, 504] {
            let status = StatusCode::from_u16(status).expect("valid code");
            let answered = Attempt::Answered(status, &says_yes);
            assert_eq!(delay_after(answered, false, 0), None, "{status}");
            assert!(delay_after(answered, true, 0).is_some(), "{status}");
        }
        // Nor does it retry a success.
        let ok = Attempt::Answered(StatusCode::OK, &says_yes);
        assert_eq!(delay_after(ok, true, 0), None);
        // And `false` stops a 429 for either.
        let says_no = headers(&[("x-should-retry", "false")]);
        let limited = Attempt::Answered(StatusCode::TOO_MANY_REQUESTS, &says_no);
        assert_eq!(delay_after(limited, false, 0), None);
        assert_eq!(delay_after(limited, true, 0), None);
    }

    #[test]
    fn a_429_waits_as_asked_within_the_cap_whether_or_not_the_operation_is_idempotent() {
        let within = headers(&[("retry-after", "3")]);
        let beyond = headers(&[("retry-after", "61")]);
        for idempotent in [false, true] {
            let limited = |headers| Attempt::Answered(StatusCode::TOO_MANY_REQUESTS, headers);
            assert_eq!(
                delay_after(limited(&within), idempotent, 0),
                Some(Duration::from_secs(3))
            );
            assert_eq!(delay_after(limited(&beyond), idempotent, 0), None);
        }
    }

    #[test]
    fn retryable_statuses_are_exactly_408_409_429_and_5xx() {
        let retryable: Vec<u16> = (100..600)
            .filter(|code| is_retryable_status(StatusCode::from_u16(*code).expect("valid code")))
            .collect();
        let expected: Vec<u16> = [408, 409, 429].into_iter().chain(500..600).collect();
        assert_eq!(retryable, expected);
    }

    #[test]
    fn retry_after_ms_wins_over_retry_after() {
        let now = SystemTime::now();
        let h = headers(&[("retry-after-ms", "250"), ("retry-after", "7")]);
        assert_eq!(server_delay(&h, now), Some(Duration::from_millis(250)));
    }

    #[test]
    fn retry_after_in_seconds_and_as_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            server_delay(&headers(&[("retry-after", "3")]), now),
            Some(Duration::from_secs(3))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(10));
        assert_eq!(
            server_delay(&headers(&[("retry-after", &later)]), now),
            Some(Duration::from_secs(10))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(10));
        assert_eq!(
            server_delay(&headers(&[("retry-after", &past)]), now),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn delays_over_sixty_seconds_or_garbage_are_not_honoured() {
        let now = SystemTime::now();
        assert_eq!(server_delay(&headers(&[("retry-after", "61")]), now), None);
        assert_eq!(
            requested_delay(&headers(&[("retry-after", "61")]), now),
            Some(Duration::from_secs(61))
        );
        assert_eq!(
            server_delay(&headers(&[("retry-after", "soon")]), now),
            None
        );
        assert_eq!(
            server_delay(&headers(&[("retry-after-ms", "-5")]), now),
            None
        );
        assert_eq!(server_delay(&HeaderMap::new(), now), None);
    }

    #[test]
    fn absurd_delays_are_refused_not_panics() {
        let now = SystemTime::now();
        for (name, value) in [
            ("retry-after", "99999999999999999999999"),
            ("retry-after", "1e300"),
            ("retry-after", "NaN"),
            ("retry-after", "inf"),
            ("retry-after-ms", "1e30"),
            ("retry-after-ms", "-inf"),
        ] {
            assert_eq!(
                requested_delay(&headers(&[(name, value)]), now),
                None,
                "{name}: {value}"
            );
            assert_eq!(
                server_delay(&headers(&[(name, value)]), now),
                None,
                "{name}: {value}"
            );
        }
    }

    #[test]
    fn backoff_doubles_from_half_a_second_to_eight_with_jitter() {
        for (retry, nominal_ms) in [
            (0, 500),
            (1, 1000),
            (2, 2000),
            (3, 4000),
            (4, 8000),
            (10, 8000),
            (40, 8000),
        ] {
            for _ in 0..50 {
                let delay = backoff(retry).as_millis();
                assert!(
                    delay <= nominal_ms && delay >= nominal_ms * 3 / 4,
                    "retry {retry}: {delay} ms"
                );
            }
        }
    }
}
