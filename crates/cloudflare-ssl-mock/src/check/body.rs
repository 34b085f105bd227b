//! Content type and body checks: a JSON body where the operation takes
//! one, matching the fragment's request schema, and no body where it takes
//! none. Kept apart from routing because it runs only once a request has
//! reached an operation, and its error codes are the operation's own.

use serde_json::Value;

use super::request::{Incoming, Problem, check_schema};
use crate::codes;
use crate::spec::Spec;

/// What the body check needs of an operation that takes a body.
#[derive(Debug)]
pub(super) struct BodyCheck {
    pub required: bool,
    /// The request schema, as JSON Schema.
    pub schema: Value,
    /// The code of a body that breaks the schema: the operation's own,
    /// from its example failure in the fragment (the page's answer to a
    /// bad value: 1008 for Automatic SSL/TLS), else
    /// [`codes::INVALID_BODY`].
    pub code: i64,
}

/// Checks the content type and body of `request` against the operation's
/// `expected` body (`None`: it takes none); the body, when it is JSON.
pub(super) fn check(
    spec: &Spec,
    request: &Incoming<'_>,
    expected: Option<&BodyCheck>,
    problems: &mut Vec<Problem>,
) -> Option<Value> {
    let Some(expected) = expected else {
        if !request.body.is_empty() {
            problems.push(Problem::new(
                400,
                codes::INVALID_BODY,
                format!(
                    "the request has a body ({} bytes); the fragment documents none for this operation",
                    request.body.len()
                ),
            ));
        }
        return serde_json::from_slice(request.body).ok();
    };
    match request.header("content-type") {
        None => problems.push(Problem::new(
            400,
            codes::INVALID_HEADERS,
            "no `Content-Type` header; the operation takes `application/json`",
        )),
        Some(value) => {
            let media_type = value.split(';').next().unwrap_or("").trim();
            if !media_type.eq_ignore_ascii_case("application/json") {
                problems.push(Problem::new(
                    400,
                    codes::INVALID_HEADERS,
                    format!("`Content-Type` is {value:?}; the operation takes `application/json`"),
                ));
            }
        }
    }
    if request.body.is_empty() {
        if expected.required {
            problems.push(Problem::new(
                400,
                codes::MALFORMED_JSON,
                "the request has no body; the operation requires a JSON body",
            ));
        }
        return None;
    }
    let body: Value = match serde_json::from_slice(request.body) {
        Ok(body) => body,
        Err(error) => {
            problems.push(Problem::new(
                400,
                codes::MALFORMED_JSON,
                format!("malformed JSON in the request body: {error}"),
            ));
            return None;
        }
    };
    check_schema(
        spec,
        "request body",
        &expected.schema,
        &body,
        expected.code,
        problems,
    );
    Some(body)
}
