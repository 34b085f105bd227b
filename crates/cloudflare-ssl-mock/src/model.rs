//! The fragment's operations as data: the model `cargo xtask codegen`
//! writes into this crate (`src/generated_operations.json`, its format
//! documented in `xtask/src/codegen/mock.rs`) from
//! `openapi/cloudflare-ssl.openapi.json`, typed. Every schema in it is
//! written out whole (no `$ref`), so nothing here follows a reference. The
//! fake routes, checks and answers from it; tests that want to walk the
//! fragment's operations (as this workspace's conformance suite does) read
//! it through [`Spec::model`](crate::spec::Spec::model). Lists and maps
//! a document leaves out read as empty.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// Every operation, and every component schema by name.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Model {
    /// In the fragment's order.
    #[serde(default)]
    pub operations: Vec<Operation>,
    /// Every named schema of the fragment, written out.
    #[serde(default)]
    pub components: BTreeMap<String, Value>,
}

/// One operation of the fragment.
#[derive(Debug, Clone, Deserialize)]
pub struct Operation {
    /// Its `operationId`, also the client method's name.
    pub operation_id: String,
    /// Upper case.
    pub method: String,
    /// The path template, e.g. `/zones/{zone_id}/settings/ssl_automatic_mode`.
    pub path: String,
    /// In the template's order.
    #[serde(default)]
    pub path_parameters: Vec<Parameter>,
    /// In the fragment's order.
    #[serde(default)]
    pub query_parameters: Vec<Parameter>,
    /// Its JSON request body, if it takes one.
    #[serde(default)]
    pub request_body: Option<RequestBody>,
    /// In the fragment's order.
    #[serde(default)]
    pub responses: Vec<Response>,
}

/// A path or query parameter.
#[derive(Debug, Clone, Deserialize)]
pub struct Parameter {
    /// As the fragment writes it.
    pub name: String,
    /// Its schema, written out.
    pub schema: Value,
}

/// A JSON request body.
#[derive(Debug, Clone, Deserialize)]
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
#[derive(Debug, Clone, Deserialize)]
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
    #[serde(default)]
    pub examples: Vec<Example>,
}

/// An example attached to a response.
#[derive(Debug, Clone, Deserialize)]
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

impl Model {
    /// The operation whose `operationId` is `id`.
    pub fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations
            .iter()
            .find(|operation| operation.operation_id == id)
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

    /// Its success response (the generator refuses an operation without
    /// one).
    pub fn success(&self) -> Option<&Response> {
        self.responses
            .iter()
            .find(|response| response.outcome == Outcome::Success)
    }

    /// Its failure response (the generator refuses an operation without
    /// one).
    pub fn failure(&self) -> Option<&Response> {
        self.responses
            .iter()
            .find(|response| response.outcome == Outcome::Failure)
    }

    /// The first example of its success response, and that response's
    /// lowest status: what the fake answers an operation it does not model
    /// with.
    pub fn success_example(&self) -> Option<(u16, &Example)> {
        let response = self.success()?;
        Some((response.low, response.examples.first()?))
    }

    /// The first example of a failure response, and its lowest status (the
    /// page's answer to a bad request).
    pub fn failure_example(&self) -> Option<(u16, &Example)> {
        self.responses
            .iter()
            .filter(|r| r.outcome == Outcome::Failure)
            .find_map(|r| Some((r.low, r.examples.first()?)))
    }
}

impl Response {
    /// Whether it documents `status`.
    pub fn covers(&self, status: u16) -> bool {
        (self.low..=self.high).contains(&status)
    }
}
