//! The wiremock responder behind every mock: checks a request, records it,
//! and answers it.

use std::sync::Arc;
use std::time::SystemTime;

use serde_json::{Value, json};
use wiremock::{Request, Respond, ResponseTemplate};

use crate::answer::answer;
use crate::check::{Incoming, Problem};
use crate::envelope::failure_response;
use crate::recorded::{RecordedRequest, Violation};
use crate::state::Shared;

/// The single wiremock responder behind every mock.
pub(crate) struct Responder(pub Arc<Shared>);

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let shared = &self.0;
        let headers: Vec<(String, String)> = request
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let incoming = Incoming {
            method: request.method.as_str(),
            path: request.url.path(),
            query: request.url.query(),
            headers: &headers,
            body: &request.body,
        };
        let (routed, mut problems) = shared.routes.check(&incoming, &shared.expected);
        let mut state = shared.lock();
        let answered = match &routed {
            Some(routed) if problems.is_empty() => {
                answer(&mut state, routed, SystemTime::now()).map_err(|problem| vec![problem])
            }
            _ => Err(Vec::new()),
        };
        let template = answered.unwrap_or_else(|more| {
            problems.extend(more);
            problem_response(&problems)
        });
        let recorded = RecordedRequest {
            method: request.method.as_str().to_owned(),
            path: request.url.path().to_owned(),
            query: request.url.query().map(str::to_owned),
            operation: routed.as_ref().map(|r| r.operation.operation_id.clone()),
            path_params: routed
                .as_ref()
                .map(|r| r.params.clone())
                .unwrap_or_default(),
            json: serde_json::from_slice(&request.body).ok(),
            headers,
            body: request.body.clone(),
            violations: problems.iter().map(|p| p.message.clone()).collect(),
        };
        let line = recorded.request_line();
        state.requests.push(recorded);
        state
            .violations
            .extend(problems.iter().map(|problem| Violation {
                request: line.clone(),
                message: problem.message.clone(),
            }));
        template
    }
}

/// A Cloudflare failure envelope listing every problem; the status is the
/// first problem's.
fn problem_response(problems: &[Problem]) -> ResponseTemplate {
    let status = problems.first().map_or(400, |p| p.status);
    let errors: Vec<Value> = problems
        .iter()
        .map(
            |p| json!({ "code": p.code, "message": format!("cloudflare-ssl-mock: {}", p.message) }),
        )
        .collect();
    failure_response(status, errors, Value::Null)
}
