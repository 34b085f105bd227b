//! The fragment's operations as data: what `cargo xtask codegen` writes to
//! the mock's `generated_operations.json`, read through
//! `cloudflare_ssl_mock::spec::Spec::new().document()`. Every schema in it
//! is written out whole (no `$ref`), so nothing here resolves references.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use cloudflare_ssl_mock::spec::Spec;
use serde::Deserialize;
use serde_json::Value;

/// Every operation, and every component schema by name.
#[derive(Debug, Deserialize)]
pub struct Model {
    /// In the fragment's order.
    pub operations: Vec<Operation>,
    /// Every named schema of the fragment, written out.
    pub components: BTreeMap<String, Value>,
}

/// One operation of the fragment.
#[derive(Debug, Deserialize)]
pub struct Operation {
    /// Its `operationId`, also the client method's name.
    pub operation_id: String,
    /// Upper case.
    pub method: String,
    /// The path template, e.g. `/zones/{zone_id}/settings/ssl_automatic_mode`.
    pub path: String,
    /// In the template's order.
    pub path_parameters: Vec<Parameter>,
    /// In the fragment's order.
    pub query_parameters: Vec<Parameter>,
    /// Its JSON request body, if it takes one.
    pub request_body: Option<RequestBody>,
    /// In the fragment's order.
    pub responses: Vec<Response>,
}

/// A path or query parameter.
#[derive(Debug, Deserialize)]
pub struct Parameter {
    /// As the fragment writes it.
    pub name: String,
    /// Its schema, written out.
    pub schema: Value,
}

/// A JSON request body.
#[derive(Debug, Deserialize)]
pub struct RequestBody {
    /// The component schema's name (its generated type's name).
    pub component: String,
    /// Whether the operation requires it.
    pub required: bool,
    /// The component schema, written out.
    pub schema: Value,
}

/// Whether a response is the operation's success or its failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// 1XX to 3XX.
    Success,
    /// 4XX and 5XX.
    Failure,
}

/// One documented response.
#[derive(Debug, Deserialize)]
pub struct Response {
    /// As the fragment writes it: `200`, `4XX`.
    pub status: String,
    /// The lowest status it covers.
    pub low: u16,
    /// The highest status it covers.
    pub high: u16,
    /// Success or failure.
    pub outcome: Outcome,
    /// The component schema's name (its generated type's name).
    pub component: String,
    /// The component schema, written out.
    pub schema: Value,
    /// The examples attached to it, in the fragment's order.
    pub examples: Vec<Example>,
}

/// An example attached to a response.
#[derive(Debug, Deserialize)]
pub struct Example {
    /// Its key in the fragment: unique there, it names the example's
    /// snapshot and its generated constant.
    pub name: String,
    /// The documentation page (a file in `tests/fixtures/docs`) it is
    /// copied from byte for byte, if any.
    pub documentation_page: Option<String>,
    /// The example as JSON.
    pub value: Value,
    /// Its JSON printed in the fragment's key order, as the documentation
    /// pages print it (and as the mock serves it).
    pub text: String,
}

static SPEC: LazyLock<Spec> = LazyLock::new(Spec::new);

static MODEL: LazyLock<Model> = LazyLock::new(|| {
    serde_json::from_value(SPEC.document().clone()).unwrap_or_else(|e| {
        panic!("cloudflare_ssl_mock::spec::Spec::new().document() is not the operation model: {e}")
    })
});

/// The model, read once.
pub fn model() -> &'static Model {
    &MODEL
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

impl Model {
    /// The operation with this id.
    ///
    /// # Panics
    /// When the fragment has none.
    pub fn operation(&self, id: &str) -> &Operation {
        self.operations
            .iter()
            .find(|operation| operation.operation_id == id)
            .unwrap_or_else(|| panic!("the fragment has no operation {id}"))
    }

    /// Every response of every operation, with its operation.
    pub fn responses(&self) -> impl Iterator<Item = (&Operation, &Response)> {
        self.operations.iter().flat_map(|operation| {
            operation
                .responses
                .iter()
                .map(move |response| (operation, response))
        })
    }

    /// Every example of the fragment, with its operation and response.
    pub fn examples(&self) -> impl Iterator<Item = (&Operation, &Response, &Example)> {
        self.responses().flat_map(|(operation, response)| {
            response
                .examples
                .iter()
                .map(move |example| (operation, response, example))
        })
    }
}

impl Operation {
    /// `METHOD /path`, for messages.
    pub fn headline(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// Its success response.
    ///
    /// # Panics
    /// When it has none (the generator refuses such an operation).
    pub fn success(&self) -> &Response {
        self.responses
            .iter()
            .find(|response| response.outcome == Outcome::Success)
            .unwrap_or_else(|| panic!("{} documents no success", self.headline()))
    }

    /// Its failure response.
    ///
    /// # Panics
    /// When it has none (the generator refuses such an operation).
    pub fn failure(&self) -> &Response {
        self.responses
            .iter()
            .find(|response| response.outcome == Outcome::Failure)
            .unwrap_or_else(|| panic!("{} documents no failure", self.headline()))
    }
}

impl Response {
    /// Whether it documents `status`.
    pub fn covers(&self, status: u16) -> bool {
        (self.low..=self.high).contains(&status)
    }
}
