//! Facts about the fragment's named schemas that progenitor's corrections
//! act on: which are objects (each becomes a struct), which keep undeclared
//! properties, which are length- or pattern-constrained strings, and which
//! properties are optional arrays.

use serde_json::Value;

use crate::openapi::fragment::{Fragment, FragmentError, required_properties};

/// One component schema.
#[derive(Debug)]
pub struct Component {
    pub name: String,
    /// `type: object`: typify makes one struct of it.
    pub object: bool,
    /// `additionalProperties: true`, written out: undeclared properties are
    /// kept.
    pub keeps_extra: bool,
    /// A string (not an enum) with `maxLength`, `minLength` or `pattern`.
    pub constrained_string: bool,
    /// Properties that are arrays, neither required nor nullable.
    pub optional_arrays: Vec<String>,
}

pub(super) fn collect(fragment: &Fragment) -> Result<Vec<Component>, FragmentError> {
    Ok(fragment
        .component_schemas()
        .map(|(name, schema)| read(name, schema))
        .collect())
}

fn read(name: &str, schema: &Value) -> Component {
    let kind = schema.get("type").and_then(Value::as_str);
    let required = required_properties(schema);
    let properties: Vec<(&String, &Value)> = schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .collect();
    Component {
        name: name.to_owned(),
        object: kind == Some("object"),
        keeps_extra: schema.get("additionalProperties") == Some(&Value::Bool(true)),
        constrained_string: kind == Some("string")
            && schema.get("enum").is_none()
            && ["maxLength", "minLength", "pattern"]
                .iter()
                .any(|key| schema.get(key).is_some()),
        optional_arrays: properties
            .iter()
            .filter(|(name, property)| {
                !required.contains(&name.as_str())
                    && property.get("type").and_then(Value::as_str) == Some("array")
                    && property.get("nullable").and_then(Value::as_bool) != Some(true)
            })
            .map(|(name, _)| (*name).clone())
            .collect(),
    }
}
