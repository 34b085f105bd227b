//! The state behind a mock and the wiremock responder that answers from it.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};
use wiremock::{Request, Respond, ResponseTemplate};

use crate::check::{ExpectedAuth, Incoming, Problem, Routed, Routes};
use crate::codes;
use crate::documented;
use crate::model::{Outcome, Resources};
use crate::operation_id::OperationId;
use crate::recorded::{RecordedRequest, Violation};

/// What an operation answers once a request has passed the checks.
#[derive(Debug, Clone)]
pub(crate) enum Reply {
    /// The success envelope around the operation's resource.
    Success,
    /// A failure envelope with these `errors[]` entries.
    Failure { status: u16, errors: Vec<Value> },
    /// Exactly these bytes.
    Raw {
        status: u16,
        content_type: String,
        body: Vec<u8>,
    },
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct RateLimit {
    pub remaining: u32,
    pub retry_after: Duration,
}

/// One operation's reply configuration. The resource a success answer
/// carries is not here but in [`Resources`], shared with the other
/// operations on it (a PATCH changes what the GET answers).
#[derive(Debug, Clone)]
pub(crate) struct OperationState {
    pub reply: Reply,
    pub delay: Duration,
    pub rate_limit: Option<RateLimit>,
    /// The success envelope the result is wrapped in: the documented
    /// example for the PATCHes, a plain one for the GETs, which have none.
    envelope: Value,
    /// Extra headers on every answer (`cf-ray`, `Ratelimit`, …), in order.
    pub headers: Vec<(String, String)>,
}

impl OperationState {
    pub fn documented(operation: OperationId) -> Self {
        let mut envelope = match operation {
            OperationId::EditCertificatePack => {
                documented::parsed(documented::EDIT_CERTIFICATE_PACK)
            }
            OperationId::EditSslAutomaticMode => {
                documented::parsed(documented::EDIT_SSL_AUTOMATIC_MODE)
            }
            OperationId::GetCertificatePack
            | OperationId::ListCertificatePacks
            | OperationId::GetSslAutomaticMode => {
                json!({ "success": true, "errors": [], "messages": [] })
            }
        };
        envelope["result"] = Value::Null;
        Self {
            reply: Reply::Success,
            delay: Duration::ZERO,
            rate_limit: None,
            envelope,
            headers: Vec::new(),
        }
    }
}

#[derive(Debug)]
pub(crate) struct State {
    pub stateful: bool,
    /// One per operation, in the order of `OperationId::ALL`.
    operations: [OperationState; OperationId::ALL.len()],
    pub resources: Resources,
    pub requests: Vec<RecordedRequest>,
    pub violations: Vec<Violation>,
}

impl State {
    pub fn new(stateful: bool) -> Self {
        Self {
            stateful,
            operations: OperationId::ALL.map(OperationState::documented),
            resources: Resources::documented(),
            requests: Vec::new(),
            violations: Vec::new(),
        }
    }

    pub fn operation_mut(&mut self, operation: OperationId) -> &mut OperationState {
        &mut self.operations[operation.index()]
    }
}

/// Everything a mock and its responder share.
#[derive(Debug)]
pub(crate) struct Shared {
    state: Mutex<State>,
    routes: Routes,
    expected: ExpectedAuth,
}

impl Shared {
    pub fn new(routes: Routes, expected: ExpectedAuth, stateful: bool) -> Self {
        Self {
            state: Mutex::new(State::new(stateful)),
            routes,
            expected,
        }
    }

