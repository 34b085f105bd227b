//! The documented example responses kept in `tests/fixtures/` (see the
//! README there).

use std::path::PathBuf;

use cloudflare_ssl_mock::spec::Spec;
use serde_json::Value;

use crate::docs::Page;

/// The certificate pack edit operation, as the fragment writes its path.
pub const CERTIFICATE_PACK_PATH: &str =
    "/zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}";
/// The Automatic SSL/TLS operation, as the fragment writes its path.
pub const SSL_AUTOMATIC_MODE_PATH: &str = "/zones/{zone_id}/settings/ssl_automatic_mode";

/// One documented example response.
#[derive(Debug, Clone, Copy)]
pub struct Fixture {
    /// Short name, also the snapshot's name.
    pub name: &'static str,
    /// File name under `tests/fixtures/`.
    pub file: &'static str,
    /// The page it is copied from.
    pub page: Page,
    /// The operation's path in the fragment.
    pub operation: &'static str,
    /// The fragment's response key: `"200"` or `"4XX"`.
    pub response: &'static str,
    /// The fragment's component schema for that response (its generated
    /// type has the same name).
    pub component: &'static str,
}

/// Every fixture: one per distinct example on the two pages.
pub const FIXTURES: &[Fixture] = &[
    Fixture {
        name: "certificate_pack_edit_200",
        file: "certificate-pack-edit.200.json",
        page: Page::CertificatePackEdit,
        operation: CERTIFICATE_PACK_PATH,
        response: "200",
        component: "CertificatePackResponse",
    },
    Fixture {
        name: "ssl_automatic_mode_200",
        file: "ssl-automatic-mode.200.json",
        page: Page::SslAutomaticMode,
        operation: SSL_AUTOMATIC_MODE_PATH,
        response: "200",
        component: "SslAutomaticModeResponse",
    },
    Fixture {
        name: "ssl_automatic_mode_4xx_1008",
        file: "ssl-automatic-mode.4xx-1008.json",
        page: Page::SslAutomaticMode,
        operation: SSL_AUTOMATIC_MODE_PATH,
        response: "4XX",
        component: "ApiFailure",
    },
];

impl Fixture {
    /// The fixture with this file name.
    pub fn by_file(file: &str) -> &'static Fixture {
        FIXTURES
            .iter()
            .find(|fixture| fixture.file == file)
            .unwrap_or_else(|| panic!("no fixture {file}"))
    }

    /// Its path.
    pub fn path(&self) -> PathBuf {
        crate::fixtures_dir().join(self.file)
    }

    /// Its text, exactly as stored.
    pub fn text(&self) -> String {
        let path = self.path();
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
    }

    /// The fragment's schema object (untranslated, usually a `$ref`) for
    /// the response this fixture is an example of.
    pub fn fragment_schema<'a>(&self, spec: &'a Spec) -> &'a Value {
        let pointer = format!(
            "/responses/{}/content/application~1json/schema",
            self.response
        );
        spec.operation(self.operation, "patch")
            .and_then(|operation| operation.pointer(&pointer))
            .unwrap_or_else(|| {
                panic!(
                    "the fragment documents no JSON {} response for PATCH {}",
                    self.response, self.operation
                )
            })
    }

    /// Its text parsed as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text())
            .unwrap_or_else(|e| panic!("fixture {} is not JSON: {e}", self.file))
    }
}
