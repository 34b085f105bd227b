//! What Cloudflare's documentation pages show: the example responses,
//! copied verbatim into `src/examples/` (the workspace's one copy; the mock
//! answers with them by default), and the ids and credentials of the
//! examples. The mock's and the conformance suites and the benchmark take
//! them from here; the client's runtime suite keeps its own constants, as it
//! travels with the vendorable client crate, which cannot depend on the mock.

use serde_json::Value;

/// `PATCH /zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}`:
/// the documented example response (HTTP 200).
pub const EDIT_CERTIFICATE_PACK: &str = include_str!("examples/edit_certificate_pack.json");

/// `PATCH /zones/{zone_id}/settings/ssl_automatic_mode`: the documented
/// example response (HTTP 200, `value` `auto`).
pub const EDIT_SSL_AUTOMATIC_MODE: &str = include_str!("examples/edit_ssl_automatic_mode.json");

/// `PATCH /zones/{zone_id}/settings/ssl_automatic_mode`: the documented
/// example failure (code 1008, `success: false`). The page does not say
/// which HTTP status it comes with; the fragment files it under `4XX` and
/// the mock sends it with 400.
pub const EDIT_SSL_AUTOMATIC_MODE_FAILURE: &str =
    include_str!("examples/edit_ssl_automatic_mode_failure.json");

/// The zone id of the documented examples (`023e105f4ecef8ad9ca31a8372d0c353`).
pub const ZONE_ID: &str = "023e105f4ecef8ad9ca31a8372d0c353";

/// The certificate pack id of the documented example (the same value as
/// [`ZONE_ID`], as on the documentation page).
pub const CERTIFICATE_PACK_ID: &str = "023e105f4ecef8ad9ca31a8372d0c353";

/// The API token of the pages' "Security" examples
/// (`Authorization: Bearer …`). A documented example, not a secret.
pub const API_TOKEN: &str = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY";

/// The e-mail of the pages' "Security" examples (`X-Auth-Email`).
pub const EMAIL: &str = "user@example.com";

/// The global API key of the pages' "Security" examples (`X-Auth-Key`).
/// A documented example, not a secret.
pub const API_KEY: &str = "144c9defac04969c7bfad8efaa8ea194";

/// One of the constants above, parsed. They are checked JSON (a unit test
/// parses each), so this cannot fail for them.
pub(crate) fn parsed(example: &str) -> Value {
    serde_json::from_str(example).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_is_json_with_the_documented_envelope() {
        for example in [
            EDIT_CERTIFICATE_PACK,
            EDIT_SSL_AUTOMATIC_MODE,
            EDIT_SSL_AUTOMATIC_MODE_FAILURE,
        ] {
            let value: Value = serde_json::from_str(example).expect("example is JSON");
            assert!(value["success"].is_boolean(), "{example}");
            assert!(value["errors"].is_array() && value["messages"].is_array());
            assert!(value["result"].is_object());
        }
        assert_eq!(parsed(EDIT_CERTIFICATE_PACK)["result"]["id"], ZONE_ID);
    }
}
