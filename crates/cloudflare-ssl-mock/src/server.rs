//! The wiremock responders behind every mock: each request is checked,
//! recorded and answered, or, when its reply says so, its connection is
//! dropped without an answer.
//!
//! wiremock answers a request with a complete HTTP response; the one way
//! it has to send none is a mock mounted with `respond_with_err`, whose
//! error makes its server close the connection without writing a response.
//! Whether a mock answers or errs is fixed when it is mounted, so a mock
//! has two: [`ConnectionDropper`], tried first, which takes only the
//! requests whose reply is `drop_connection`, and [`Responder`], which
//! answers every other. wiremock holds its own lock from matching a
//! request to producing its answer, so the two see the same state.

use std::io;
use std::sync::Arc;
use std::time::SystemTime;

use serde_json::{Value, json};
use wiremock::{Match, Request, Respond, ResponseTemplate};

use crate::answer::{Answered, answer, drops_connection};
use crate::check::{Incoming, Problem};
use crate::envelope::failure_response;
use crate::recorded::{RecordedRequest, Violation};
use crate::state::Shared;

/// The responder of every request a [`ConnectionDropper`] does not take.
pub(crate) struct Responder(pub Arc<Shared>);

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match handle(&self.0, request) {
            Answered::Respond(template) => template,
            // The reply became `drop_connection` between wiremock matching
            // the request and answering it (a test changed it while the
            // request was in flight): too late to drop the connection.
            Answered::DropConnection => ResponseTemplate::new(502).set_body_string(
                "cloudflare-ssl-mock: the reply became drop_connection while this request was answered",
            ),
        }
    }
}

/// Matches, and drops the connection of, the requests whose reply is
/// `drop_connection`: mounted with a higher priority than [`Responder`].
#[derive(Clone)]
pub(crate) struct ConnectionDropper(pub Arc<Shared>);

impl Match for ConnectionDropper {
    fn matches(&self, request: &Request) -> bool {
        let shared = &self.0;
        // Most mocks drop nothing: no need to route the request then.
        if !shared.lock().drops_any() {
            return false;
        }
        let headers = headers(request);
        let (routed, problems) = shared
            .routes
            .check(&incoming(request, &headers), &shared.expected);
        match routed {
            Some(routed) if problems.is_empty() => drops_connection(&shared.lock(), &routed),
            _ => false,
        }
    }
}

impl ConnectionDropper {
    /// Checks, records and carries out `request` like any other, then
    /// closes its connection without an answer: the error wiremock's
    /// `respond_with_err` takes.
    pub(crate) fn drop_connection(&self, request: &Request) -> io::Error {
        let _answer = handle(&self.0, request);
        io::Error::new(
            io::ErrorKind::ConnectionAborted,
            "cloudflare-ssl-mock: drop_connection: the connection closes without an answer",
        )
    }
}

/// The request's headers, lower-case names and values read as text.
fn headers(request: &Request) -> Vec<(String, String)> {
    request
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

fn incoming<'a>(request: &'a Request, headers: &'a [(String, String)]) -> Incoming<'a> {
    Incoming {
        method: request.method.as_str(),
        path: request.url.path(),
        query: request.url.query(),
        headers,
        body: &request.body,
    }
}

/// Checks `request`, answers it (or says to drop it) and records it with
/// its problems.
fn handle(shared: &Shared, request: &Request) -> Answered {
    let headers = headers(request);
    let (routed, mut problems) = shared
        .routes
        .check(&incoming(request, &headers), &shared.expected);
    let mut state = shared.lock();
    let answered = match &routed {
        Some(routed) if problems.is_empty() => {
            answer(&mut state, routed, SystemTime::now()).map_err(|problem| vec![problem])
        }
        _ => Err(Vec::new()),
    };
    let answered = answered.unwrap_or_else(|more| {
        problems.extend(more);
        Answered::Respond(problem_response(&problems))
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
    answered
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
