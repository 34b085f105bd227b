//! The fragment's operations as data: the mock's typed model
//! (`cloudflare_ssl_mock::model`, read from the `generated_operations.json`
//! `cargo xtask codegen` writes), and validation with the mock's validator.
//! Every schema in it is written out whole (no `$ref`), so nothing here
//! resolves references.

use std::sync::LazyLock;

pub use cloudflare_ssl_mock::model::{
    Example, Model, Operation, Outcome, Parameter, RequestBody, Response,
};
use cloudflare_ssl_mock::spec::Spec;
use serde_json::Value;

static SPEC: LazyLock<Spec> = LazyLock::new(Spec::new);

/// The model, read once.
pub fn model() -> &'static Model {
    let model = SPEC.model();
    assert!(
        !model.operations.is_empty(),
        "cloudflare_ssl_mock's generated_operations.json holds no operation"
    );
    model
}

/// The mock's `Spec`, parsed once.
fn spec() -> &'static Spec {
    &SPEC
}

/// Checks `instance` against `schema` (a schema of the model, OpenAPI 3.0
/// written out) with the mock's validator; the error lists every
/// violation, each with its JSON pointer, under `subject`.
pub fn validate(subject: &str, schema: &Value, instance: &Value) -> Result<(), String> {
    let spec = spec();
    spec.validate(subject, &spec.schema(schema), instance)
        .map_err(|violations| violations.to_string())
}
