//! What each certificate pack status means to a caller following a pack:
//! one table, [`CertificatePackStatus::class`], and the predicates built on it.
//!
//! Sources: Cloudflare's "Certificate statuses" reference
//! (developers.cloudflare.com/ssl/reference/certificate-statuses/), the
//! "Validation backoff schedule" page
//! (…/ssl/edge-certificates/changing-dcv-method/validation-backoff-schedule/),
//! the Advanced Certificate Manager page on managing certificates, and the
//! PATCH page in `../shared/docs/certificate-pack-edit.txt` ("restart
//! validation … only … for a Certificate Pack in a validation_timed_out
//! status"). Where the docs leave a status unclear, the choice is said at
//! its row.

use crate::generated_open_enums::CertificatePackStatus;

/// Where a certificate pack stands, as [`CertificatePackStatus::class`]
/// sorts its statuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StatusClass {
    /// Issued and deployed to Cloudflare's edge: `active`.
    Active,
    /// Deployed to the staging environment only: `staging_active`. Success
    /// when waiting on a staging deploy; still on its way otherwise.
    StagingActive,
    /// On its way to `active`: Cloudflare is still working on it.
    InProgress,
    /// A step ran out of time. Cloudflare documents restarting only
    /// validation (`validation_timed_out`, with a PATCH); the other three
    /// need the pack to be ordered again or Cloudflare support.
    TimedOut,
    /// Deleted, expired, or on its way out: it will not become active.
    Ended,
    /// A status this client does not know yet (Cloudflare adds statuses).
    Unknown,
}

impl CertificatePackStatus {
    /// This status's class: the one table the predicates and the waiter
    /// read.
    pub fn class(&self) -> StatusClass {
        use CertificatePackStatus as S;
        match self {
            S::Active => StatusClass::Active,
            S::StagingActive => StatusClass::StagingActive,
            S::Initializing
            | S::PendingValidation
            | S::PendingIssuance
            | S::PendingDeployment
            | S::StagingDeployment
            // Unclear in the docs: deployment is held back (for example
            // until a staging certificate is promoted); not a failure.
            | S::HoldingDeployment
            // Unclear in the docs: a backup certificate was issued beside
            // the primary, which is still on its way.
            | S::BackupIssued => StatusClass::InProgress,
            S::ValidationTimedOut
            | S::InitializingTimedOut
            | S::IssuanceTimedOut
            | S::DeploymentTimedOut => StatusClass::TimedOut,
            S::DeletionTimedOut
            | S::PendingDeletion
            | S::Deleted
            | S::Deactivating
            | S::Inactive
            | S::Expired
            // Unclear in the docs: about to expire, so it is on its way out
            // rather than towards `active`.
            | S::PendingExpiration
            | S::PendingCleanup => StatusClass::Ended,
            S::Unknown(_) => StatusClass::Unknown,
        }
    }

    /// `active`: issued and deployed.
    pub fn is_active(&self) -> bool {
        self.class() == StatusClass::Active
    }

    /// Cloudflare is still working on the pack (`initializing`,
    /// `pending_validation`, … ; see [`StatusClass::InProgress`]).
    pub fn is_in_progress(&self) -> bool {
        self.class() == StatusClass::InProgress
    }

    /// The pack will not become active by waiting: a step timed out, or it
    /// is deleted, expired or going away.
    pub fn is_failed(&self) -> bool {
        matches!(self.class(), StatusClass::TimedOut | StatusClass::Ended)
    }

    /// Validation is under way or about to start: an
    /// [`StatusClass::InProgress`] status that has not gone past validation
    /// (`initializing`, `pending_validation`). The packs whose records a
    /// DCV plan lists.
    pub fn is_validating(&self) -> bool {
        self.class() == StatusClass::InProgress
            && matches!(
                self,
                CertificatePackStatus::Initializing | CertificatePackStatus::PendingValidation
            )
    }

    /// `validation_timed_out`: the one status in which the PATCH restarts
    /// validation (`Client::edit_certificate_pack`).
    pub fn can_restart_validation(&self) -> bool {
        *self == CertificatePackStatus::ValidationTimedOut
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::open_enum::OpenEnum;

    /// The classes the sources above give each status, written out: every documented
    /// status in exactly the class it names.
    #[test]
    fn every_documented_status_has_the_class_the_research_table_names() {
        let table: [(&str, StatusClass); 21] = [
            ("active", StatusClass::Active),
            ("staging_active", StatusClass::StagingActive),
            ("initializing", StatusClass::InProgress),
            ("pending_validation", StatusClass::InProgress),
            ("pending_issuance", StatusClass::InProgress),
            ("pending_deployment", StatusClass::InProgress),
            ("staging_deployment", StatusClass::InProgress),
            ("holding_deployment", StatusClass::InProgress),
            ("backup_issued", StatusClass::InProgress),
            ("validation_timed_out", StatusClass::TimedOut),
            ("initializing_timed_out", StatusClass::TimedOut),
            ("issuance_timed_out", StatusClass::TimedOut),
            ("deployment_timed_out", StatusClass::TimedOut),
            ("deletion_timed_out", StatusClass::Ended),
            ("pending_deletion", StatusClass::Ended),
            ("deleted", StatusClass::Ended),
            ("deactivating", StatusClass::Ended),
            ("inactive", StatusClass::Ended),
            ("expired", StatusClass::Ended),
            ("pending_expiration", StatusClass::Ended),
            ("pending_cleanup", StatusClass::Ended),
        ];
        let mut listed: Vec<&str> = table.iter().map(|(value, _)| *value).collect();
        listed.sort_unstable();
        let mut known = CertificatePackStatus::KNOWN_WIRE_VALUES.to_vec();
        known.sort_unstable();
        assert_eq!(
            listed, known,
            "the table covers exactly the fragment's statuses"
        );
        for (value, class) in table {
            let status: CertificatePackStatus = value.parse().expect("open enums parse anything");
            assert_eq!(status.class(), class, "{value}");
        }
    }

    #[test]
    fn the_predicates_follow_the_classes() {
        let status = |value: &str| -> CertificatePackStatus { value.parse().expect("parses") };
        assert!(status("active").is_active());
        assert!(!status("staging_active").is_active());
        assert!(status("pending_validation").is_in_progress());
        assert!(status("issuance_timed_out").is_failed());
        assert!(status("expired").is_failed());
        assert!(!status("holding_deployment").is_failed());
        assert!(status("validation_timed_out").can_restart_validation());
        assert!(!status("issuance_timed_out").can_restart_validation());
        assert!(status("initializing").is_validating());
        assert!(status("pending_validation").is_validating());
        assert!(!status("pending_issuance").is_validating());
        assert!(!status("validation_timed_out").is_validating());
        let unknown = status("quantum_entangled");
        assert_eq!(unknown.class(), StatusClass::Unknown);
        assert!(!unknown.is_active() && !unknown.is_in_progress() && !unknown.is_failed());
        assert!(!unknown.is_validating());
    }
}
