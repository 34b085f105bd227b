//! The request as every check sees it, what a check finds wrong with it,
//! and the operation it reached: kept apart from the checks, which all
//! read them.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::model::Operation;
use crate::spec::Spec;

/// The request, as the checks see it.
pub(crate) struct Incoming<'a> {
    pub method: &'a str,
    /// Percent-encoded, as received.
    pub path: &'a str,
    pub query: Option<&'a str>,
    /// Lower-case names.
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

impl Incoming<'_> {
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What is wrong with a request, as the mock answers it.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub status: u16,
    pub code: i64,
    pub message: String,
}

impl Problem {
    pub(crate) fn new(status: u16, code: i64, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }
}

/// Checks `value` against `schema` (JSON Schema) and adds a problem (HTTP
/// 400, `code`) per way it breaks it, each starting with `subject`;
/// whether it matched.
pub(super) fn check_schema(
    spec: &Spec,
    subject: &str,
    schema: &Value,
    value: &Value,
    code: i64,
    problems: &mut Vec<Problem>,
) -> bool {
    let Err(violations) = spec.validate(subject, schema, value) else {
        return true;
    };
    for violation in violations.violations {
        problems.push(Problem::new(
            400,
            code,
            format!("{subject} does not match the OpenAPI fragment: {violation}"),
        ));
    }
    false
}

/// The operation a request was routed to, and what it carried.
#[derive(Debug, Clone)]
pub(crate) struct Routed<'r> {
    pub operation: &'r Operation,
    pub params: BTreeMap<String, String>,
    /// The query parameters, read as their schemas' types, with the
    /// fragment's defaults for the ones the request left out.
    pub query: BTreeMap<String, Value>,
    /// The parsed body, when it was JSON.
    pub body: Option<Value>,
}

impl Routed<'_> {
    /// The path parameter `name`, or `""`.
    pub fn param(&self, name: &str) -> &str {
        self.params.get(name).map_or("", String::as_str)
    }
}
