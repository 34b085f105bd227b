//! The documented example responses. Their one copy is the mock crate's
//! `src/examples/` (the mock is vendorable and answers with them); this
//! table says which page, operation and response each one documents.

use cloudflare_ssl_mock::documented;
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
    /// File name under `crates/cloudflare-ssl-mock/src/examples/`.
    pub file: &'static str,
    /// Its text, byte for byte as on the page.
    pub text: &'static str,
    /// The page it is copied from.
    pub page: Page,
    /// The operation's path in the fragment.
    pub operation: &'static str,
    /// The fragment's response key: `"200"` or `"4XX"`.
    pub response: &'static str,
    /// The fragment's component schema for that response (its generated
    /// type has the same name).
    pub component: &'static str,
    /// The key of the example in the fragment's response `examples`.
    pub fragment_example: &'static str,
}

/// Every fixture: one per distinct example on the two pages.
pub const FIXTURES: &[Fixture] = &[
    Fixture {
        name: "certificate_pack_edit_200",
        file: "edit_certificate_pack.json",
        text: documented::EDIT_CERTIFICATE_PACK,
        page: Page::CertificatePackEdit,
        operation: CERTIFICATE_PACK_PATH,
        response: "200",
        component: "CertificatePackResponse",
        fragment_example: "documented",
    },
    Fixture {
        name: "ssl_automatic_mode_200",
        file: "edit_ssl_automatic_mode.json",
        text: documented::EDIT_SSL_AUTOMATIC_MODE,
        page: Page::SslAutomaticMode,
        operation: SSL_AUTOMATIC_MODE_PATH,
        response: "200",
        component: "SslAutomaticModeResponse",
        fragment_example: "enabled",
    },
    Fixture {
        name: "ssl_automatic_mode_4xx_1008",
        file: "edit_ssl_automatic_mode_failure.json",
        text: documented::EDIT_SSL_AUTOMATIC_MODE_FAILURE,
        page: Page::SslAutomaticMode,
        operation: SSL_AUTOMATIC_MODE_PATH,
        response: "4XX",
        component: "ApiFailure",
        fragment_example: "invalid_value",
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

    /// Where its one copy is, for messages.
    pub fn location(&self) -> String {
        format!("crates/cloudflare-ssl-mock/src/examples/{}", self.file)
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
        serde_json::from_str(self.text)
            .unwrap_or_else(|e| panic!("fixture {} is not JSON: {e}", self.file))
    }
}
