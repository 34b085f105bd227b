//! An optional client-side rate limiter, shared by every clone of a client.
//!
//! Cloudflare allows 1 200 API requests per 5 minutes per user, and once a
//! client passes that, "all API calls for the next five minutes will be
//! blocked" (code 971; terraform-provider-cloudflare #5505, cloudflare-go
//! #1041). A token bucket keeps a bulk job under the limit; and when the
//! server answers 429 with a wait anyway, every call through the limiter
//! pauses until the wait has passed instead of each one hitting the block.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

/// A token bucket that never lets more than `requests` through in any
/// window of `window`: it holds at most `burst` tokens and refills at
/// `(requests - burst) / window`.
///
/// Cheap to clone; clones share one bucket, so one limiter given to several
/// clients limits them together (Cloudflare's limit is per user, not per
/// client). Every attempt, retries included, takes a token.
#[derive(Clone)]
pub struct RateLimiter {
    shared: Arc<Mutex<Bucket>>,
    requests: u32,
    window: Duration,
    burst: u32,
}

struct Bucket {
    tokens: f64,
    refilled: Instant,
    /// No request leaves before this instant (a 429's wait).
    paused_until: Option<Instant>,
}

impl RateLimiter {
    /// Cloudflare's documented limit: 1 200 requests per 5 minutes.
    pub const CLOUDFLARE_REQUESTS: u32 = 1200;
    /// The window of Cloudflare's documented limit.
    pub const CLOUDFLARE_WINDOW: Duration = Duration::from_secs(300);

    /// Preset to Cloudflare's documented 1 200 requests per 5 minutes, with
    /// a burst of 120 and then 3.6 requests per second.
    pub fn cloudflare() -> Self {
        Self::new(Self::CLOUDFLARE_REQUESTS, Self::CLOUDFLARE_WINDOW)
    }

    /// At most `requests` in any `window`, with a burst of a tenth of them
    /// (at least 1). `requests` of 0 is taken as 1; a zero `window` as 1 ms.
    pub fn new(requests: u32, window: Duration) -> Self {
        let requests = requests.max(1);
        Self::build(
            requests,
            window.max(Duration::from_millis(1)),
            (requests / 10).max(1),
        )
    }

    /// The same limit with another burst (clamped to 1..=`requests`).
    pub fn with_burst(self, burst: u32) -> Self {
        Self::build(self.requests, self.window, burst.clamp(1, self.requests))
    }

    fn build(requests: u32, window: Duration, burst: u32) -> Self {
        Self {
            shared: Arc::new(Mutex::new(Bucket {
                tokens: f64::from(burst),
                refilled: Instant::now(),
                paused_until: None,
            })),
            requests,
            window,
            burst,
        }
    }

    /// Tokens per second.
    fn rate(&self) -> f64 {
        // With requests == burst nothing refills within the window; one
        // request per window keeps the bucket from stalling for ever.
        f64::from((self.requests - self.burst).max(1)) / self.window.as_secs_f64()
    }

    fn bucket(&self) -> std::sync::MutexGuard<'_, Bucket> {
        // The bucket holds plain numbers: a panic elsewhere cannot leave
        // them inconsistent, so a poisoned lock is still usable.
        self.shared.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until a request may leave, and takes its token.
    pub(crate) async fn acquire(&self) {
        loop {
            let wait = {
                let mut bucket = self.bucket();
                let now = Instant::now();
                match bucket.paused_until {
                    Some(until) if until > now => until - now,
                    _ => {
                        bucket.paused_until = None;
                        let elapsed = now.duration_since(bucket.refilled).as_secs_f64();
                        bucket.tokens =
                            (bucket.tokens + elapsed * self.rate()).min(f64::from(self.burst));
                        bucket.refilled = now;
                        if bucket.tokens >= 1.0 {
                            bucket.tokens -= 1.0;
                            return;
                        }
                        token_wait(1.0 - bucket.tokens, self.rate())
                    }
                }
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// Holds every request back for `wait` (a 429's `Retry-After`), or
    /// longer if an earlier pause lasts longer.
    pub(crate) fn pause_for(&self, wait: Duration) {
        let Some(until) = Instant::now().checked_add(wait) else {
            return;
        };
        let mut bucket = self.bucket();
        if bucket.paused_until.is_none_or(|current| current < until) {
            bucket.paused_until = Some(until);
        }
    }
}

/// How long until `missing` tokens have refilled at `rate` per second: at
/// least tokio's timer granularity of 1 ms. Float rounding can leave a
/// bucket a hair short of a token; a wait that rounds to zero then never
/// lets the clock move on a paused runtime (tests), and spins on a real one.
fn token_wait(missing: f64, rate: f64) -> Duration {
    const TIMER_GRANULARITY: Duration = Duration::from_millis(1);
    Duration::try_from_secs_f64(missing / rate)
        .unwrap_or(Duration::MAX)
        .max(TIMER_GRANULARITY)
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimiter")
            .field("requests", &self.requests)
            .field("window", &self.window)
            .field("burst", &self.burst)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Requests let through by `limiter` within `span` of paused time.
    async fn admitted_within(limiter: &RateLimiter, span: Duration) -> u32 {
        let start = Instant::now();
        let mut admitted = 0;
        loop {
            limiter.acquire().await;
            if start.elapsed() > span {
                return admitted;
            }
            admitted += 1;
        }
    }

    #[tokio::test(start_paused = true)]
    async fn never_more_than_the_limit_in_a_window() {
        let limiter = RateLimiter::new(1200, Duration::from_secs(300));
        // Burst of 120 at once, then 1 080 over the rest of the window.
        let first_window = admitted_within(&limiter, Duration::from_secs(300)).await;
        assert!((1195..=1200).contains(&first_window), "{first_window}");
    }

    #[tokio::test(start_paused = true)]
    async fn the_cloudflare_preset_starts_with_a_burst_of_120() {
        let limiter = RateLimiter::cloudflare();
        let burst = admitted_within(&limiter, Duration::from_millis(1)).await;
        assert_eq!(burst, 120);
    }

    /// A bucket a rounding error short of a token waits one timer tick, not
    /// zero: the waiter's paused-clock test spun for ever on a zero wait in
    /// about one run in seven.
    #[test]
    fn a_bucket_a_hair_short_of_a_token_waits_a_whole_tick() {
        let rate = 0.01;
        let hair = 1.0 - 0.999_999_999_999_999_9_f64;
        assert_eq!(token_wait(hair, rate), Duration::from_millis(1));
        assert_eq!(token_wait(0.5, rate), Duration::from_secs(50));
        assert_eq!(token_wait(1.0, 0.0), Duration::MAX);
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_every_request_back_until_it_has_passed() {
        let limiter = RateLimiter::new(100, Duration::from_secs(1));
        limiter.pause_for(Duration::from_secs(300));
        limiter.pause_for(Duration::from_secs(5)); // a shorter pause does not shorten it
        let start = Instant::now();
        limiter.acquire().await;
        assert_eq!(start.elapsed().as_secs(), 300);
    }
}
