//! Every operation of the fragment, as the suite calls it: what an entry
//! of the generated table (`crate::table::OPERATIONS`) is, and the helpers
//! its `call` functions and the properties over it use.

use std::future::Future;
use std::pin::Pin;

use cloudflare_ssl::{Client, Error, Page};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::json_diff::first_difference;
use crate::model;
use crate::schema_gen::{Options, arbitrary_instance};

/// The documented example identifier, valid for every path parameter.
pub const DOCUMENTED_ID: &str = cloudflare_ssl_mock::documented::ZONE_ID;

/// What a call returns: what the client decoded, encoded as JSON (see
/// [`result`] and [`page`]).
pub type CallFuture<'a> = Pin<Box<dyn Future<Output = Result<Value, Error>> + 'a>>;

/// One operation of the fragment and how to call it.
#[derive(Debug, Clone, Copy)]
pub struct OperationCase {
    /// Its `operationId`.
    pub id: &'static str,
    /// Upper case.
    pub method: &'static str,
    /// The path template.
    pub path: &'static str,
    /// In the template's order.
    pub path_parameters: &'static [&'static str],
    /// The component schema of its JSON body, if it takes one.
    pub body: Option<&'static str>,
    /// The component schema of its success response.
    pub success: &'static str,
    /// The component schema of its failure response.
    pub failure: &'static str,
    /// Calls it with these path parameters (in the template's order), the
    /// default query and this body (which must be given when it takes one).
    pub call: for<'a> fn(&'a Client, &'a [&'a str], Option<Value>) -> CallFuture<'a>,
}

/// `body` decoded into the operation's body type.
///
/// # Panics
/// When there is no body or it does not decode: the suite builds bodies
/// from the request schema, so either is a bug of the suite.
pub fn body<T: DeserializeOwned>(body: Option<Value>) -> T {
    let body = body.unwrap_or_else(|| {
        panic!(
            "the operation takes a {} body but the suite gave none",
            std::any::type_name::<T>()
        )
    });
    serde_json::from_value(body.clone()).unwrap_or_else(|e| {
        panic!(
            "the suite built a body that does not decode into {}: {e}: {body}",
            std::any::type_name::<T>()
        )
    })
}

/// A call's result as the envelope members the client decoded:
/// `{"result": …}`.
pub fn result<T: Serialize>(result: Result<T, Error>) -> Result<Value, Error> {
    result.map(|value| json!({ "result": encode(&value) }))
}

/// A list's page as the envelope members the client decoded:
/// `{"result": [items], "result_info": …}`.
pub fn page<T: Serialize>(result: Result<Page<T>, Error>) -> Result<Value, Error> {
    result.map(
        |page| json!({ "result": encode(&page.items), "result_info": encode(&page.result_info) }),
    )
}

fn encode(value: &impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or_else(|e| panic!("a generated type does not encode: {e}"))
}

impl OperationCase {
    /// Its entry in the model (parameters, schemas, examples).
    pub fn model(&self) -> &'static model::Operation {
        model::model()
            .operation(self.id)
            .unwrap_or_else(|| panic!("the model has no operation {}", self.id))
    }

    /// `METHOD /path`, for messages.
    pub fn headline(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// Calls it; see [`OperationCase::call`].
    pub fn send<'a>(
        &self,
        client: &'a Client,
        ids: &'a [&'a str],
        body: Option<Value>,
    ) -> CallFuture<'a> {
        (self.call)(client, ids, body)
    }

    /// Its path with `ids` put into the template's parameters, each
    /// written by `encode`.
    pub fn path_with(&self, ids: &[&str], encode: impl Fn(&str) -> String) -> String {
        assert_eq!(
            ids.len(),
            self.path_parameters.len(),
            "{}: one id per path parameter",
            self.headline()
        );
        self.path_parameters
            .iter()
            .zip(ids)
            .fold(self.path.to_owned(), |path, (name, id)| {
                path.replace(&format!("{{{name}}}"), &encode(id))
            })
    }

    /// [`DOCUMENTED_ID`] for every path parameter.
    pub fn documented_ids(&self) -> Vec<&'static str> {
        vec![DOCUMENTED_ID; self.path_parameters.len()]
    }

    /// Valid bodies for it, generated from its request schema; `None` when
    /// it takes no body.
    pub fn bodies(&self) -> BoxedStrategy<Option<Value>> {
        match &self.model().request_body {
            Some(body) => arbitrary_instance(&body.schema, Options::default())
                .prop_map(Some)
                .boxed(),
            None => Just(None).boxed(),
        }
    }

    /// One valid body, the same on every run; `None` when it takes no body.
    pub fn a_body(&self) -> Option<Value> {
        first(self.bodies(), self)
    }

    /// Valid success bodies for it, as the text served: its success
    /// examples, and bodies generated from its success schema with
    /// `"success": true` and a `result` (the client refuses a success
    /// without one).
    pub fn success_bodies(&self) -> BoxedStrategy<String> {
        let success = self.model().success().expect("a success response");
        let generated = arbitrary_instance(&success.schema, Options::default())
            .prop_map(|mut body| {
                body["success"] = Value::Bool(true);
                body
            })
            .prop_filter("a success carries a result", |body| {
                !body["result"].is_null()
            })
            .prop_map(|body| body.to_string())
            .boxed();
        let texts: Vec<String> = success
            .examples
            .iter()
            .map(|example| crate::examples::text(&example.name).to_owned())
            .collect();
        if texts.is_empty() {
            generated
        } else {
            prop_oneof![1 => proptest::sample::select(texts), 1 => generated].boxed()
        }
    }

    /// One valid success body, the same on every run: its first success
    /// example when it has one.
    pub fn a_success_body(&self) -> String {
        match self
            .model()
            .success()
            .expect("a success response")
            .examples
            .first()
        {
            Some(example) => crate::examples::text(&example.name).to_owned(),
            None => first(self.success_bodies(), self),
        }
    }
}

/// The first value `strategy` generates with proptest's fixed seed.
fn first<T: std::fmt::Debug>(strategy: BoxedStrategy<T>, operation: &OperationCase) -> T {
    let mut runner = TestRunner::deterministic();
    strategy
        .new_tree(&mut runner)
        .unwrap_or_else(|e| panic!("{}: nothing generated: {e}", operation.headline()))
        .current()
}

/// Where what a call decoded (from [`result`] or [`page`]) first differs
/// from the `body` it was decoded from: each member against the body's
/// member of the same name, as [`first_difference`] compares them.
pub fn decoded_difference(body: &Value, decoded: &Value) -> Option<String> {
    let Some(members) = decoded.as_object() else {
        return Some(format!("decoded {decoded}, not envelope members"));
    };
    members.iter().find_map(|(member, value)| {
        first_difference(&body[member.as_str()], value)
            .map(|difference| format!("`{member}` differs from the body's {difference}"))
    })
}
