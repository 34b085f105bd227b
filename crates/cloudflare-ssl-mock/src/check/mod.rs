//! Checking a received request against the OpenAPI fragment: route,
//! method, path parameters, query, credentials, content type and body.
//!
//! This module holds what every check shares (the request as the checks
//! see it, a problem found, the outcome) and runs the checks in order; each
//! concern lives in its own file: [`routes`] (paths, methods, path
//! parameters), [`query`] (query parameters), [`auth`] (credentials) and
//! [`body`] (content type and body schema).

mod auth;
mod body;
mod query;
mod routes;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::operation_id::OperationId;
use crate::spec::Spec;

pub(crate) use auth::ExpectedAuth;

/// What is wrong with a request, as the mock answers it.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub status: u16,
    pub code: i64,
    pub message: String,
}

impl Problem {
    fn new(status: u16, code: i64, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }
}

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
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The operation a request was routed to.
#[derive(Debug, Clone)]
pub(crate) struct Routed {
    pub operation: OperationId,
    pub params: BTreeMap<String, String>,
    /// The query parameters, read as their schemas' types, with the
    /// fragment's defaults for the ones the request left out.
    pub query: BTreeMap<String, Value>,
    /// The parsed body, when it was JSON.
    pub body: Option<Value>,
}

/// Every path and operation of the fragment, ready to match requests.
#[derive(Debug)]
pub(crate) struct Routes {
    spec: Spec,
    base_path: String,
    routes: Vec<routes::Route>,
}

impl Routes {
    /// Checks `request`: the operation it reaches (if any) and every problem.
    pub fn check(
        &self,
        request: &Incoming<'_>,
        expected: &ExpectedAuth,
    ) -> (Option<Routed>, Vec<Problem>) {
        let mut problems = Vec::new();
        let routed = self.route(request, &mut problems);
        auth::check(request, expected, &mut problems);
        let Some(found) = routed else {
            return (None, problems);
        };
        let body = body::check(
            &self.spec,
            request,
            found.operation,
            found.id,
            &mut problems,
        );
        (
            Some(Routed {
                operation: found.id,
                params: found.params,
                query: found.query,
                body,
            }),
            problems,
        )
    }
}
