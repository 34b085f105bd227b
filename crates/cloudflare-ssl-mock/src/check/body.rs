//! Content type and body checks: a JSON body where the operation takes
//! one, matching the fragment's request schema, and no body where it takes
//! none. Kept apart from routing
//! because it runs only once a request has reached an operation, and its
//! error codes are the operation's own.

use serde_json::Value;

use super::routes::Operation;
use super::{Incoming, Problem};
use crate::codes;
use crate::operation_id::OperationId;
use crate::spec::Spec;

/// Checks the content type and body of `request`, routed to `operation`;
/// the body, when it is JSON.
pub(super) fn check(
    spec: &Spec,
    request: &Incoming<'_>,
    operation: &Operation,
    id: OperationId,
    problems: &mut Vec<Problem>,
) -> Option<Value> {
    let Some(schema) = &operation.body_schema else {
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
        if operation.body_required {
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
    if let Err(violations) = spec.validate("request body", schema, &body) {
        // Each operation's own code, so that a client that tells them apart
        // is tested with the right one (see `codes`).
        let code = match id {
            OperationId::EditSslAutomaticMode => codes::INVALID_SSL_AUTOMATIC_MODE_VALUE,
            OperationId::EditCertificatePack
            | OperationId::GetCertificatePack
            | OperationId::ListCertificatePacks
            | OperationId::GetSslAutomaticMode => codes::INVALID_BODY,
        };
        for violation in violations.violations {
            problems.push(Problem::new(
                400,
                code,
                format!("request body does not match the OpenAPI fragment: {violation}"),
            ));
        }
    }
    Some(body)
}
