//! Polling until something is done: [`Waiter`] sends a `GET` (any call
//! that returns a value) again and again, with back-off and jitter, until
//! an acceptor says the value is done or will not get there, or the maximum
//! wait passes. It knows nothing of what it polls; a certificate pack's
//! wait is one use of it (`Client::wait_for_certificate_pack`).
//!
//! Intervals start at 5 s and double up to 60 s: Cloudflare rechecks domain
//! control validation at most once a minute ("Validation backoff schedule",
//! developers.cloudflare.com/ssl/edge-certificates/changing-dcv-method/validation-backoff-schedule/),
//! so polling faster learns nothing sooner. Every poll is an ordinary call:
//! it goes through the rate limiter when one is set, and keeps the client's
//! retries, deadline and 429 rules.
//!
//! The shape follows smithy-rs's waiter orchestrator
//! (`aws-smithy-runtime/src/client/waiters.rs`): a poll, an acceptor with
//! success, failure and retry states, jittered exponential back-off, and a
//! maximum wait given to `.wait(max_wait)` as in the AWS SDK's
//! `wait_until_*().wait(max_wait)`.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use tokio::time::Instant;

use crate::error::Error;

/// The first interval between polls.
pub const DEFAULT_FIRST_POLL_INTERVAL: Duration = Duration::from_secs(5);
/// The longest interval between polls.
pub const DEFAULT_MAX_POLL_INTERVAL: Duration = Duration::from_secs(60);
/// Each interval is moved by up to this share either way, so that many
/// waiters started together do not poll together.
const JITTER: f64 = 0.2;

/// What an acceptor says about one polled value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Acceptance {
    /// What is waited for holds: the wait returns the value.
    Done,
    /// Not yet: poll again after the next interval.
    KeepPolling,
    /// A failure state, from which waiting cannot get there
    /// ([`WaitError::Failed`]).
    Failed,
    /// Already beyond what is waited for, so it will not be seen
    /// ([`WaitError::PastTarget`]).
    PastTarget,
}

/// When a [`Waiter`] polls: the first interval, doubled after each poll up
/// to the longest; each interval moved by up to 20 % either way (jitter).
///
/// [`PollSchedule::DEFAULT`] is 5 s doubling to 60 s. A test against a
/// local server sets a schedule in milliseconds in one call:
///
/// ```no_run
/// # async fn run(client: cloudflare_ssl::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
/// use cloudflare_ssl::{PollSchedule, WaitTarget};
/// let pack = client
///     .wait_for_certificate_pack("023e105f4ecef8ad9ca31a8372d0c353", "3822ff90ea6947ce97a8b2d1f8b4e4ab", WaitTarget::Active)
///     .poll_schedule(PollSchedule::fixed(Duration::from_millis(10)))
///     .wait(Duration::from_secs(5))
///     .await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PollSchedule {
    first: Duration,
    max: Duration,
}

impl PollSchedule {
    /// 5 s, doubling up to 60 s.
    pub const DEFAULT: Self = Self::new(DEFAULT_FIRST_POLL_INTERVAL, DEFAULT_MAX_POLL_INTERVAL);

    /// `first` before the second poll, doubling after each poll up to
    /// `max` (a `first` above `max` is taken as `max`).
    pub const fn new(first: Duration, max: Duration) -> Self {
        Self { first, max }
    }

    /// The same interval every time (still with jitter).
    pub const fn fixed(interval: Duration) -> Self {
        Self::new(interval, interval)
    }

    /// The interval before the second poll.
    pub const fn first_interval(&self) -> Duration {
        self.first
    }

    /// The longest interval.
    pub const fn max_interval(&self) -> Duration {
        self.max
    }
}

