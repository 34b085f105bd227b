//! The state behind a mock and the wiremock responder that answers from it.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use wiremock::{Request, Respond, ResponseTemplate};

use crate::check::{ExpectedAuth, Incoming, Problem, Routed, Routes};
use crate::codes;
use crate::documented;
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

/// One operation's configuration and resource.
#[derive(Debug, Clone)]
pub(crate) struct OperationState {
    pub reply: Reply,
    pub delay: Duration,
    pub rate_limit: Option<RateLimit>,
    /// The certificate pack or the setting, as JSON: the `result` of the
    /// success envelope.
    pub resource: Value,
    /// The documented success envelope the resource is wrapped in.
    envelope: Value,
    /// Extra headers on every answer (`cf-ray`, `Ratelimit`, …), in order.
    pub headers: Vec<(String, String)>,
}

impl OperationState {
    pub fn documented(operation: OperationId) -> Self {
        let example = match operation {
            OperationId::EditCertificatePack => documented::EDIT_CERTIFICATE_PACK,
            OperationId::EditSslAutomaticMode => documented::EDIT_SSL_AUTOMATIC_MODE,
        };
        let envelope = documented::parsed(example);
        Self {
            reply: Reply::Success,
            delay: Duration::ZERO,
            rate_limit: None,
            resource: envelope["result"].clone(),
            envelope,
            headers: Vec::new(),
        }
    }
}

#[derive(Debug)]
pub(crate) struct State {
    pub stateful: bool,
    pub pack: OperationState,
    pub setting: OperationState,
    pub requests: Vec<RecordedRequest>,
    pub violations: Vec<Violation>,
}

impl State {
    pub fn new(stateful: bool) -> Self {
        Self {
            stateful,
            pack: OperationState::documented(OperationId::EditCertificatePack),
            setting: OperationState::documented(OperationId::EditSslAutomaticMode),
            requests: Vec::new(),
            violations: Vec::new(),
        }
    }

    pub fn operation_mut(&mut self, operation: OperationId) -> &mut OperationState {
        match operation {
            OperationId::EditCertificatePack => &mut self.pack,
            OperationId::EditSslAutomaticMode => &mut self.setting,
        }
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

/// The answer to a conforming request.
fn answer(state: &mut State, routed: &Routed) -> ResponseTemplate {
    let stateful = state.stateful;
    let operation = state.operation_mut(routed.operation);
    let delay = operation.delay;
    if let Some(limit) = &mut operation.rate_limit
        && limit.remaining > 0
    {
        limit.remaining -= 1;
        return with_headers(rate_limited(limit.retry_after), &operation.headers).set_delay(delay);
    }
    let template = match operation.reply.clone() {
        Reply::Success => {
            if stateful {
                apply(routed.operation, operation, routed.body.as_ref());
            }
            let mut body = operation.envelope.clone();
            body["result"] = operation.resource.clone();
            json_response(200, &body)
        }
        Reply::Failure { status, errors } => {
            // Like the documented 1008 failure, a failed setting change echoes
            // the current setting; a failed pack edit has no result.
            let result = match routed.operation {
                OperationId::EditSslAutomaticMode => operation.resource.clone(),
                OperationId::EditCertificatePack => Value::Null,
            };
            json_response(
                status,
                &json!({ "success": false, "errors": errors, "messages": [], "result": result }),
            )
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
    with_headers(template, &operation.headers).set_delay(delay)
}

fn with_headers(template: ResponseTemplate, headers: &[(String, String)]) -> ResponseTemplate {
    headers.iter().fold(template, |template, (name, value)| {
        template.append_header(name.as_str(), value.as_str())
    })
}

/// Stateful mode: what a successful PATCH changes. A model of the
/// documented behaviour, not Cloudflare's state machine.
fn apply(id: OperationId, operation: &mut OperationState, body: Option<&Value>) {
    let Value::Object(resource) = &mut operation.resource else {
        return;
    };
    match id {
        OperationId::EditCertificatePack => {
            if let Some(branding) = body.and_then(|b| b.get("cloudflare_branding")) {
                resource.insert("cloudflare_branding".into(), branding.clone());
            }
            if resource.get("status").and_then(Value::as_str) == Some("validation_timed_out") {
                resource.insert("status".into(), json!("pending_validation"));
            }
        }
        OperationId::EditSslAutomaticMode => {
            if let Some(value) = body.and_then(|b| b.get("value"))
                && resource.get("value") != Some(value)
            {
                resource.insert("value".into(), value.clone());
                resource.insert("modified_on".into(), json!(rfc3339(SystemTime::now())));
            }
        }
    }
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
    let mut template = json_response(
        429,
        &json!({
            "success": false,
            "errors": [error_entry(codes::RATE_LIMITED)],
            "messages": [],
            "result": null,
        }),
    )
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
    json_response(
        status,
        &json!({ "success": false, "errors": errors, "messages": [], "result": null }),
    )
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
        _ => {
            return json!({ "code": code, "message": format!("error {code} (set by cloudflare-ssl-mock)") });
        }
    };
    json!({ "code": code, "message": message })
}

/// `time` as `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
pub(crate) fn rfc3339(time: SystemTime) -> String {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = since.as_secs();
    let (year, month, day) = civil_from_days((seconds / 86_400) as i64);
    let of_day = seconds % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60,
        since.subsec_micros()
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_gregorian() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(16_071), (2014, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_513), (2026, 3, 1));
        let time = UNIX_EPOCH + Duration::new(1_388_534_400 + 5 * 3600 + 20 * 60, 123_450_000);
        assert_eq!(rfc3339(time), "2014-01-01T05:20:00.123450Z");
    }
}
