//! Read before write for Automatic SSL/TLS: see what a change would do
//! ([`Client::plan_ssl_automatic_mode`]) and make it only when it changes
//! something ([`Client::ensure_ssl_automatic_mode`]).
//!
//! A setting whose `editable` is false cannot be changed (the documentation
//! page: "Whether this setting can be updated or not"), so no PATCH is sent
//! for it.

use std::fmt;

use crate::client::Client;
use crate::error::Error;
use crate::types::{SslAutomaticModeSetting, SslAutomaticModeValue};

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

/// What [`Client::ensure_ssl_automatic_mode`] did.
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

/// Why [`Client::ensure_ssl_automatic_mode`] did not set the value.
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

impl Client {
    /// Reads the zone's Automatic SSL/TLS setting and says what setting it
    /// to `value` would do; sends only the GET. An unknown `value` is
    /// refused before anything is sent.
    pub async fn plan_ssl_automatic_mode(
        &self,
        zone_id: &str,
        value: SslAutomaticModeValue,
    ) -> Result<SslAutomaticModePlan, Error> {
        crate::operation::known_value("value", &value)?;
        let current = self.get_ssl_automatic_mode(zone_id).await?;
        let change = if current.value == value {
            PlannedChange::Unchanged
        } else if !current.editable {
            PlannedChange::NotEditable
        } else {
            PlannedChange::WouldChange
        };
        Ok(SslAutomaticModePlan { current, change })
    }

    /// Sets the zone's Automatic SSL/TLS to `value` only when it differs:
    /// reads the setting first, sends no PATCH when it already has the
    /// value ([`Ensured::Unchanged`]) or is not editable
    /// ([`EnsureError::NotEditable`]), and PATCHes otherwise
    /// ([`Ensured::Changed`]).
    pub async fn ensure_ssl_automatic_mode(
        &self,
        zone_id: &str,
        value: SslAutomaticModeValue,
    ) -> Result<Ensured, EnsureError> {
        let plan = self.plan_ssl_automatic_mode(zone_id, value.clone()).await?;
        match plan.change {
            PlannedChange::Unchanged => Ok(Ensured::Unchanged(plan.current)),
            PlannedChange::NotEditable => Err(EnsureError::NotEditable {
                current: plan.current.into(),
            }),
            PlannedChange::WouldChange => Ok(Ensured::Changed(
                self.edit_ssl_automatic_mode(zone_id, value).await?,
            )),
        }
    }
}
