//! From a fragment component name to its generated type: the one place
//! the suite names the generated response types.

use std::fmt::Debug;

use cloudflare_ssl::types::{ApiFailure, CertificatePackResponse, SslAutomaticModeResponse};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A document decoded into a generated type and encoded again.
#[derive(Debug)]
pub struct Decoded {
    /// The typed value, for snapshots and messages.
    pub typed: Box<dyn Debug>,
    /// The typed value encoded back to JSON.
    pub reencoded: Value,
}

fn decode_as<T: DeserializeOwned + Serialize + Debug + 'static>(
    json: &Value,
) -> Result<Decoded, String> {
    let typed: T = serde_path_to_error::deserialize(json).map_err(|e| {
        format!(
            "does not decode into {}: at `{}`: {}",
            std::any::type_name::<T>(),
            e.path(),
            e.inner()
        )
    })?;
    let reencoded = serde_json::to_value(&typed)
        .map_err(|e| format!("{} does not encode: {e}", std::any::type_name::<T>()))?;
    Ok(Decoded {
        typed: Box::new(typed),
        reencoded,
    })
}

/// The name of the component schema a response schema `$ref`s, e.g.
/// `CertificatePackResponse`.
pub fn component_name(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")
}

/// Decodes `json` into the generated type of the fragment's component
/// schema `component`, then encodes it again. An `Err` says where decoding
/// failed.
///
/// # Panics
/// When `component` has no generated type known here: a new response
/// schema in the fragment must be added to this match.
pub fn decode(component: &str, json: &Value) -> Result<Decoded, String> {
    match component {
        "CertificatePackResponse" => decode_as::<CertificatePackResponse>(json),
        "SslAutomaticModeResponse" => decode_as::<SslAutomaticModeResponse>(json),
        "ApiFailure" => decode_as::<ApiFailure>(json),
        other => panic!(
            "the fragment's response schema {other} has no generated type in conformance::typed::decode: add it there"
        ),
    }
}
