//! The two operations, as the suite calls them.

use cloudflare_ssl::types::{CertificatePackEditRequest, SslAutomaticModeValue};
use cloudflare_ssl::{Client, Error};
use serde_json::{Value, json};

use crate::fixtures::{CERTIFICATE_PACK_PATH, Fixture, SSL_AUTOMATIC_MODE_PATH};

/// The documented example identifier, valid for both path parameters.
pub const DOCUMENTED_ID: &str = cloudflare_ssl_mock::documented::ZONE_ID;

/// One of the client's two operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// `PATCH /zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}`.
    CertificatePack,
    /// `PATCH /zones/{zone_id}/settings/ssl_automatic_mode`.
    SslAutomaticMode,
}

impl Operation {
    /// Both operations.
    pub const ALL: [Operation; 2] = [Operation::CertificatePack, Operation::SslAutomaticMode];

    /// Its path as the fragment writes it.
    pub fn fragment_path(self) -> &'static str {
        match self {
            Operation::CertificatePack => CERTIFICATE_PACK_PATH,
            Operation::SslAutomaticMode => SSL_AUTOMATIC_MODE_PATH,
        }
    }

    /// Its documented success example.
    pub fn success_fixture(self) -> &'static Fixture {
        match self {
            Operation::CertificatePack => Fixture::by_file("edit_certificate_pack.json"),
            Operation::SslAutomaticMode => Fixture::by_file("edit_ssl_automatic_mode.json"),
        }
    }

    /// The JSON body [`Operation::call`] must send.
    pub fn expected_body(self) -> Value {
        match self {
            Operation::CertificatePack => json!({ "cloudflare_branding": true }),
            Operation::SslAutomaticMode => json!({ "value": "auto" }),
        }
    }

    /// Calls the operation (`pack_id` is unused by the Automatic SSL/TLS
    /// one) with `cloudflare_branding: true` or `auto`; returns the decoded
    /// `result` encoded as JSON.
    pub async fn call(self, client: &Client, zone_id: &str, pack_id: &str) -> Result<Value, Error> {
        let encode =
            |value: Result<Value, serde_json::Error>| value.expect("generated types serialize");
        match self {
            Operation::CertificatePack => {
                let edit = CertificatePackEditRequest::new().cloudflare_branding(true);
                let pack = client
                    .edit_certificate_pack(zone_id, pack_id, &edit)
                    .await?;
                Ok(encode(serde_json::to_value(pack)))
            }
            Operation::SslAutomaticMode => {
                let setting = client
                    .edit_ssl_automatic_mode(zone_id, SslAutomaticModeValue::Auto)
                    .await?;
                Ok(encode(serde_json::to_value(setting)))
            }
        }
    }
}
