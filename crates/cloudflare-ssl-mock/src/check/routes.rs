//! Routing: the fragment's paths and methods as a table, built once when a
//! mock starts, and matching a request's path, method, path parameters and
//! query (checked in `query`) against it. Everything the other checks need to know about an
//! operation is read from the fragment here, so they never look at the
//! document themselves.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::query::{self, QueryParam};
use super::{Incoming, Problem, Routes};
use crate::codes;
use crate::operation_id::OperationId;
use crate::spec::Spec;

#[derive(Debug)]
enum Segment {
    Literal(String),
    Param(String),
}

/// One method of a path, with what the checks need of it.
#[derive(Debug)]
pub(super) struct Operation {
    method: String,
    /// The operation the mock answers it with, resolved from the fragment's
    /// `operationId` once, here; `Err` holds an `operationId` (perhaps
    /// empty) that the mock does not model. Such an operation keeps its
    /// route, so that its requests are refused as "not modelled" rather
    /// than as undocumented, and never reach another operation's answer.
    id: Result<OperationId, String>,
    /// Path parameter name and its schema (as JSON Schema).
    path_params: Vec<(String, Value)>,
    query_params: Vec<QueryParam>,
    pub(super) body_required: bool,
    pub(super) body_schema: Option<Value>,
}

/// One path of the fragment and the methods it documents.
#[derive(Debug)]
pub(super) struct Route {
    template: String,
    segments: Vec<Segment>,
    operations: Vec<Operation>,
}

/// What [`Routes::route`] found: the operation, and the request's path and
/// query parameters as read.
pub(super) struct RouteMatch<'r> {
    pub operation: &'r Operation,
    pub id: OperationId,
    pub params: BTreeMap<String, String>,
    pub query: BTreeMap<String, Value>,
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

    pub(super) fn route(
        &self,
        request: &Incoming<'_>,
        problems: &mut Vec<Problem>,
    ) -> Option<RouteMatch<'_>> {
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
        let query = query::check(
            &self.spec,
            &operation.query_params,
            request.query,
            &format!("{} {}", request.method, route.template),
            problems,
        );
        match &operation.id {
            Ok(id) => Some(RouteMatch {
                operation,
                id: *id,
                params,
                query,
            }),
            Err(fragment_id) => {
                problems.push(Problem::new(
                    501,
                    codes::NO_ROUTE,
                    format!(
                        "the fragment documents {} {} (operationId {fragment_id:?}), but cloudflare-ssl-mock does not model it; it answers {}",
                        request.method,
                        route.template,
                        OperationId::ALL.map(OperationId::as_str).join(", ")
                    ),
                ));
                None
            }
        }
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
            Some("query") => query_params.push(QueryParam::new(spec, name, param)),
            _ => {}
        }
    }
    let body = op.get("requestBody");
    Operation {
        method: method.to_owned(),
        id: {
            let fragment_id = op
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or_default();
            OperationId::from_fragment(fragment_id).ok_or_else(|| fragment_id.to_owned())
        },
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::{ExpectedAuth, Incoming, Problem, Routed, Routes};
    use crate::operation_id::OperationId;
    use crate::spec::Spec;

    /// `method path` with the mock's token and, when there is one, a JSON
    /// body, checked by `routes`.
    fn request(
        routes: &Routes,
        method: &str,
        path: &str,
        body: &str,
    ) -> (Option<Routed>, Vec<Problem>) {
        let headers = [
            ("authorization".to_owned(), "Bearer t".to_owned()),
            ("content-type".to_owned(), "application/json".to_owned()),
        ];
        let (path, query) = match path.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (path, None),
        };
        let request = Incoming {
            method,
            path,
            query,
            headers: &headers,
            body: body.as_bytes(),
        };
        routes.check(&request, &ExpectedAuth::Token("t".to_owned()))
    }

    fn patch(routes: &Routes, path: &str, body: &str) -> (Option<Routed>, Vec<Problem>) {
        request(routes, "PATCH", path, body)
    }

    #[test]
    fn each_path_and_method_is_routed_to_its_operation() {
        let routes = Routes::new(Spec::fragment(), "/client/v4");
        let pack = "/client/v4/zones/z/ssl/certificate_packs/p";
        let mode = "/client/v4/zones/z/settings/ssl_automatic_mode";
        for (method, path, body, expected) in [
            ("PATCH", pack, "{}", OperationId::EditCertificatePack),
            ("GET", pack, "", OperationId::GetCertificatePack),
            (
                "GET",
                "/client/v4/zones/z/ssl/certificate_packs?per_page=5",
                "",
                OperationId::ListCertificatePacks,
            ),
            (
                "PATCH",
                mode,
                r#"{"value":"auto"}"#,
                OperationId::EditSslAutomaticMode,
            ),
            ("GET", mode, "", OperationId::GetSslAutomaticMode),
        ] {
            let (routed, problems) = request(&routes, method, path, body);
            assert!(problems.is_empty(), "{method} {path}: {problems:?}");
            assert_eq!(
                routed.map(|r| r.operation),
                Some(expected),
                "{method} {path}"
            );
        }
    }

    #[test]
    fn query_parameters_are_the_operation_own_and_a_get_takes_no_body() {
        let routes = Routes::new(Spec::fragment(), "/client/v4");
        let (routed, problems) = request(
            &routes,
            "GET",
            "/client/v4/zones/z/ssl/certificate_packs?page=2",
            "",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let query = routed.expect("routed").query;
        assert_eq!(query["page"], json!(2));
        assert_eq!(query["per_page"], json!(20), "the fragment's default");
        let (_, problems) = request(
            &routes,
            "GET",
            "/client/v4/zones/z/ssl/certificate_packs/p?page=2",
            "",
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0]
                .message
                .contains("query parameter(s) page are not documented")
        );
        let (_, problems) = request(
            &routes,
            "GET",
            "/client/v4/zones/z/settings/ssl_automatic_mode",
            "{}",
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("the fragment documents none"));
    }

    #[test]
    fn an_operation_the_mock_does_not_model_is_refused_not_mapped() {
        // The fragment's shape, with operationIds the mock does not know.
        let spec = Spec::from_value(json!({ "paths": {
            "/zones/{zone_id}": { "patch": { "operationId": "edit_zone" } },
            "/zones/{zone_id}/anonymous": { "patch": {} },
        }}));
        let routes = Routes::new(spec, "/client/v4");
        for (path, named) in [
            ("/client/v4/zones/z", "\"edit_zone\""),
            ("/client/v4/zones/z/anonymous", "\"\""),
        ] {
            let (routed, problems) = patch(&routes, path, "{}");
            assert!(routed.is_none(), "{path}");
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(problems[0].status, 501);
            assert!(
                problems[0].message.contains(&format!(
                    "(operationId {named}), but cloudflare-ssl-mock does not model it"
                )),
                "{}",
                problems[0].message
            );
        }
    }
}
