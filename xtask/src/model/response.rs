//! The documented responses of an operation: each status (or `1XX`…`5XX`
//! range) with its outcome, the component schema of its JSON body and the
//! examples attached to it.

use serde_json::Value;

use super::content::{JSON, follow, json_schema_name};
use crate::openapi::fragment::{Fragment, FragmentError, pointer_segment};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Failure,
}

/// One documented response.
#[derive(Debug)]
pub struct Response {
    /// As the fragment writes it: `200`, `4XX`.
    pub status: String,
    pub range: (u16, u16),
    pub outcome: Outcome,
    /// The component schema of its JSON body.
    pub schema: String,
    pub examples: Vec<Example>,
}

/// An example attached to a response (`examples` of its JSON content).
#[derive(Debug)]
pub struct Example {
    /// Its key in `examples`: unique in the fragment, it names the example
    /// in the generated code.
    pub name: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// `x-documentation-page`: the page in `tests/fixtures/docs` it was
    /// copied from, byte for byte as [`Example::text`].
    pub page: Option<String>,
    pub value: Value,
    /// The value pretty-printed in the fragment's key order, as the
    /// documentation pages print JSON.
    pub text: String,
}

/// Every response with its status range, outcome, schema and examples.
pub(super) fn read_all(
    fragment: &Fragment,
    pointer: &str,
    operation: &Value,
) -> Result<Vec<Response>, FragmentError> {
    let here = format!("{pointer}/responses");
    let responses = operation
        .get("responses")
        .and_then(Value::as_object)
        .ok_or_else(|| fragment.error_at(&here, "an operation needs `responses`"))?;
    let mut out = Vec::new();
    for (status, response) in responses {
        let at = format!("{here}/{}", pointer_segment(status));
        let range = status_range(status).ok_or_else(|| {
            fragment.error_at(
                &at,
                "only numeric statuses and `1XX`…`5XX` ranges are supported (no `default`)",
            )
        })?;
        let response = follow(fragment, &at, response)?;
        let schema = json_schema_name(fragment, &at, &response)?;
        let content_pointer = format!("{at}/content/{}", pointer_segment(JSON));
        let media = response
            .get("content")
            .and_then(|content| content.get(JSON))
            .unwrap_or(&Value::Null);
        out.push(Response {
            status: status.clone(),
            range,
            outcome: if range.0 < 400 {
                Outcome::Success
            } else {
                Outcome::Failure
            },
            schema,
            examples: examples(fragment, &content_pointer, media)?,
        });
    }
    Ok(out)
}

/// The examples of one media type: each of `examples` (followed when a
/// `$ref`). A lone `example` is refused: an example needs a name.
fn examples(
    fragment: &Fragment,
    pointer: &str,
    media: &Value,
) -> Result<Vec<Example>, FragmentError> {
    if media.get("example").is_some() {
        return Err(fragment.error_at(
            &format!("{pointer}/example"),
            "write examples under `examples`, each with a name (`example` has none)",
        ));
    }
    let mut out = Vec::new();
    for (name, example) in media
        .get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let here = format!("{pointer}/examples/{}", pointer_segment(name));
        let example = follow(fragment, &here, example)?;
        let value = example.get("value").ok_or_else(|| {
            fragment.error_at(
                &here,
                "an example needs a `value` (`externalValue` is not read)",
            )
        })?;
        let value_pointer = format!("{}/value", example.target_pointer().unwrap_or(&here));
        let text = fragment
            .ordered
            .pointer(&value_pointer)
            .map(|ordered| ordered.pretty())
            .ok_or_else(|| fragment.error_at(&value_pointer, "the example's value is not found"))?;
        let string = |key: &str| example.get(key).and_then(Value::as_str).map(str::to_owned);
        out.push(Example {
            name: name.clone(),
            summary: string("summary"),
            description: string("description"),
            page: string("x-documentation-page"),
            value: value.clone(),
            text,
        });
    }
    Ok(out)
}

fn status_range(status: &str) -> Option<(u16, u16)> {
    if let Ok(code) = status.parse::<u16>() {
        return (100..=599).contains(&code).then_some((code, code));
    }
    let class = status.strip_suffix("XX")?.parse::<u16>().ok()?;
    (1..=5)
        .contains(&class)
        .then_some((class * 100, class * 100 + 99))
}
