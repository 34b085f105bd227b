//! The fragment as the fake reads it: `generated_operations.json`, the
//! operation model `cargo xtask codegen` writes from
//! `openapi/cloudflare-ssl.openapi.json`, with every schema written out
//! whole, so that nothing here follows a reference. Its format is
//! documented in `xtask/src/codegen/mock.rs`.
//!
//! The model's schemas are OpenAPI 3.0 schema objects, not plain JSON
//! Schema: `nullable` means "null is also allowed", and `readOnly` and the
//! like mean nothing to a validator. [`Spec::schema`] translates one into a
//! draft-7 JSON Schema.

use std::fmt;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::model::{Model, Operation};

/// The operation model of the client's fragment, as `cargo xtask codegen`
/// wrote it.
const GENERATED: &str = include_str!("generated_operations.json");

/// Keys of OpenAPI 3.0 schema objects that JSON Schema does not know and
/// that only describe (never constrain) a value.
const ANNOTATION_KEYS: &[&str] = &[
    "example",
    "examples",
    "readOnly",
    "writeOnly",
    "deprecated",
    "externalDocs",
    "xml",
    "discriminator",
    "nullable",
];

/// The client's fragment as an operation model: every operation with its
/// parameters, request body, responses and examples, and every component
/// schema, each written out whole.
#[derive(Debug, Clone)]
pub struct Spec {
    document: Value,
    model: Model,
}

/// A value that does not match its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaViolations {
    /// What was checked, e.g. `request body of PATCH /zones/{zone_id}/settings/ssl_automatic_mode`.
    pub subject: String,
    /// One line per violation: `at <JSON pointer>: <reason>`.
    pub violations: Vec<String>,
}

