//! Cloudflare's API v4 envelope around a response schema: `success`,
//! `errors` and `messages` (arrays of `ResponseInfo`, which the runtime's
//! `Error` carries), and, for a success schema, the `result` callers get
//! (and `result_info`, Cloudflare's pagination facts, for a list).

use serde_json::Value;

use super::response::Outcome;
use crate::openapi::fragment::{Fragment, FragmentError, required_properties};
use crate::openapi::resolve;

/// The schema of `errors[]` and `messages[]` entries.
pub const RESPONSE_INFO: &str = "ResponseInfo";
/// The schema of a list's `result_info`, which the runtime's `Page` carries.
pub const RESULT_INFO: &str = "ResultInfo";
/// The envelope members the runtime reads besides `success`.
pub const ENVELOPE_LISTS: [&str; 2] = ["errors", "messages"];

#[derive(Debug)]
pub struct Envelope {
    /// The component schema.
    pub schema: String,
    /// Whether `errors` and `messages` (in [`ENVELOPE_LISTS`]' order) are
    /// required; optional ones are `Option<Vec<_>>` in Rust.
    pub lists_required: [bool; 2],
    /// `None` for a failure envelope: the runtime reads no result from it.
    pub result: Option<EnvelopeResult>,
}

/// The `result` of a success envelope.
#[derive(Debug)]
pub struct EnvelopeResult {
    /// The component schema of the result, or of each item of an array.
    pub item: String,
    pub array: bool,
    /// Not required, or nullable: an `Option` in Rust.
    pub optional: bool,
    /// `Some(required)` when the envelope has a `result_info`: the result
    /// is then a page.
    pub result_info: Option<bool>,
}

impl Envelope {
    pub(super) fn read(
        fragment: &Fragment,
        name: &str,
        outcome: Outcome,
    ) -> Result<Self, FragmentError> {
        let schema = fragment.component_schema(name)?;
        let pointer = format!("/components/schemas/{name}");
        let required = required_properties(schema);
        let success = schema.pointer("/properties/success/type");
        if success.and_then(Value::as_str) != Some("boolean") || !required.contains(&"success") {
            return Err(
                fragment.error_at(&pointer, "an envelope needs a required boolean `success`")
            );
        }
        let mut lists_required = [false; 2];
        for (list, is_required) in ENVELOPE_LISTS.iter().zip(&mut lists_required) {
            let items = schema
                .pointer(&format!("/properties/{list}/items"))
                .and_then(resolve::component_name);
            if items != Some(RESPONSE_INFO) {
                return Err(fragment.error_at(
                    &format!("{pointer}/properties/{list}"),
                    &format!("`{list}` must be an array of `{RESPONSE_INFO}`"),
                ));
            }
            *is_required = required.contains(list);
        }
        let result = match outcome {
            Outcome::Failure => None,
            Outcome::Success => Some(success_result(fragment, name, schema)?),
        };
        Ok(Self {
            schema: name.to_owned(),
            lists_required,
            result,
        })
    }
}

/// A `result` that is a named schema or an array of one; with a
/// `result_info` beside an array, a page.
fn success_result(
    fragment: &Fragment,
    name: &str,
    schema: &Value,
) -> Result<EnvelopeResult, FragmentError> {
    let pointer = format!("/components/schemas/{name}/properties/result");
    let result = schema
        .pointer("/properties/result")
        .ok_or_else(|| fragment.error_at(&pointer, "a success envelope needs a `result`"))?;
    let array = result.get("type").and_then(Value::as_str) == Some("array");
    let item = if array {
        result.get("items").and_then(resolve::component_name)
    } else {
        resolve::component_name(result)
    }
    .ok_or_else(|| {
        fragment.error_at(
            &pointer,
            "`result` must be a `$ref` to a named component schema, or an array of one",
        )
    })?;
    let required = required_properties(schema);
    let optional = !required.contains(&"result")
        || result.get("nullable").and_then(Value::as_bool) == Some(true);
    let result_info = match schema.pointer("/properties/result_info") {
        Some(info) if array => {
            if resolve::component_name(info) != Some(RESULT_INFO) {
                return Err(fragment.error_at(
                    &format!("/components/schemas/{name}/properties/result_info"),
                    &format!("`result_info` must be a `$ref` to `{RESULT_INFO}`"),
                ));
            }
            Some(required.contains(&"result_info"))
        }
        _ => None,
    };
    Ok(EnvelopeResult {
        item: item.to_owned(),
        array,
        optional,
        result_info,
    })
}
