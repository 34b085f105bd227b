//! The OpenAPI fragment as JSON Schema, for checking requests and responses.
//!
//! OpenAPI 3.0 schemas are not plain JSON Schema: `nullable` means "null is
//! also allowed", `example`, `readOnly` and `x-` keys mean nothing to a
//! validator, and `$ref`s point into `components`. [`Spec::schema`]
//! translates a schema of the fragment into a self-contained draft-7 schema.

use std::fmt;

use serde_json::{Map, Value, json};

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

/// The client's OpenAPI fragment, parsed.
#[derive(Debug, Clone)]
pub struct Spec {
    document: Value,
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
    /// The operation model `cargo xtask codegen` writes
    /// (`generated_operations.json`): every operation with its parameters,
    /// request body, responses and examples, every schema written out whole.
    pub fn new() -> Self {
        Self::from_value(
            serde_json::from_str(include_str!("generated_operations.json")).unwrap_or(Value::Null),
        )
    }

    /// The fragment embedded in `cloudflare-ssl` (`cloudflare_ssl::internal::OPENAPI_FRAGMENT`),
    /// which the routes and checks read until they read [`Spec::new`]'s model.
    pub fn fragment() -> Self {
        Self::from_value(
            serde_json::from_str(cloudflare_ssl::internal::OPENAPI_FRAGMENT).unwrap_or(Value::Null),
        )
    }

    /// Any OpenAPI 3.0 document.
    pub fn from_value(document: Value) -> Self {
        Self { document }
    }

    /// The raw document.
    pub fn document(&self) -> &Value {
        &self.document
    }

    /// The operation object at `path` (as written in the fragment, e.g.
    /// `/zones/{zone_id}/settings/ssl_automatic_mode`) and lower-case `method`.
    pub fn operation(&self, path: &str, method: &str) -> Option<&Value> {
        self.document.get("paths")?.get(path)?.get(method)
    }

    /// The operation's `application/json` request body schema, as JSON Schema.
    pub fn request_schema(&self, path: &str, method: &str) -> Option<Value> {
        let schema = self
            .operation(path, method)?
            .pointer("/requestBody/content/application~1json/schema")?;
        Some(self.schema(schema))
    }

    /// The `application/json` schema of the response documented for `status`
    /// (`"200"`, `"4XX"`, …), as JSON Schema.
    pub fn response_schema(&self, path: &str, method: &str, status: &str) -> Option<Value> {
        let pointer = format!("/responses/{status}/content/application~1json/schema");
        let schema = self.operation(path, method)?.pointer(&pointer)?;
        Some(self.schema(schema))
    }

    /// `schema` itself, or the component schema its `$ref` names.
    pub fn resolved(&self, schema: &Value) -> Value {
        schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix('#'))
            .and_then(|pointer| self.document.pointer(pointer))
            .unwrap_or(schema)
            .clone()
    }

    /// `schema` (any schema object of the fragment) as a self-contained
    /// draft-7 JSON Schema: translated, with every component schema under
    /// `definitions` so that its `$ref`s resolve.
    pub fn schema(&self, schema: &Value) -> Value {
        let definitions: Map<String, Value> = self
            .document
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(name, schema)| (name.clone(), translate(schema)))
            .collect();
        let mut root = translate(schema);
        if let Value::Object(map) = &mut root {
            map.insert(
                "$schema".into(),
                json!("http://json-schema.org/draft-07/schema#"),
            );
            map.insert("definitions".into(), Value::Object(definitions));
        } else {
            root = json!({ "$schema": "http://json-schema.org/draft-07/schema#", "allOf": [root], "definitions": definitions });
        }
        root
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
            if let Some(Value::String(reference)) = map.get("$ref") {
                // In OpenAPI 3.0 a `$ref`'s siblings are ignored.
                let target = reference.replacen("#/components/schemas/", "#/definitions/", 1);
                return json!({ "$ref": target });
            }
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
    fn nullable_enums_accept_null_and_refs_are_rerooted() {
        assert_eq!(
            translate(&json!({ "enum": ["a"], "nullable": true })),
            json!({ "enum": ["a", null] })
        );
        assert_eq!(
            translate(&json!({ "$ref": "#/components/schemas/X", "description": "ignored" })),
            json!({ "$ref": "#/definitions/X" })
        );
        assert_eq!(
            translate(&json!({ "type": "array", "items": { "$ref": "#/components/schemas/X" } })),
            json!({ "type": "array", "items": { "$ref": "#/definitions/X" } })
        );
    }

    #[test]
    fn fragment_request_schema_accepts_documented_body_and_rejects_others() {
        let spec = Spec::fragment();
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
        let spec = Spec::fragment();
        let schema =
            spec.schema(&json!({ "$ref": "#/components/schemas/SslAutomaticModeSetting" }));
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
}
