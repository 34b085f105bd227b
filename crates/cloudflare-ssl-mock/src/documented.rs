//! What Cloudflare's documentation pages show: the example responses, and
//! the ids and credentials of the examples.
//!
//! The examples are the fragment's (`openapi/cloudflare-ssl.openapi.json`
//! attaches each to its response), written into this crate by
//! `cargo xtask codegen` as the text of their JSON, one constant each,
//! named after the example (`EDIT_CERTIFICATE_PACK`, …): the workspace's
//! one copy. The mock answers with them by default; the mock's and the
//! conformance suites and the benchmark take them from here. The client's
//! runtime suite keeps its own constants, as it travels with the vendorable
//! client crate, which cannot depend on the mock.

pub use crate::generated_operations::examples::*;

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

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::spec::Spec;

    fn parsed(example: &str) -> Value {
        serde_json::from_str(example).expect("an example is JSON")
    }

    #[test]
    fn every_example_is_json_with_the_documented_envelope() {
        for example in [
            EDIT_CERTIFICATE_PACK,
            EDIT_SSL_AUTOMATIC_MODE,
            EDIT_SSL_AUTOMATIC_MODE_FAILURE,
        ] {
            let value = parsed(example);
            assert!(value["success"].is_boolean(), "{example}");
            assert!(value["errors"].is_array() && value["messages"].is_array());
            assert!(value["result"].is_object());
        }
        assert_eq!(parsed(EDIT_CERTIFICATE_PACK)["result"]["id"], ZONE_ID);
        assert_eq!(
            parsed(EDIT_CERTIFICATE_PACK)["result"]["id"],
            CERTIFICATE_PACK_ID
        );
    }

    /// The constants and the model the mock answers from are one copy,
    /// written twice by the generator: the same JSON under the same name.
    #[test]
    fn the_constants_are_the_examples_the_mock_answers_with() {
        let spec = Spec::new();
        let mut by_name = std::collections::BTreeMap::new();
        for operation in spec.document()["operations"]
            .as_array()
            .expect("operations")
        {
            for response in operation["responses"].as_array().expect("responses") {
                for example in response["examples"].as_array().expect("examples") {
                    let name = example["name"].as_str().expect("a name");
                    by_name.insert(name.to_owned(), example["value"].clone());
                }
            }
        }
        for (name, text) in [
            ("edit_certificate_pack", EDIT_CERTIFICATE_PACK),
            ("edit_ssl_automatic_mode", EDIT_SSL_AUTOMATIC_MODE),
            (
                "edit_ssl_automatic_mode_failure",
                EDIT_SSL_AUTOMATIC_MODE_FAILURE,
            ),
        ] {
            assert_eq!(by_name.get(name), Some(&parsed(text)), "{name}");
        }
    }
}
