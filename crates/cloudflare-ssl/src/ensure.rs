//! Read before write for Automatic SSL/TLS: what a change would do
//! (`Client::plan_ssl_automatic_mode`), and what making it only when it
//! changes something did (`Client::ensure_ssl_automatic_mode`). The calls
//! are in `client.rs`; the decisions are here.
//!
//! A setting whose `editable` is false cannot be changed (the documentation
//! page: "Whether this setting can be updated or not"), so no PATCH is sent
//! for it.

use std::fmt;

use crate::error::Error;
use crate::generated_open_enums::SslAutomaticModeValue;
use crate::generated_types::SslAutomaticModeSetting;

/// What setting a zone's Automatic SSL/TLS to a value would do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PlannedChange {
    /// The setting already has the value: nothing to send.
    Unchanged,
    /// The setting has another value and is editable: a PATCH would change it.
    WouldChange,
    /// The setting has another value but `editable` is false.
    NotEditable,
}

/// A zone's current setting and what setting it to a value would do.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct SslAutomaticModePlan {
    /// The setting as read.
    pub current: SslAutomaticModeSetting,
    /// What a change to the value asked for would do.
    pub change: PlannedChange,
}

/// What `Client::ensure_ssl_automatic_mode` did.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Ensured {
    /// The value was already set; no PATCH was sent. The setting as read.
    Unchanged(SslAutomaticModeSetting),
    /// A PATCH set the value. The setting as the PATCH returned it.
    Changed(SslAutomaticModeSetting),
}

impl Ensured {
    /// The setting as last seen.
    pub fn setting(&self) -> &SslAutomaticModeSetting {
        match self {
            Self::Unchanged(setting) | Self::Changed(setting) => setting,
        }
    }

    /// Whether a PATCH changed the setting.
    pub fn changed(&self) -> bool {
        matches!(self, Self::Changed(_))
    }
}

/// Why `Client::ensure_ssl_automatic_mode` did not set the value.
#[derive(Debug)]
#[non_exhaustive]
pub enum EnsureError {
    /// The setting has another value and `editable` is false: no PATCH was
    /// sent.
    NotEditable {
        /// The setting as read.
        current: Box<SslAutomaticModeSetting>,
    },
    /// The GET or the PATCH failed.
    Request(Error),
}

impl fmt::Display for EnsureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotEditable { current } => write!(
                f,
                "Automatic SSL/TLS is `{}` and not editable (`editable` is false); nothing was sent",
                current.value
            ),
            Self::Request(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for EnsureError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::NotEditable { .. } => None,
            Self::Request(error) => Some(error),
        }
    }
}

impl From<Error> for EnsureError {
    fn from(error: Error) -> Self {
        Self::Request(error)
    }
}

impl SslAutomaticModePlan {
    /// What setting `current` to `value` would do.
    pub(crate) fn new(current: SslAutomaticModeSetting, value: &SslAutomaticModeValue) -> Self {
        let change = if current.value == *value {
            PlannedChange::Unchanged
        } else if !current.editable {
            PlannedChange::NotEditable
        } else {
            PlannedChange::WouldChange
        };
        Self { current, change }
    }

    /// What ensuring the value ends in without a PATCH: `Ok` when the
    /// setting already has it, `Err` when it is not editable, and `None`
    /// when a PATCH is needed.
    pub(crate) fn outcome_without_patch(self) -> Option<Result<Ensured, EnsureError>> {
        match self.change {
            PlannedChange::Unchanged => Some(Ok(Ensured::Unchanged(self.current))),
            PlannedChange::NotEditable => Some(Err(EnsureError::NotEditable {
                current: self.current.into(),
            })),
            PlannedChange::WouldChange => None,
        }
    }
}