    /// The state, even after a panic elsewhere poisoned the lock: a failed
    /// test must still be able to read what the mock saw.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The single wiremock responder behind every mock: checks, records,
/// answers.
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
        let (routed, problems) = shared.routes.check(&incoming, &shared.expected);
        let recorded = RecordedRequest {
            method: request.method.as_str().to_owned(),
            path: request.url.path().to_owned(),
            query: request.url.query().map(str::to_owned),
            operation: routed.as_ref().map(|r| r.operation.as_str().to_owned()),
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
        let mut state = shared.lock();
        state.requests.push(recorded);
        state
            .violations
            .extend(problems.iter().map(|problem| Violation {
                request: line.clone(),
                message: problem.message.clone(),
            }));
        match routed {
            Some(routed) if problems.is_empty() => answer(&mut state, &routed),
            _ => problem_response(&problems),
        }
    }
}

/// The answer to a conforming request: the operation's rate limit first,
/// then its reply; a success reply answers from the resources (in stateful
/// mode after a PATCH changed them).
fn answer(state: &mut State, routed: &Routed) -> ResponseTemplate {
    let stateful = state.stateful;
    let operation = state.operation_mut(routed.operation);
    let delay = operation.delay;
    let headers = operation.headers.clone();
    if let Some(limit) = &mut operation.rate_limit
        && limit.remaining > 0
    {
        limit.remaining -= 1;
        return with_headers(rate_limited(limit.retry_after), &headers).set_delay(delay);
    }
    let template = match operation.reply.clone() {
        Reply::Success => {
            let envelope = operation.envelope.clone();
            match state.resources.answer(routed, stateful, SystemTime::now()) {
                Outcome::Success {
                    result,
                    result_info,
                } => {
                    let mut body = envelope;
                    body["result"] = result;
                    if let Some(info) = result_info {
                        body["result_info"] = info;
                    }
                    json_response(200, &body)
                }
                Outcome::Failure {
                    status,
                    errors,
                    result,
                } => failure_response(status, errors, result),
                Outcome::RateLimited(retry_after) => rate_limited(retry_after),
            }
        }
        Reply::Failure { status, errors } => {
            failure_response(status, errors, state.resources.failure_result(routed))
        }
        Reply::Raw {
            status,
            content_type,
            body,
        } => {
            let template = ResponseTemplate::new(status);
            if content_type.is_empty() {
                template.set_body_bytes(body)
            } else {
                template.set_body_raw(body, &content_type)
            }
        }
    };
    with_headers(template, &headers).set_delay(delay)
}

fn with_headers(template: ResponseTemplate, headers: &[(String, String)]) -> ResponseTemplate {
    headers.iter().fold(template, |template, (name, value)| {
        template.append_header(name.as_str(), value.as_str())
    })
}

/// Cloudflare's failure envelope.
fn failure_response(status: u16, errors: Vec<Value>, result: Value) -> ResponseTemplate {
    json_response(
        status,
        &json!({ "success": false, "errors": errors, "messages": [], "result": result }),
    )
}

fn json_response(status: u16, body: &Value) -> ResponseTemplate {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    ResponseTemplate::new(status).set_body_raw(bytes, "application/json")
}

/// 429 with `Retry-After` in whole seconds, rounded up as Cloudflare does,
/// and `retry-after-ms` when the delay is not a whole number of seconds.
fn rate_limited(retry_after: Duration) -> ResponseTemplate {
    let seconds = retry_after
        .as_secs()
        .saturating_add(u64::from(retry_after.subsec_nanos() > 0));
    let mut template = failure_response(429, vec![error_entry(codes::RATE_LIMITED)], Value::Null)
        .insert_header("retry-after", seconds.to_string());
    if retry_after.subsec_nanos() > 0 {
        template = template.insert_header("retry-after-ms", retry_after.as_millis().to_string());
    }
    template
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

/// An `errors[]` entry for `code`, with Cloudflare's message where the
/// mock knows it.
pub(crate) fn error_entry(code: i64) -> Value {
    let message = match code {
        codes::INVALID_SSL_AUTOMATIC_MODE_VALUE => {
            "Invalid SSL/TLS encryption configuration value, only auto or custom accepted"
        }
        codes::AUTHENTICATION_ERROR => "Authentication error",
        codes::RATE_LIMITED => "You are being rate limited",
        codes::INVALID_HEADERS => "Invalid request headers",
        codes::NOT_FOUND => "Certificate pack not found",
        _ => {
            return json!({ "code": code, "message": format!("error {code} (set by cloudflare-ssl-mock)") });
        }
    };
    json!({ "code": code, "message": message })
}