impl fmt::Display for SchemaViolations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} does not match the OpenAPI fragment:", self.subject)?;
        for violation in &self.violations {
            write!(f, "\n  - {violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SchemaViolations {}

impl Default for Spec {
    fn default() -> Self {
        Self::new()
    }
}

impl Spec {
    /// The client's fragment, as `cargo xtask codegen` wrote its model into
    /// this crate (`src/generated_operations.json`).
    pub fn new() -> Self {
        Self::from_value(serde_json::from_str(GENERATED).unwrap_or_else(|e| {
            panic!("cloudflare-ssl-mock: src/generated_operations.json is not JSON: {e}")
        }))
    }

    /// A model in the format of `src/generated_operations.json` (lists and
    /// maps it leaves out read as empty).
    ///
    /// # Panics
    /// If `document` is not in that format, saying where.
    pub fn from_value(document: Value) -> Self {
        let model = Model::deserialize(&document).unwrap_or_else(|e| {
            panic!("cloudflare-ssl-mock: not an operation model of generated_operations.json's format: {e}")
        });
        Self { document, model }
    }

    /// The model, typed.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The model as JSON, in the format of `src/generated_operations.json`:
    /// `{ "generated", "operations": [ { "operation_id", "method", "path",
    /// "summary", "path_parameters", "query_parameters", "request_body",
    /// "responses": [ { "status", "low", "high", "outcome", "component",
    /// "schema", "examples" } ] } ], "components" }`.
    pub fn document(&self) -> &Value {
        &self.document
    }

    pub(crate) fn operations(&self) -> &[Operation] {
        &self.model.operations
    }

    /// The operation whose `operationId` is `id`.
    pub(crate) fn operation_by_id(&self, id: &str) -> Option<&Operation> {
        self.model.operation(id)
    }

    /// The model's operation object at `path` (as the fragment writes it,
    /// e.g. `/zones/{zone_id}/settings/ssl_automatic_mode`) and `method`
    /// (any case).
    pub fn operation(&self, path: &str, method: &str) -> Option<&Value> {
        self.document
            .get("operations")?
            .as_array()?
            .iter()
            .find(|operation| {
                operation["path"] == path
                    && operation["method"]
                        .as_str()
                        .is_some_and(|m| m.eq_ignore_ascii_case(method))
            })
    }

    /// The component schema `name` (e.g. `SslAutomaticModeSetting`), written
    /// out whole, as OpenAPI.
    pub fn component(&self, name: &str) -> Option<&Value> {
        self.document.get("components")?.get(name)
    }

    /// The operation's `application/json` request body schema, as JSON Schema.
    pub fn request_schema(&self, path: &str, method: &str) -> Option<Value> {
        let schema = self
            .operation(path, method)?
            .pointer("/request_body/schema")?;
        Some(self.schema(schema))
    }

    /// The schema of the response documented for `status` (`"200"`,
    /// `"4XX"`, …), as JSON Schema.
    pub fn response_schema(&self, path: &str, method: &str, status: &str) -> Option<Value> {
        let response = self
            .operation(path, method)?
            .get("responses")?
            .as_array()?
            .iter()
            .find(|response| response["status"] == status)?;
        Some(self.schema(response.get("schema")?))
    }

    /// `schema` (any schema of the model) as a draft-7 JSON Schema.
    pub fn schema(&self, schema: &Value) -> Value {
        let draft = json!("http://json-schema.org/draft-07/schema#");
        match translate(schema) {
            Value::Object(mut map) => {
                map.insert("$schema".into(), draft);
                Value::Object(map)
            }
            other => json!({ "$schema": draft, "allOf": [other] }),
        }
    }

    /// Checks `instance` against `schema` (from [`Spec::schema`] and friends),
    /// formats (`date-time`) included.
    pub fn validate(
        &self,
        subject: &str,
        schema: &Value,
        instance: &Value,
    ) -> Result<(), SchemaViolations> {
        let violations = match jsonschema::draft7::options()
            .should_validate_formats(true)
            .build(schema)
        {
            Ok(validator) => validator
                .iter_errors(instance)
                .map(|error| format!("at {:?}: {error}", error.instance_path().to_string()))
                .collect(),
            Err(error) => vec![format!("the schema itself is invalid: {error}")],
        };
        if violations.is_empty() {
            Ok(())
        } else {
            Err(SchemaViolations {
                subject: subject.to_owned(),
                violations,
            })
        }
    }
}

/// One OpenAPI 3.0 schema object to JSON Schema, recursively.
pub fn translate(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            let nullable = map.get("nullable") == Some(&Value::Bool(true));
            let mut out = Map::new();
            for (key, value) in map {
                if ANNOTATION_KEYS.contains(&key.as_str()) || key.starts_with("x-") {
                    continue;
                }
                let value = match key.as_str() {
                    "properties" | "patternProperties" | "definitions" => match value {
                        Value::Object(children) => Value::Object(
                            children
                                .iter()
                                .map(|(k, v)| (k.clone(), translate(v)))
                                .collect(),
                        ),
                        other => other.clone(),
                    },
                    "items" | "additionalProperties" | "not" => translate(value),
                    "allOf" | "anyOf" | "oneOf" => match value {
                        Value::Array(items) => Value::Array(items.iter().map(translate).collect()),
                        other => other.clone(),
                    },
                    _ => value.clone(),
                };
                out.insert(key.clone(), value);
            }
            if nullable {
                allow_null(&mut out);
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

fn allow_null(schema: &mut Map<String, Value>) {
    if let Some(Value::String(ty)) = schema.get("type") {
        let ty = ty.clone();
        schema.insert("type".into(), json!([ty, "null"]));
    }
    if let Some(Value::Array(values)) = schema.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_becomes_a_null_type_and_annotations_go() {
        let translated = translate(&json!({
            "type": "string", "format": "date-time", "nullable": true,
            "example": "x", "readOnly": true, "x-auditable": true, "description": "d"
        }));
        assert_eq!(
            translated,
            json!({ "type": ["string", "null"], "format": "date-time", "description": "d" })
        );
    }

    #[test]
    fn nullable_enums_accept_null_at_any_depth() {
        assert_eq!(
            translate(&json!({ "enum": ["a"], "nullable": true })),
            json!({ "enum": ["a", null] })
        );
        assert_eq!(
            translate(&json!({ "type": "array", "items": { "type": "string", "nullable": true } })),
            json!({ "type": "array", "items": { "type": ["string", "null"] } })
        );
    }

    #[test]
    fn fragment_request_schema_accepts_documented_body_and_rejects_others() {
        let spec = Spec::new();
        let path = "/zones/{zone_id}/settings/ssl_automatic_mode";
        let schema = spec
            .request_schema(path, "patch")
            .expect("documented request body");
        assert!(
            spec.validate("body", &schema, &json!({ "value": "auto" }))
                .is_ok()
        );
        let error = spec
            .validate("body", &schema, &json!({ "value": "on" }))
            .expect_err("not an enum value");
        assert_eq!(error.violations.len(), 1, "{error}");
        assert!(error.violations[0].starts_with("at \"/value\""), "{error}");
        assert!(
            spec.validate("body", &schema, &json!({})).is_err(),
            "value is required"
        );
    }

    #[test]
    fn nullable_field_of_the_fragment_accepts_null_but_not_garbage() {
        let spec = Spec::new();
        let component = spec
            .component("SslAutomaticModeSetting")
            .expect("a component of the fragment");
        let schema = spec.schema(component);
        let mut setting = json!({
            "editable": true, "id": "ssl_automatic_mode", "value": "auto",
            "modified_on": "2014-01-01T05:20:00.12345Z", "next_scheduled_scan": null
        });
        assert!(spec.validate("setting", &schema, &setting).is_ok());
        setting["next_scheduled_scan"] = json!("yesterday");
        assert!(
            spec.validate("setting", &schema, &setting).is_err(),
            "date-time format is checked"
        );
    }

    #[test]
    fn operations_are_read_with_their_parameters_bodies_and_examples() {
        let spec = Spec::new();
        let edit = spec
            .operation_by_id("edit_ssl_automatic_mode")
            .expect("in the fragment");
        assert_eq!(
            edit.headline(),
            "PATCH /zones/{zone_id}/settings/ssl_automatic_mode"
        );
        assert_eq!(edit.path_parameters[0].name, "zone_id");
        assert!(edit.request_body.as_ref().is_some_and(|body| body.required));
        let (status, example) = edit.success_example().expect("documented");
        assert_eq!(
            (status, &example.value["result"]["value"]),
            (200, &json!("auto"))
        );
        assert!(
            example.text.starts_with("{\n  \"errors\": []"),
            "{}",
            example.text
        );
        let (status, failure) = edit.failure_example().expect("documented");
        assert_eq!(
            (status, &failure.value["errors"][0]["code"]),
            (400, &json!(1008))
        );

        let list = spec
            .operation_by_id("list_certificate_packs")
            .expect("in the fragment");
        let names: Vec<&str> = list
            .query_parameters
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, ["page", "per_page", "status", "deploy"]);
        assert!(list.request_body.is_none());
        assert!(list.success_example().is_none(), "the reads have none");
        assert!(
            spec.operation(&list.path, "get").is_some(),
            "found by path and method, any case"
        );
    }
}
