//! Stand-in for a downstream user's own code: small functions built on
//! `cloudflare-ssl` that its tests check against `cloudflare-ssl-mock`.

use cloudflare_ssl::types::{
    CertificatePackEditRequest, CertificatePackStatus, SslAutomaticModeValue,
};
use cloudflare_ssl::{Client, Error};

/// Turns Automatic SSL/TLS on for `zone_id`; `true` when Cloudflare
/// reports it on afterwards.
pub async fn enable_automatic_ssl(client: &Client, zone_id: &str) -> Result<bool, Error> {
    let setting = client
        .edit_ssl_automatic_mode(zone_id, SslAutomaticModeValue::Auto)
        .await?;
    Ok(setting.value == SslAutomaticModeValue::Auto)
}

/// What [`restart_validation`] did.
#[derive(Debug, PartialEq)]
pub enum Restart {
    /// The pack is validating again.
    Restarted,
    /// The pack answered with another status.
    Status(CertificatePackStatus),
    /// The call failed; the message says why.
    Failed(String),
}

/// Restarts validation of a pack. Never fails: errors become
/// [`Restart::Failed`], as in code that logs and carries on.
pub async fn restart_validation(client: &Client, zone_id: &str, pack_id: &str) -> Restart {
    match client
        .edit_certificate_pack(zone_id, pack_id, &CertificatePackEditRequest::default())
        .await
    {
        Ok(pack) if pack.status == CertificatePackStatus::PendingValidation => Restart::Restarted,
        Ok(pack) => Restart::Status(pack.status),
        Err(error) => Restart::Failed(error.to_string()),
    }
}

/// Turns Automatic SSL/TLS on for `zone_id` only if it is off: reads the
/// setting first and sends the PATCH only when it differs. `true` when it
/// sent one.
pub async fn ensure_automatic_ssl(client: &Client, zone_id: &str) -> Result<bool, Error> {
    let setting = client.get_ssl_automatic_mode(zone_id).await?;
    if setting.value == SslAutomaticModeValue::Auto {
        return Ok(false);
    }
    enable_automatic_ssl(client, zone_id).await?;
    Ok(true)
}
