//! Checking a received request against the OpenAPI fragment: route,
//! method, path parameters, query, credentials, content type and body.

use std::collections::BTreeMap;
use std::fmt;

use cloudflare_ssl::Credentials;
use serde_json::{Value, json};

use crate::codes;
use crate::spec::Spec;

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

/// The credentials the mock accepts.
#[derive(Clone)]
pub(crate) enum ExpectedAuth {
    Token(String),
    GlobalKey { email: String, key: String },
}

impl fmt::Debug for ExpectedAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Token(_) => f.write_str("Token(..)"),
            Self::GlobalKey { .. } => f.write_str("GlobalKey(..)"),
        }
    }
}

impl From<&Credentials> for ExpectedAuth {
    fn from(credentials: &Credentials) -> Self {
        match credentials {
            Credentials::ApiToken(token) => Self::Token(token.clone()),
            Credentials::GlobalApiKey { email, key } => Self::GlobalKey {
                email: email.clone(),
                key: key.clone(),
            },
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
    pub operation_id: String,
    pub params: BTreeMap<String, String>,
    /// The parsed body, when it was JSON.
    pub body: Option<Value>,
}

#[derive(Debug)]
enum Segment {
    Literal(String),
    Param(String),
}

#[derive(Debug)]
struct Operation {
    method: String,
    operation_id: String,
    /// Path parameter name and its schema (as JSON Schema).
    path_params: Vec<(String, Value)>,
    query_params: Vec<String>,
    body_required: bool,
    body_schema: Option<Value>,
}

#[derive(Debug)]
struct Route {
    template: String,
    segments: Vec<Segment>,
    operations: Vec<Operation>,
}

/// Every path and operation of the fragment, ready to match requests.
#[derive(Debug)]
pub(crate) struct Routes {
    spec: Spec,
    base_path: String,
    routes: Vec<Route>,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Routes {
    /// The routes of `spec`, served under `base_path` (e.g. `/client/v4`).
    pub fn new(spec: Spec, base_path: &str) -> Self {
        let mut routes = Vec::new();
        if let Some(paths) = spec.document().get("paths").and_then(Value::as_object) {
            for (template, item) in paths {
                let segments = template
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .map(
                        |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                            Some(name) => Segment::Param(name.to_owned()),
                            None => Segment::Literal(s.to_owned()),
                        },
                    )
                    .collect();
                let operations = METHODS
                    .iter()
                    .filter_map(|method| {
                        let op = item.get(*method)?;
                        Some(operation(&spec, item, method, op))
                    })
                    .collect();
                routes.push(Route {
                    template: template.clone(),
                    segments,
                    operations,
                });
            }
        }
        Self {
            spec,
            base_path: base_path.trim_end_matches('/').to_owned(),
            routes,
        }
    }

    /// Checks `request`: the operation it reaches (if any) and every problem.
    pub fn check(
        &self,
        request: &Incoming<'_>,
        expected: &ExpectedAuth,
    ) -> (Option<Routed>, Vec<Problem>) {
        let mut problems = Vec::new();
        let routed = self.route(request, &mut problems);
        check_auth(request, expected, &mut problems);
        let Some((operation, params)) = routed else {
            return (None, problems);
        };
        let body = self.check_body(request, operation, &mut problems);
        (
            Some(Routed {
                operation_id: operation.operation_id.clone(),
                params,
                body,
            }),
            problems,
        )
    }

    fn documented(&self) -> String {
        let mut list = Vec::new();
        for route in &self.routes {
            for op in &route.operations {
                list.push(format!(
                    "{} {}{}",
                    op.method.to_uppercase(),
                    self.base_path,
                    route.template
                ));
            }
        }
        list.join(", ")
    }

    fn route(
        &self,
        request: &Incoming<'_>,
        problems: &mut Vec<Problem>,
    ) -> Option<(&Operation, BTreeMap<String, String>)> {
        let Some(rest) = request
            .path
            .strip_prefix(&self.base_path)
            .filter(|rest| rest.starts_with('/'))
        else {
            problems.push(Problem::new(
                404,
                codes::NO_ROUTE,
                format!(
                    "no route for {:?}: the mock serves the API under {:?} (use the mock's base_url()); documented operations: {}",
                    request.path,
                    self.base_path,
                    self.documented()
                ),
            ));
            return None;
        };
        let segments: Vec<&str> = rest.split('/').skip(1).collect();
        let Some((route, raw_params)) = self.routes.iter().find_map(|route| {
            let params = match_route(route, &segments)?;
            Some((route, params))
        }) else {
            problems.push(Problem::new(
                404,
                codes::NO_ROUTE,
                format!(
                    "no operation of the OpenAPI fragment matches the path {:?}; documented operations: {}",
                    request.path,
                    self.documented()
                ),
            ));
            return None;
        };
        let method = request.method.to_ascii_lowercase();
        let Some(operation) = route.operations.iter().find(|op| op.method == method) else {
            let allowed: Vec<String> = route
                .operations
                .iter()
                .map(|op| op.method.to_uppercase())
                .collect();
            problems.push(Problem::new(
                405,
                codes::NO_ROUTE,
                format!(
                    "method {} is not documented for {}; the fragment documents {}",
                    request.method,
                    route.template,
                    allowed.join(", ")
                ),
            ));
            return None;
        };
        let mut params = BTreeMap::new();
        for (name, raw) in raw_params {
            let value = match crate::path::decode_segment(raw) {
                Some(value) => value,
                None => {
                    problems.push(Problem::new(
                        400,
                        codes::INVALID_IDENTIFIER,
                        format!(
                            "path parameter `{name}` ({raw:?}) is not valid percent-encoded UTF-8"
                        ),
                    ));
                    continue;
                }
            };
            if value.is_empty() {
                problems.push(Problem::new(
                    400,
                    codes::INVALID_IDENTIFIER,
                    format!("path parameter `{name}` is empty; it is required"),
                ));
            } else if let Some((_, schema)) = operation.path_params.iter().find(|(n, _)| *n == name)
                && let Err(violations) = self.spec.validate(
                    &format!("path parameter `{name}`"),
                    schema,
                    &Value::String(value.clone()),
                )
            {
                for violation in violations.violations {
                    problems.push(Problem::new(
                        400,
                        codes::INVALID_IDENTIFIER,
                        format!(
                            "path parameter `{name}` ({value:?}) does not match the OpenAPI fragment: {violation}"
                        ),
                    ));
                }
            }
            params.insert(name.to_owned(), value);
        }
        if let Some(query) = request.query.filter(|q| !q.is_empty()) {
            let undocumented: Vec<&str> = query
                .split('&')
                .filter_map(|pair| pair.split('=').next())
                .filter(|name| !operation.query_params.iter().any(|p| p == name))
                .collect();
            if !undocumented.is_empty() {
                problems.push(Problem::new(
                    400,
                    codes::NO_ROUTE,
                    format!(
                        "query parameter(s) {} are not documented for {} {}",
                        undocumented.join(", "),
                        request.method,
                        route.template
                    ),
                ));
            }
        }
        Some((operation, params))
    }

    fn check_body(
        &self,
        request: &Incoming<'_>,
        operation: &Operation,
        problems: &mut Vec<Problem>,
    ) -> Option<Value> {
        let Some(schema) = &operation.body_schema else {
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
                        format!(
                            "`Content-Type` is {value:?}; the operation takes `application/json`"
                        ),
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
        if let Err(violations) = self.spec.validate("request body", schema, &body) {
            let code = if operation.operation_id == "edit_ssl_automatic_mode" {
                codes::INVALID_SSL_AUTOMATIC_MODE_VALUE
            } else {
                codes::INVALID_BODY
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
}

fn operation(spec: &Spec, item: &Value, method: &str, op: &Value) -> Operation {
    let mut path_params = Vec::new();
    let mut query_params = Vec::new();
    // Path-item parameters apply to every operation; the operation's own come last.
    let all = [item.get("parameters"), op.get("parameters")];
    for param in all
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
    {
        let Some(name) = param.get("name").and_then(Value::as_str) else {
            continue;
        };
        match param.get("in").and_then(Value::as_str) {
            Some("path") => {
                // Cloudflare hands out 36-character certificate pack ids
                // (UUIDs) while documenting `maxLength: 32`; an id the API
                // hands out must be accepted (openapi/README.md, "Identifiers longer than `maxLength`").
                let mut schema = spec.resolved(param.get("schema").unwrap_or(&json!({})));
                if let Some(schema) = schema.as_object_mut() {
                    schema.remove("maxLength");
                }
                path_params.push((name.to_owned(), spec.schema(&schema)));
            }
            Some("query") => query_params.push(name.to_owned()),
            _ => {}
        }
    }
    let body = op.get("requestBody");
    Operation {
        method: method.to_owned(),
        operation_id: op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        path_params,
        query_params,
        body_required: body
            .and_then(|b| b.get("required"))
            .and_then(Value::as_bool)
            .unwrap_or(false),
        body_schema: body
            .and_then(|b| b.pointer("/content/application~1json/schema"))
            .map(|schema| spec.schema(schema)),
    }
}

fn match_route<'s>(route: &Route, segments: &[&'s str]) -> Option<Vec<(String, &'s str)>> {
    if route.segments.len() != segments.len() {
        return None;
    }
    let mut params = Vec::new();
    for (expected, actual) in route.segments.iter().zip(segments) {
        match expected {
            Segment::Literal(literal) if literal == actual => {}
            Segment::Literal(_) => return None,
            Segment::Param(name) => params.push((name.clone(), *actual)),
        }
    }
    Some(params)
}

fn check_auth(request: &Incoming<'_>, expected: &ExpectedAuth, problems: &mut Vec<Problem>) {
    let authorization = request.header("authorization");
    let email = request.header("x-auth-email");
    let key = request.header("x-auth-key");
    let global = email.is_some() || key.is_some();
    if authorization.is_some() && global {
        problems.push(Problem::new(
            400,
            codes::INVALID_HEADERS,
            "the request carries both `Authorization` and `X-Auth-Email`/`X-Auth-Key`; send exactly one of the two documented schemes",
        ));
        return;
    }
    match expected {
        ExpectedAuth::Token(token) => match authorization {
            None if global => problems.push(Problem::new(
                400,
                codes::INVALID_HEADERS,
                "the request authenticates with `X-Auth-Email`/`X-Auth-Key` (global API key), but this mock expects an API token: `Authorization: Bearer <token>`",
            )),
            None => problems.push(Problem::new(
                400,
                codes::INVALID_HEADERS,
                "no credentials: expected `Authorization: Bearer <token>`",
            )),
            Some(value) => match bearer_token(value) {
                None => problems.push(Problem::new(
                    400,
                    codes::INVALID_HEADERS,
                    "`Authorization` is not of the form `Bearer <token>`",
                )),
                Some(sent) if sent == token => {}
                Some(_) => problems.push(Problem::new(
                    403,
                    codes::AUTHENTICATION_ERROR,
                    "`Authorization: Bearer` carries a token other than the one this mock expects (its credentials()); did the code under test read CLOUDFLARE_API_TOKEN from the environment?",
                )),
            },
        },
        ExpectedAuth::GlobalKey {
            email: expected_email,
            key: expected_key,
        } => {
            if authorization.is_some() {
                problems.push(Problem::new(
                    400,
                    codes::INVALID_HEADERS,
                    "the request authenticates with `Authorization` (API token), but this mock expects a global API key: `X-Auth-Email` and `X-Auth-Key`",
                ));
                return;
            }
            let mut missing = Vec::new();
            if email.is_none() {
                missing.push("`X-Auth-Email`");
            }
            if key.is_none() {
                missing.push("`X-Auth-Key`");
            }
            if !missing.is_empty() {
                problems.push(Problem::new(
                    400,
                    codes::INVALID_HEADERS,
                    format!(
                        "missing {}: the global API key scheme needs both `X-Auth-Email` and `X-Auth-Key`",
                        missing.join(" and ")
                    ),
                ));
            } else if email != Some(expected_email.as_str()) || key != Some(expected_key.as_str()) {
                problems.push(Problem::new(
                    403,
                    codes::AUTHENTICATION_ERROR,
                    "`X-Auth-Email`/`X-Auth-Key` differ from the ones this mock expects (its credentials()); did the code under test read CLOUDFLARE_EMAIL/CLOUDFLARE_API_KEY from the environment?",
                ));
            }
        }
    }
}

fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_scheme_is_case_insensitive_and_needs_a_token() {
        assert_eq!(bearer_token("Bearer abc"), Some("abc"));
        assert_eq!(bearer_token("bearer abc"), Some("abc"));
        assert_eq!(bearer_token("Bearer "), None);
        assert_eq!(bearer_token("Basic abc"), None);
        assert_eq!(bearer_token("abc"), None);
    }
}
