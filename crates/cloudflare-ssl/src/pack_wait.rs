//! What following a certificate pack adds to the [`Waiter`](crate::waiter::Waiter):
//! the targets a pack is waited for, each an acceptor over the pack's
//! status ([`WaitTarget::acceptance`]), and how a pack reads in a wait's
//! messages.

use std::fmt;

use crate::generated_open_enums::CertificatePackStatus;
use crate::generated_types::CertificatePack;
use crate::pack_status::StatusClass;
use crate::waiter::{Acceptance, WaitError};

/// What `Client::wait_for_certificate_pack` waits for.
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

impl WaitTarget {
    /// What one look at `pack` says about this target: a failure status
    /// ([`StatusClass::TimedOut`] or [`StatusClass::Ended`]) is
    /// [`Acceptance::Failed`] whatever the target, and a status this
    /// client does not know keeps polling (with a warning, with the
    /// `tracing` feature).
    pub fn acceptance(self, pack: &CertificatePack) -> Acceptance {
        let class = pack.status.class();
        let acceptance = match (self, class) {
            (_, StatusClass::TimedOut | StatusClass::Ended) => Acceptance::Failed,
            (Self::Active, StatusClass::Active) => Acceptance::Done,
            (Self::StagingActive, StatusClass::StagingActive) => Acceptance::Done,
            (Self::StagingActive, StatusClass::Active) => Acceptance::PastTarget,
            (Self::ValidationRecords, _) => records_acceptance(pack),
            _ => Acceptance::KeepPolling,
        };
        if acceptance == Acceptance::KeepPolling {
            warn_if_unknown(pack);
        }
        acceptance
    }
}

fn records_acceptance(pack: &CertificatePack) -> Acceptance {
    let has = |records: &Option<Vec<_>>| records.as_ref().is_some_and(|r| !r.is_empty());
    match &pack.status {
        CertificatePackStatus::PendingValidation
            if has(&pack.validation_records) || has(&pack.dcv_delegation_records) =>
        {
            Acceptance::Done
        }
        CertificatePackStatus::Initializing
        | CertificatePackStatus::PendingValidation
        | CertificatePackStatus::Unknown(_) => Acceptance::KeepPolling,
        // Validation is behind it: issuance, deployment or active.
        _ => Acceptance::PastTarget,
    }
}

impl WaitError<CertificatePack> {
    /// The pack as last seen, if a poll returned one: [`WaitError::last_value`]
    /// under the name it has for a pack.
    pub fn last_pack(&self) -> Option<&CertificatePack> {
        self.last_value()
    }
}

/// How a pack reads in a [`WaitError`]'s message:
/// ``certificate pack 3822ff90ea6947ce97a8b2d1f8b4e4ab (`active`)``.
impl fmt::Display for CertificatePack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "certificate pack {} (`{}`)", self.id, self.status)
    }
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
