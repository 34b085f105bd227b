//! Facts about the fragment's named schemas that progenitor's corrections
//! act on: which are objects (each becomes a struct), which keep undeclared
//! properties, which are length- or pattern-constrained strings, which
//! properties are optional arrays, and how properties that name another
//! schema are documented.

use serde_json::Value;

use crate::openapi::fragment::{Fragment, FragmentError, required_properties};
use crate::openapi::resolve;

/// One component schema.
#[derive(Debug)]
pub struct Component {
    pub name: String,
    /// `type: object` with properties: typify makes one struct of it (of an
    /// object without properties it makes a map).
    pub object: bool,
    /// An object with properties that says `additionalProperties: true`,
    /// written out: undeclared properties are kept.
    pub keeps_extra: bool,
    /// A string (not an enum) with `maxLength`, `minLength` or `pattern`.
    pub constrained_string: bool,
    /// Properties that are arrays, neither required nor nullable.
    pub optional_arrays: Vec<String>,
    /// Properties that name another schema (`$ref`), with the text that
    /// documents them: their own `description` beside the `$ref`, else the
    /// named schema's. typify leaves such fields undocumented.
    pub reference_docs: Vec<(String, String)>,
}

pub(super) fn collect(fragment: &Fragment) -> Result<Vec<Component>, FragmentError> {
    fragment
        .component_schemas()
        .map(|(name, schema)| read(fragment, name, schema))
        .collect()
}

fn read(fragment: &Fragment, name: &str, schema: &Value) -> Result<Component, FragmentError> {
    let kind = schema.get("type").and_then(Value::as_str);
    let required = required_properties(schema);
    let properties: Vec<(&String, &Value)> = schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .collect();
    let mut reference_docs = Vec::new();
    for (property, value) in &properties {
        let Some(target) = resolve::component_name(value) else {
            continue;
        };
        let own = value.get("description").and_then(Value::as_str);
        let named = fragment
            .component_schema(target)?
            .get("description")
            .and_then(Value::as_str);
        if let Some(doc) = own.or(named) {
            reference_docs.push(((*property).clone(), doc.to_owned()));
        }
    }
    let object = kind == Some("object") && !properties.is_empty();
    Ok(Component {
        name: name.to_owned(),
        object,
        keeps_extra: object && schema.get("additionalProperties") == Some(&Value::Bool(true)),
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
        reference_docs,
    })
}
