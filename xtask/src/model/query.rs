//! One query parameter of an operation and what may be sent in it:
//! integers (with `minimum`/`maximum`), plain strings, booleans, and named enum
//! schemas (open enums, refused when unknown). Anything else is refused
//! with its place in the fragment.

use serde_json::Value;

use crate::openapi::fragment::{Fragment, FragmentError};
use crate::openapi::resolve::{self, Followed};

#[derive(Debug)]
pub struct QueryParameter {
    pub name: String,
    pub description: Option<String>,
    pub kind: QueryKind,
    /// The parameter's schema as the fragment writes it.
    pub schema: Value,
}

#[derive(Debug)]
pub enum QueryKind {
    /// Unsigned in Rust when `minimum` is at least 0.
    Integer {
        minimum: Option<i64>,
        maximum: Option<i64>,
        default: Option<i64>,
    },
    String,
    Boolean,
    /// The enum schema's name.
    Enum(String),
}

/// The query parameter at `here`.
pub(super) fn read(
    fragment: &Fragment,
    here: &str,
    parameter: &Followed<'_>,
) -> Result<QueryParameter, FragmentError> {
    let name = parameter
        .get("name")
        .and_then(Value::as_str)
        .filter(|name| !name.is_empty())
        .ok_or_else(|| fragment.error_at(here, "a query parameter needs a `name`"))?
        .to_owned();
    if parameter.get("required").and_then(Value::as_bool) == Some(true) {
        return Err(fragment.error_at(
            here,
            "required query parameters are not supported: every query field is optional",
        ));
    }
    let at = format!("{here}/schema");
    let schema = parameter
        .get("schema")
        .ok_or_else(|| fragment.error_at(here, "a query parameter needs a `schema`"))?;
    let kind = if schema.get("$ref").is_some() {
        let target = resolve::component_name(schema).ok_or_else(|| {
            fragment.error_at(&at, "only `$ref`s to component schemas are supported")
        })?;
        if fragment.component_schema(target)?.get("enum").is_none() {
            return Err(fragment.error_at(
                &at,
                "a `$ref` query parameter must name an enum schema; write other schemas inline",
            ));
        }
        QueryKind::Enum(target.to_owned())
    } else {
        if schema.get("enum").is_some() {
            return Err(fragment.error_at(
                &at,
                "an inline `enum` is not supported: name it under components/schemas",
            ));
        }
        let integer = |key: &str| schema.get(key).and_then(Value::as_i64);
        match schema.get("type").and_then(Value::as_str) {
            Some("integer") => QueryKind::Integer {
                minimum: integer("minimum"),
                maximum: integer("maximum"),
                default: integer("default"),
            },
            Some("string") => QueryKind::String,
            Some("boolean") => QueryKind::Boolean,
            other => {
                return Err(fragment.error_at(
                    &at,
                    &format!(
                        "query parameters of type {other:?} are not supported (integer, string, boolean or an enum `$ref`)"
                    ),
                ));
            }
        }
    };
    Ok(QueryParameter {
        name,
        description: parameter
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned),
        kind,
        schema: schema.clone(),
    })
}