impl Default for PollSchedule {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Why [`Waiter::wait`] did not return a value. Each variant carries the
/// last value a poll returned, when one did; [`WaitError::last_value`]
/// reads it whatever the variant.
///
/// `T` is what was polled: a certificate pack for
/// `Client::wait_for_certificate_pack`, hence the default. The error is a
/// `std::error::Error` when `T` is `Display`, which its message uses.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError<T = crate::generated_types::CertificatePack> {
    /// The acceptor said [`Acceptance::Failed`]: waiting cannot get there
    /// (for a pack: a timed-out step, deleted, expired, …).
    Failed {
        /// The value as last seen, in that state.
        last: Box<T>,
    },
    /// The acceptor said [`Acceptance::PastTarget`] (for a pack: `active`
    /// while waiting for validation records).
    PastTarget {
        /// The value as last seen.
        last: Box<T>,
    },
    /// The maximum wait passed, or the next poll would have come after it.
    TimedOut {
        /// The maximum wait given.
        max_wait: Duration,
        /// How many polls were sent.
        polls: u32,
        /// The value as last seen.
        last: Option<Box<T>>,
    },
    /// What was polled is gone: the poll answered 404.
    Gone {
        /// The value as last seen before it went.
        last: Option<Box<T>>,
        /// The 404.
        error: Error,
    },
    /// A poll failed for another reason (credentials, input, the server).
    Request {
        /// The value as last seen.
        last: Option<Box<T>>,
        /// The failed call's error.
        error: Error,
    },
}

impl<T> WaitError<T> {
    /// The value as last seen, if a poll returned one.
    pub fn last_value(&self) -> Option<&T> {
        match self {
            Self::Failed { last } | Self::PastTarget { last } => Some(last),
            Self::TimedOut { last, .. } | Self::Gone { last, .. } | Self::Request { last, .. } => {
                last.as_deref()
            }
        }
    }
}

impl<T: fmt::Display> fmt::Display for WaitError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Failed { last } => write!(
                f,
                "{last} is in a failure state: waiting will not reach the target"
            ),
            Self::PastTarget { last } => write!(f, "{last} is already past the target"),
            Self::TimedOut {
                max_wait,
                polls,
                last,
            } => {
                write!(f, "gave up after {max_wait:?} and {polls} polls")?;
                match last {
                    Some(last) => write!(f, "; last seen: {last}"),
                    None => write!(f, "; no poll returned a value"),
                }
            }
            Self::Gone { error, .. } => write!(f, "what was waited for is gone: {error}"),
            Self::Request { error, .. } => write!(f, "a poll failed: {error}"),
        }
    }
}

impl<T: fmt::Debug + fmt::Display> std::error::Error for WaitError<T> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Gone { error, .. } | Self::Request { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// One poll in flight.
type PollFuture<'c, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'c>>;

/// A wait: a poll and an acceptor; nothing is sent until
/// [`Waiter::wait`].
///
/// ```no_run
/// # async fn run(client: cloudflare_ssl::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
/// use cloudflare_ssl::types::SslAutomaticModeValue;
/// use cloudflare_ssl::{Acceptance, Waiter};
/// let zone_id = "023e105f4ecef8ad9ca31a8372d0c353";
/// // Until another program has switched the zone to `auto`.
/// let waited = Waiter::new(
///     || client.get_ssl_automatic_mode(zone_id),
///     |setting| match setting.value {
///         SslAutomaticModeValue::Auto => Acceptance::Done,
///         _ => Acceptance::KeepPolling,
///     },
/// )
/// .wait(Duration::from_secs(600))
/// .await;
/// match waited {
///     Ok(setting) => println!("now {}", setting.value),
///     Err(error) => println!("still {:?}", error.last_value().map(|s| &s.value)),
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "nothing is sent until `.wait(max_wait)`"]
pub struct Waiter<'c, T> {
    poll: Box<dyn FnMut() -> PollFuture<'c, T> + Send + 'c>,
    accept: Box<dyn Fn(&T) -> Acceptance + Send + 'c>,
    schedule: PollSchedule,
}

impl<T> fmt::Debug for Waiter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Waiter")
            .field("schedule", &self.schedule)
            .finish_non_exhaustive()
    }
}

