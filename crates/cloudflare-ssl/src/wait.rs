//! Following a certificate pack until it reaches a target:
//! [`Client::wait_for_certificate_pack`] polls `GET` on the pack, with
//! back-off and jitter, until the target holds, the pack can no longer reach
//! it, or the maximum wait passes.
//!
//! Intervals start at 5 s and double up to 60 s: Cloudflare rechecks domain
//! control validation at most once a minute ("Validation backoff schedule",
//! developers.cloudflare.com/ssl/edge-certificates/changing-dcv-method/validation-backoff-schedule/),
//! so polling faster learns nothing sooner. Every poll is an ordinary call:
//! it goes through the rate limiter when one is set, and keeps the client's
//! retries, deadline and 429 rules.

use std::fmt;
use std::time::Duration;

use tokio::time::Instant;

use crate::client::Client;
use crate::error::Error;
use crate::pack_status::StatusClass;
use crate::types::{CertificatePack, CertificatePackStatus};

/// The first interval between polls.
pub const DEFAULT_FIRST_POLL_INTERVAL: Duration = Duration::from_secs(5);
/// The longest interval between polls.
pub const DEFAULT_MAX_POLL_INTERVAL: Duration = Duration::from_secs(60);
/// Each interval is moved by up to this share either way, so that many
/// waiters started together do not poll together.
const JITTER: f64 = 0.2;

/// What [`Client::wait_for_certificate_pack`] waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WaitTarget {
    /// `active`.
    Active,
    /// `staging_active`: waiting on a staging deploy.
    StagingActive,
    /// The records to publish for validation: `pending_validation` with
    /// `validation_records` or `dcv_delegation_records` not empty (right
    /// after an order or a restart they are often still empty).
    ValidationRecords,
}

/// What one look at the pack says about the target.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Reached,
    KeepPolling,
    /// A failure status: the target will not be reached by waiting.
    Failed,
    /// The pack went beyond the target (active while waiting for records).
    Past,
}

impl WaitTarget {
    fn judge(self, pack: &CertificatePack) -> Verdict {
        let class = pack.status.class();
        if matches!(class, StatusClass::TimedOut | StatusClass::Ended) {
            return Verdict::Failed;
        }
        match (self, class) {
            (Self::Active, StatusClass::Active) => Verdict::Reached,
            (Self::StagingActive, StatusClass::StagingActive) => Verdict::Reached,
            (Self::StagingActive, StatusClass::Active) => Verdict::Past,
            (Self::ValidationRecords, _) => records_verdict(pack),
            _ => Verdict::KeepPolling,
        }
    }
}

fn records_verdict(pack: &CertificatePack) -> Verdict {
    let has = |records: &Option<Vec<_>>| records.as_ref().is_some_and(|r| !r.is_empty());
    match &pack.status {
        CertificatePackStatus::PendingValidation
            if has(&pack.validation_records) || has(&pack.dcv_delegation_records) =>
        {
            Verdict::Reached
        }
        CertificatePackStatus::Initializing
        | CertificatePackStatus::PendingValidation
        | CertificatePackStatus::Unknown(_) => Verdict::KeepPolling,
        // Validation is behind it: issuance, deployment or active.
        _ => Verdict::Past,
    }
}

/// Why [`WaitForCertificatePack::wait`] did not return the pack. Each
/// variant carries the last pack seen, when one was.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError {
    /// The pack reached a failure status (a timed-out step, deleted,
    /// expired, …), from which waiting cannot reach the target.
    Failed {
        /// The pack as last seen, in that status.
        pack: Box<CertificatePack>,
    },
    /// The pack is already beyond the target (for example `active` while
    /// waiting for validation records).
    PastTarget {
        /// The pack as last seen.
        pack: Box<CertificatePack>,
    },
    /// The maximum wait passed, or the next poll would have come after it.
    TimedOut {
        /// The maximum wait given.
        max_wait: Duration,
        /// How many polls were sent.
        polls: u32,
        /// The pack as last seen.
        last: Option<Box<CertificatePack>>,
    },
    /// The pack is gone: `GET` answered 404.
    Gone {
        /// The pack as last seen before it went.
        last: Option<Box<CertificatePack>>,
        /// The 404.
        error: Error,
    },
    /// A poll failed for another reason (credentials, input, the server).
    Request {
        /// The pack as last seen.
        last: Option<Box<CertificatePack>>,
        /// The failed call's error.
        error: Error,
    },
}

impl WaitError {
    /// The pack as last seen, if a poll returned one.
    pub fn last_pack(&self) -> Option<&CertificatePack> {
        match self {
            Self::Failed { pack } | Self::PastTarget { pack } => Some(pack),
            Self::TimedOut { last, .. } | Self::Gone { last, .. } | Self::Request { last, .. } => {
                last.as_deref()
            }
        }
    }
}

