//! The fake Cloudflare's generated files (`crates/cloudflare-ssl-mock`):
//!
//! - `generated_operations.rs`: one `operations!` invocation listing every
//!   operation (its Rust name, its handle method, its `operationId`); the
//!   macro in the mock's hand-written `src/operation_id.rs` writes the
//!   operation enum, a marker type per operation and the handle methods of
//!   `MockCloudflare`, as the client's `open_enums!` writes its enums. Then
//!   `pub mod examples`: every example of the fragment as a `&str`
//!   constant named after it, its JSON printed in the fragment's key order
//!   (as the documentation pages print it);
//! - `generated_operations.json`: the model as data, every schema written
//!   out whole (no `$ref`), so that the mock routes, checks and answers any
//!   operation without a resolver of its own. The conformance suite reads
//!   it through the mock.
//!
//! The JSON's shape: `{ "generated": <header>, "operations": [ { "operation_id",
//! "method" (upper case), "path", "idempotent", "summary", "path_parameters": [ { "name",
//! "schema" } ], "query_parameters": [ { "name", "schema" } ], "request_body":
//! null | { "component", "required", "schema" }, "responses": [ { "status",
//! "low", "high", "outcome": "success" | "failure", "component", "schema",
//! "examples": [ { "name", "summary", "description", "documentation_page",
//! "value", "text" } ] } ] } ],
//! "components": { <name>: <schema> } }`. An example's `text` is its value
//! printed in the fragment's key order, byte for byte what a documentation
//! page shows. Schemas keep what constrains a value; descriptions,
//! `example`s and `x-` keys are left out.

use heck::{ToShoutySnakeCase, ToUpperCamelCase};
use serde_json::{Map, Value, json};

use super::names;
use crate::model::{Model, Outcome};
use crate::openapi::fragment::Fragment;
use crate::openapi::resolve;

/// The `operations!` invocation, as Rust source (formatted by the caller).
pub fn operations_invocation(model: &Model) -> String {
    let mut out = String::from("crate::operation_id::operations! {\n");
    for operation in &model.operations {
        for line in operation.headline().lines() {
            out.push_str(format!("    /// {line}").trim_end());
            out.push('\n');
        }
        out.push_str(&format!(
            "    {}: {} = {:?};\n",
            operation.id.to_upper_camel_case(),
            names::method(operation),
            operation.id
        ));
    }
    out.push_str("}\n\n");
    out.push_str("/// Every example of the fragment, as the text of its JSON.\n");
    out.push_str("pub mod examples {\n");
    for operation in &model.operations {
        for response in &operation.responses {
            for example in &response.examples {
                let mut doc = format!(
                    "`{} {}` (`{}`), {}",
                    operation.method.to_uppercase(),
                    operation.path,
                    operation.id,
                    response.status
                );
                if let Some(summary) = &example.summary {
                    doc.push_str(&format!(": {summary}"));
                }
                if let Some(page) = &example.page {
                    doc.push_str(&format!("; copied from `{page}`"));
                }
                out.push_str(&format!("    /// {doc}.\n"));
                out.push_str(&format!(
                    "    pub const {}: &str = {};\n",
                    example.name.to_shouty_snake_case(),
                    proc_macro2::Literal::string(&example.text)
                ));
            }
        }
    }
    out.push_str("}\n");
    out
}

/// `generated_operations.json`, pretty-printed, ending in a newline.
pub fn operations_json(fragment: &Fragment, model: &Model, header: &str) -> Result<String, String> {
    let document = fragment.document();
    let schema = |node: &Value| -> Result<Value, String> {
        resolve::inline(document, node)
            .map(|inlined| constraints_only(&inlined))
            .map_err(|e| e.to_string())
    };
    let component = |name: &str| schema(&resolve::component_ref(name));
    let mut operations = Vec::new();
    for operation in &model.operations {
        let path_parameters = operation
            .path_parameters
            .iter()
            .map(|p| Ok(json!({ "name": p.name, "schema": schema(&p.schema)? })))
            .collect::<Result<Vec<_>, String>>()?;
        let query_parameters = operation
            .query_parameters
            .iter()
            .map(|p| Ok(json!({ "name": p.name, "schema": schema(&p.schema)? })))
            .collect::<Result<Vec<_>, String>>()?;
        let request_body = match &operation.body {
            None => Value::Null,
            Some(body) => json!({
                "component": body.schema,
                "required": body.required,
                "schema": component(&body.schema)?,
            }),
        };
        let responses = operation
            .responses
            .iter()
            .map(|response| {
                Ok(json!({
                    "status": response.status,
                    "low": response.range.0,
                    "high": response.range.1,
                    "outcome": match response.outcome {
                        Outcome::Success => "success",
                        Outcome::Failure => "failure",
                    },
                    "component": response.schema,
                    "schema": component(&response.schema)?,
                    "examples": response.examples.iter().map(|example| json!({
                        "name": example.name,
                        "summary": example.summary,
                        "description": example.description,
                        "documentation_page": example.page,
                        "value": example.value,
                        "text": example.text,
                    })).collect::<Vec<_>>(),
                }))
            })
            .collect::<Result<Vec<_>, String>>()?;
        operations.push(json!({
            "operation_id": operation.id,
            "method": operation.method.to_uppercase(),
            "path": operation.path,
            "idempotent": operation.idempotent,
            "summary": operation.summary,
            "path_parameters": path_parameters,
            "query_parameters": query_parameters,
            "request_body": request_body,
            "responses": responses,
        }));
    }
    let components = model
        .components
        .iter()
        .map(|c| Ok((c.name.clone(), component(&c.name)?)))
        .collect::<Result<Map<String, Value>, String>>()?;
    let document = json!({
        "generated": header.lines().map(|line| line.trim_start_matches("// ")).collect::<Vec<_>>().join(" ").trim(),
        "operations": operations,
        "components": components,
    });
    serde_json::to_string_pretty(&document)
        .map(|text| text + "\n")
        .map_err(|e| format!("generated_operations.json: {e}"))
}

/// `schema` without what only describes it: descriptions, `example`s and
/// vendor `x-` keys, at every level (property names are kept whatever they
/// are called).
fn constraints_only(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, _)| {
                    !matches!(key.as_str(), "description" | "example") && !key.starts_with("x-")
                })
                .map(|(key, value)| {
                    let value = if key == "properties" {
                        // Names here are property names, not keywords.
                        Value::Object(
                            value
                                .as_object()
                                .into_iter()
                                .flatten()
                                .map(|(name, property)| (name.clone(), constraints_only(property)))
                                .collect(),
                        )
                    } else if key == "enum" || key == "default" {
                        value.clone()
                    } else {
                        constraints_only(value)
                    };
                    (key.clone(), value)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(constraints_only).collect()),
        other => other.clone(),
    }
}