impl<'c, T: Send + 'c> Waiter<'c, T> {
    /// Polls with `poll` and judges each value with `accept`, on
    /// [`PollSchedule::DEFAULT`].
    pub fn new<F>(
        mut poll: impl FnMut() -> F + Send + 'c,
        accept: impl Fn(&T) -> Acceptance + Send + 'c,
    ) -> Self
    where
        F: Future<Output = Result<T, Error>> + Send + 'c,
    {
        Self {
            poll: Box::new(move || Box::pin(poll())),
            accept: Box::new(accept),
            schedule: PollSchedule::DEFAULT,
        }
    }

    /// Polls on `schedule` instead.
    pub fn poll_schedule(mut self, schedule: PollSchedule) -> Self {
        self.schedule = schedule;
        self
    }

    /// The interval before the second poll (5 s by default); each later one
    /// doubles, up to [`Waiter::max_interval`].
    pub fn first_interval(mut self, interval: Duration) -> Self {
        self.schedule.first = interval;
        self
    }

    /// The longest interval between polls (60 s by default).
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.schedule.max = interval;
        self
    }

    /// Polls until the acceptor says [`Acceptance::Done`] and returns that
    /// value. Returns at once when the first value is done, and fails at
    /// once on [`Acceptance::Failed`] or [`Acceptance::PastTarget`]. A poll
    /// answered 429 after the client's own retries waits the `Retry-After`
    /// (or the next interval) and polls again; a 404 ends the wait as
    /// [`WaitError::Gone`], any other failed poll as
    /// [`WaitError::Request`]. No poll is started after `max_wait`, and one
    /// in flight then is cut off.
    ///
    /// On tokio's paused clock (`start_paused`), a poll to a server that
    /// runs outside the test's runtime (wiremock, or the fake Cloudflare)
    /// leaves the runtime idle while it is in flight, so tokio jumps the
    /// clock to the next timer, the maximum wait, and the wait times out
    /// after one poll; test against such a server on the real clock with a
    /// [`PollSchedule`] in milliseconds instead.
    pub async fn wait(mut self, max_wait: Duration) -> Result<T, WaitError<T>> {
        let deadline = later_by(Instant::now(), max_wait);
        let mut interval = self.schedule.first.min(self.schedule.max);
        let mut last: Option<Box<T>> = None;
        let mut polls = 0u32;
        loop {
            polls = polls.saturating_add(1);
            let mut pause = jittered(interval);
            match tokio::time::timeout_at(deadline, (self.poll)()).await {
                Err(_elapsed) => {
                    return Err(WaitError::TimedOut {
                        max_wait,
                        polls,
                        last,
                    });
                }
                Ok(Ok(value)) => match (self.accept)(&value) {
                    Acceptance::Done => return Ok(value),
                    Acceptance::Failed => return Err(WaitError::Failed { last: value.into() }),
                    Acceptance::PastTarget => {
                        return Err(WaitError::PastTarget { last: value.into() });
                    }
                    Acceptance::KeepPolling => last = Some(value.into()),
                },
                Ok(Err(error)) if error.is_not_found() => {
                    return Err(WaitError::Gone { last, error });
                }
                Ok(Err(Error::RateLimited { retry_after, .. })) => {
                    pause = pause.max(retry_after.unwrap_or_default());
                }
                Ok(Err(error)) => return Err(WaitError::Request { last, error }),
            }
            if later_by(Instant::now(), pause) >= deadline {
                return Err(WaitError::TimedOut {
                    max_wait,
                    polls,
                    last,
                });
            }
            tokio::time::sleep(pause).await;
            interval = interval.saturating_mul(2).min(self.schedule.max);
        }
    }
}

/// `interval` moved by up to [`JITTER`] of itself either way (an interval
/// too long to move stays as it is).
fn jittered(interval: Duration) -> Duration {
    let factor = 1.0 + JITTER * (2.0 * fastrand::f64() - 1.0);
    Duration::try_from_secs_f64(interval.as_secs_f64() * factor).unwrap_or(interval)
}

/// `wait` after `now`; a wait too long for the clock (`Duration::MAX` as
/// "no limit") ends a century from now instead of overflowing.
fn later_by(now: Instant, wait: Duration) -> Instant {
    const CENTURY: Duration = Duration::from_secs(100 * 365 * 24 * 3600);
    now.checked_add(wait).unwrap_or_else(|| now + CENTURY)
}
