//! Query parameter checks: every parameter a request carries must be one
//! the fragment documents for the operation, and its value must match that
//! parameter's schema. Kept apart from routing because a query value is
//! text that has to be read as the schema's type first (`per_page=abc` is
//! not an integer, `per_page=3` is an integer below the `minimum`), and
//! because the answer needs the values read, with the fragment's defaults
//! filled in (the list's `page` and `per_page`).
//!
//! Nothing here names a parameter: the types, bounds, enums and defaults
//! all come from the fragment's parameter objects.

use std::collections::BTreeMap;

use serde_json::{Number, Value};

use super::request::{Problem, check_schema};
use crate::codes;
use crate::model::Parameter;
use crate::spec::Spec;

/// One documented query parameter of an operation.
#[derive(Debug)]
pub(super) struct QueryParam {
    name: String,
    /// The schema's `type`, which says how the
    /// text of the value is read: `integer`, `number`, `boolean`, or
    /// anything else as a string.
    type_: Option<String>,
    /// The schema as JSON Schema, for `minimum`, `maximum`, `enum`, …
    schema: Value,
    /// The schema's `default`, used when the request leaves it out.
    default: Option<Value>,
}

impl QueryParam {
    /// The query parameter `param` of the model.
    pub(super) fn new(spec: &Spec, param: &Parameter) -> Self {
        let schema = &param.schema;
        Self {
            name: param.name.clone(),
            type_: schema
                .get("type")
                .and_then(Value::as_str)
                .map(str::to_owned),
            default: schema.get("default").cloned(),
            schema: spec.schema(schema),
        }
    }

    /// The text of a value as the schema's type; `None` when it is not one.
    fn read(&self, text: &str) -> Option<Value> {
        match self.type_.as_deref() {
            Some("integer") => text.parse::<i64>().ok().map(Value::from),
            Some("number") => text
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map(Value::Number),
            Some("boolean") => match text {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            },
            _ => Some(Value::String(text.to_owned())),
        }
    }
}

/// Checks the query string `raw` of a request to the operation `operation`
/// (`GET /zones/…`, for messages) against its documented `params`; the
/// values read, by name, with the fragment's defaults for the ones left
/// out. A value that breaks its schema is left out of the map too, and is
/// a problem.
pub(super) fn check(
    spec: &Spec,
    params: &[QueryParam],
    raw: Option<&str>,
    operation: &str,
    problems: &mut Vec<Problem>,
) -> BTreeMap<String, Value> {
    let mut values = BTreeMap::new();
    let mut undocumented = Vec::new();
    let mut seen = Vec::new();
    for pair in raw.unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
        let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let (Some(name), Some(text)) = (decode(raw_name), decode(raw_value)) else {
            problems.push(Problem::new(
                400,
                codes::INVALID_QUERY_PARAMETER,
                format!("query parameter {pair:?} is not valid percent-encoded UTF-8"),
            ));
            continue;
        };
        let Some(param) = params.iter().find(|p| p.name == name) else {
            undocumented.push(name);
            continue;
        };
        if seen.contains(&name) {
            problems.push(Problem::new(
                400,
                codes::INVALID_QUERY_PARAMETER,
                format!(
                    "query parameter `{name}` is given more than once; the fragment documents one value"
                ),
            ));
            continue;
        }
        seen.push(name.clone());
        let Some(value) = param.read(&text) else {
            problems.push(Problem::new(
                400,
                codes::INVALID_QUERY_PARAMETER,
                format!(
                    "query parameter `{name}` ({text:?}) is not of the fragment's type `{}`",
                    param.type_.as_deref().unwrap_or("string")
                ),
            ));
            continue;
        };
        let subject = format!("query parameter `{name}` ({text:?})");
        if check_schema(
            spec,
            &subject,
            &param.schema,
            &value,
            codes::INVALID_QUERY_PARAMETER,
            problems,
        ) {
            values.insert(name, value);
        }
    }
    if !undocumented.is_empty() {
        problems.push(Problem::new(
            400,
            codes::NO_ROUTE,
            format!(
                "query parameter(s) {} are not documented for {operation}",
                undocumented.join(", ")
            ),
        ));
    }
    for param in params {
        if let Some(default) = &param.default
            && !seen.contains(&param.name)
        {
            values.insert(param.name.clone(), default.clone());
        }
    }
    values
}

/// A query component as a server reads it (`application/x-www-form-urlencoded`:
/// `+` is a space), or `None` when it is not well-formed.
fn decode(raw: &str) -> Option<String> {
    crate::path::decode_segment(&raw.replace('+', " "))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn list_params(spec: &Spec) -> Vec<QueryParam> {
        spec.operation_by_id("list_certificate_packs")
            .expect("the list operation")
            .query_parameters
            .iter()
            .map(|p| QueryParam::new(spec, p))
            .collect()
    }

    fn checked(query: &str) -> (BTreeMap<String, Value>, Vec<String>) {
        let spec = Spec::new();
        let mut problems = Vec::new();
        let values = check(
            &spec,
            &list_params(&spec),
            Some(query),
            "GET /list",
            &mut problems,
        );
        (values, problems.into_iter().map(|p| p.message).collect())
    }

    #[test]
    fn values_are_read_as_the_schema_type_and_defaults_filled_in() {
        let (values, problems) = checked("per_page=5&status=all&deploy=staging");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(values["per_page"], json!(5));
        assert_eq!(values["status"], json!("all"));
        assert_eq!(values["deploy"], json!("staging"));
        assert_eq!(values["page"], json!(1), "the fragment's default");
        let (values, _) = checked("");
        assert_eq!(values["per_page"], json!(20), "the fragment's default");
    }

    #[test]
    fn bounds_types_and_enums_come_from_the_fragment() {
        for (query, needle) in [
            ("per_page=3", "less than the minimum of 5"),
            ("per_page=51", "greater than the maximum of 50"),
            ("page=0", "less than the minimum of 1"),
            ("per_page=abc", "not of the fragment's type `integer`"),
            ("per_page=5.5", "not of the fragment's type `integer`"),
            ("status=some", "at \"\""),
            ("deploy=", "at \"\""),
            ("page=1&page=2", "more than once"),
            ("page=%FF", "not valid percent-encoded UTF-8"),
            ("cursor=x", "query parameter(s) cursor are not documented"),
        ] {
            let (_, problems) = checked(query);
            assert_eq!(problems.len(), 1, "{query}: {problems:?}");
            assert!(problems[0].contains(needle), "{query}: {}", problems[0]);
        }
    }
}