impl fmt::Display for WaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Failed { pack } => write!(
                f,
                "certificate pack {} reached `{}`, a failure status",
                pack.id, pack.status
            ),
            Self::PastTarget { pack } => write!(
                f,
                "certificate pack {} is already past the target: `{}`",
                pack.id, pack.status
            ),
            Self::TimedOut {
                max_wait,
                polls,
                last,
            } => {
                write!(f, "gave up after {max_wait:?} and {polls} polls")?;
                match last {
                    Some(pack) => write!(f, "; the pack was last `{}`", pack.status),
                    None => write!(f, "; no poll returned the pack"),
                }
            }
            Self::Gone { error, .. } => write!(f, "the certificate pack is gone: {error}"),
            Self::Request { error, .. } => {
                write!(f, "polling the certificate pack failed: {error}")
            }
        }
    }
}

impl std::error::Error for WaitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Gone { error, .. } | Self::Request { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// A wait for one certificate pack, from [`Client::wait_for_certificate_pack`];
/// nothing is sent until [`WaitForCertificatePack::wait`].
#[derive(Debug)]
#[must_use = "nothing is sent until `.wait(max_wait)`"]
pub struct WaitForCertificatePack<'c> {
    client: &'c Client,
    zone_id: String,
    certificate_pack_id: String,
    target: WaitTarget,
    first_interval: Duration,
    max_interval: Duration,
}

impl Client {
    /// Follows a certificate pack until `target` holds: see
    /// [`WaitForCertificatePack::wait`].
    ///
    /// ```no_run
    /// # async fn run(client: cloudflare_ssl::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use cloudflare_ssl::WaitTarget;
    /// let pack = client
    ///     .wait_for_certificate_pack("023e105f4ecef8ad9ca31a8372d0c353", "3822ff90ea6947ce97a8b2d1f8b4e4ab", WaitTarget::Active)
    ///     .wait(Duration::from_secs(30 * 60))
    ///     .await?;
    /// println!("{} is {}", pack.id, pack.status);
    /// # Ok(())
    /// # }
    /// ```
    pub fn wait_for_certificate_pack(
        &self,
        zone_id: &str,
        certificate_pack_id: &str,
        target: WaitTarget,
    ) -> WaitForCertificatePack<'_> {
        WaitForCertificatePack {
            client: self,
            zone_id: zone_id.to_owned(),
            certificate_pack_id: certificate_pack_id.to_owned(),
            target,
            first_interval: DEFAULT_FIRST_POLL_INTERVAL,
            max_interval: DEFAULT_MAX_POLL_INTERVAL,
        }
    }
}

impl WaitForCertificatePack<'_> {
    /// The interval before the second poll (5 s by default); each later one
    /// doubles, up to [`WaitForCertificatePack::max_interval`].
    pub fn first_interval(mut self, interval: Duration) -> Self {
        self.first_interval = interval;
        self
    }

    /// The longest interval between polls (60 s by default).
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }

    /// Polls until the target holds and returns the pack. Returns at once
    /// when it already holds, and fails at once when the pack is in a
    /// failure status or already past the target. A status this client
    /// does not know keeps it polling (with a warning, with the `tracing`
    /// feature). A poll answered 429 after the client's own retries waits
    /// the `Retry-After` (or the next interval) and polls again; any other
    /// failed poll ends the wait. No poll is started after `max_wait`, and
    /// one in flight then is cut off.
    pub async fn wait(self, max_wait: Duration) -> Result<CertificatePack, WaitError> {
        let deadline = later_by(Instant::now(), max_wait);
        let mut interval = self.first_interval.min(self.max_interval);
        let mut last: Option<Box<CertificatePack>> = None;
        let mut polls = 0u32;
        loop {
            polls += 1;
            let poll = self
                .client
                .get_certificate_pack(&self.zone_id, &self.certificate_pack_id);
            let mut pause = jittered(interval);
            match tokio::time::timeout_at(deadline, poll).await {
                Err(_elapsed) => {
                    return Err(WaitError::TimedOut {
                        max_wait,
                        polls,
                        last,
                    });
                }
                Ok(Ok(pack)) => match self.target.judge(&pack) {
                    Verdict::Reached => return Ok(pack),
                    Verdict::Failed => return Err(WaitError::Failed { pack: pack.into() }),
                    Verdict::Past => return Err(WaitError::PastTarget { pack: pack.into() }),
                    Verdict::KeepPolling => {
                        warn_if_unknown(&pack);
                        last = Some(pack.into());
                    }
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
            interval = interval.saturating_mul(2).min(self.max_interval);
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

#[cfg(feature = "tracing")]
fn warn_if_unknown(pack: &CertificatePack) {
    if pack.status.class() == StatusClass::Unknown {
        tracing::warn!(
            certificate_pack = %pack.id,
            status = %pack.status,
            "a certificate pack status the client does not know; still waiting"
        );
    }
}

#[cfg(not(feature = "tracing"))]
fn warn_if_unknown(_pack: &CertificatePack) {}
