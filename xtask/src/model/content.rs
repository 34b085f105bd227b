//! Reading the parts of an operation that point elsewhere: references,
//! followed through the one resolver, and the named schema of a JSON body.

use serde_json::Value;

use crate::openapi::fragment::{Fragment, FragmentError, pointer_segment};
use crate::openapi::resolve::{self, Followed};

pub const JSON: &str = "application/json";

/// Follows `node`'s references; an error names `pointer`.
pub fn follow<'f>(
    fragment: &'f Fragment,
    pointer: &str,
    node: &'f Value,
) -> Result<Followed<'f>, FragmentError> {
    resolve::follow(fragment.document(), node).map_err(|e| fragment.error_at(pointer, &e.what))
}

/// The component schema named in the `application/json` content of a
/// request body or response.
pub fn json_schema_name(
    fragment: &Fragment,
    pointer: &str,
    holder: &Followed<'_>,
) -> Result<String, FragmentError> {
    let content = holder
        .get("content")
        .and_then(Value::as_object)
        .ok_or_else(|| fragment.error_at(pointer, "a body without `content` is not supported"))?;
    if let Some(other) = content.keys().find(|media| media.as_str() != JSON) {
        return Err(fragment.error_at(
            &format!("{pointer}/content/{}", pointer_segment(other)),
            "only `application/json` bodies are supported",
        ));
    }
    content
        .get(JSON)
        .and_then(|media| media.get("schema"))
        .and_then(resolve::component_name)
        .map(str::to_owned)
        .ok_or_else(|| {
            fragment.error_at(
                &format!("{pointer}/content/{}/schema", pointer_segment(JSON)),
                "the schema must be a `$ref` to a named component schema, so its Rust type has a stable name",
            )
        })
}
