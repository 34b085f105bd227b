//! Routing: the model's paths and methods as a table, built once when a
//! mock starts, and matching a request's path, method, path parameters and
//! query (checked in `query`) against it. Everything the other checks need
//! to know about an operation is compiled here from its model, so they
//! never look at the document themselves.

use std::collections::BTreeMap;

use serde_json::Value;

use super::body::BodyCheck;
use super::query::{self, QueryParam};
use super::request::{Incoming, Problem, check_schema};
use crate::codes;
use crate::model::Operation;
use crate::spec::Spec;

#[derive(Debug)]
enum Segment {
    Literal(String),
    Param(String),
}

/// One method of a route: the operation it reaches, and its checks
/// compiled from the operation's model.
#[derive(Debug)]
pub(super) struct Endpoint {
    /// The operation's place in [`Spec::operations`].
    operation: usize,
    /// Upper case.
    method: String,
    /// Path parameter name and its schema (as JSON Schema).
    path_params: Vec<(String, Value)>,
    query_params: Vec<QueryParam>,
    pub(super) body: Option<BodyCheck>,
}

/// One path of the fragment and the methods it documents.
#[derive(Debug)]
struct Route {
    template: String,
    segments: Vec<Segment>,
    endpoints: Vec<Endpoint>,
}

/// Every path and operation of the fragment, ready to match requests.
#[derive(Debug)]
pub(crate) struct Routes {
    spec: Spec,
    base_path: String,
    routes: Vec<Route>,
}

/// What [`Routes::route`] found: the operation and its checks, and the
/// request's path and query parameters as read.
pub(super) struct RouteMatch<'r> {
    pub operation: &'r Operation,
    pub endpoint: &'r Endpoint,
    pub params: BTreeMap<String, String>,
    pub query: BTreeMap<String, Value>,
}

impl Routes {
    /// The routes of `spec`, served under `base_path` (e.g. `/client/v4`).
    pub fn new(spec: Spec, base_path: &str) -> Self {
        let mut routes: Vec<Route> = Vec::new();
        for (index, operation) in spec.operations().iter().enumerate() {
            let endpoint = endpoint(&spec, index, operation);
            match routes.iter_mut().find(|r| r.template == operation.path) {
                Some(route) => route.endpoints.push(endpoint),
                None => routes.push(Route {
                    template: operation.path.clone(),
                    segments: segments(&operation.path),
                    endpoints: vec![endpoint],
                }),
            }
        }
        Self {
            spec,
            base_path: base_path.trim_end_matches('/').to_owned(),
            routes,
        }
    }

    /// The model the routes were built from.
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    fn documented(&self) -> String {
        let operations: Vec<String> = self
            .spec
            .operations()
            .iter()
            .map(|op| format!("{} {}{}", op.method, self.base_path, op.path))
            .collect();
        operations.join(", ")
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
        // The most literal route wins: `…/certificate_packs/quota` before
        // `…/certificate_packs/{certificate_pack_id}`.
        let Some((route, raw_params)) = self
            .routes
            .iter()
            .filter_map(|route| Some((route, match_route(route, &segments)?)))
            .min_by_key(|(_, params)| params.len())
        else {
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
        let method = request.method.to_ascii_uppercase();
        let Some(endpoint) = route.endpoints.iter().find(|e| e.method == method) else {
            let allowed: Vec<&str> = route.endpoints.iter().map(|e| e.method.as_str()).collect();
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
        let params = self.path_params(endpoint, raw_params, problems);
        let query = query::check(
            &self.spec,
            &endpoint.query_params,
            request.query,
            &format!("{} {}", request.method, route.template),
            problems,
        );
        Some(RouteMatch {
            operation: &self.spec.operations()[endpoint.operation],
            endpoint,
            params,
            query,
        })
    }

    /// The path parameters as read, each checked against its schema.
    fn path_params(
        &self,
        endpoint: &Endpoint,
        raw_params: Vec<(String, &str)>,
        problems: &mut Vec<Problem>,
    ) -> BTreeMap<String, String> {
        let mut params = BTreeMap::new();
        for (name, raw) in raw_params {
            let Some(value) = crate::path::decode_segment(raw) else {
                problems.push(Problem::new(
                    400,
                    codes::INVALID_IDENTIFIER,
                    format!("path parameter `{name}` ({raw:?}) is not valid percent-encoded UTF-8"),
                ));
                continue;
            };
            if value.is_empty() {
                problems.push(Problem::new(
                    400,
                    codes::INVALID_IDENTIFIER,
                    format!("path parameter `{name}` is empty; it is required"),
                ));
            } else if let Some((_, schema)) = endpoint.path_params.iter().find(|(n, _)| *n == name)
            {
                check_schema(
                    &self.spec,
                    &format!("path parameter `{name}` ({value:?})"),
                    schema,
                    &Value::String(value.clone()),
                    codes::INVALID_IDENTIFIER,
                    problems,
                );
            }
            params.insert(name, value);
        }
        params
    }
}

fn segments(template: &str) -> Vec<Segment> {
    template
        .split('/')
        .filter(|s| !s.is_empty())
        .map(
            |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => Segment::Param(name.to_owned()),
                None => Segment::Literal(s.to_owned()),
            },
        )
        .collect()
}

/// The checks of `operation`, the `index`th of `spec`.
fn endpoint(spec: &Spec, index: usize, operation: &Operation) -> Endpoint {
    let path_params = operation
        .path_parameters
        .iter()
        .map(|param| {
            // Cloudflare hands out 36-character certificate pack ids
            // (UUIDs) while documenting `maxLength: 32`; an id the API
            // hands out must be accepted (openapi/README.md, "Identifiers
            // longer than `maxLength`").
            let mut schema = param.schema.clone();
            if let Some(schema) = schema.as_object_mut() {
                schema.remove("maxLength");
            }
            (param.name.clone(), spec.schema(&schema))
        })
        .collect();
    let failure_code = operation
        .failure_example()
        .and_then(|(_, example)| example.value.pointer("/errors/0/code")?.as_i64());
    Endpoint {
        operation: index,
        method: operation.method.clone(),
        path_params,
        query_params: operation
            .query_parameters
            .iter()
            .map(|param| QueryParam::new(spec, param))
            .collect(),
        body: operation.request_body.as_ref().map(|body| BodyCheck {
            required: body.required,
            schema: spec.schema(&body.schema),
            code: failure_code.unwrap_or(codes::INVALID_BODY),
        }),
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

    use super::super::auth::ExpectedAuth;
    use super::super::request::{Incoming, Problem, Routed};
    use super::Routes;
    use crate::spec::Spec;

    /// `method path` with the mock's token and, when there is one, a JSON
    /// body, checked by `routes`.
    fn request<'r>(
        routes: &'r Routes,
        method: &str,
        path: &str,
        body: &str,
    ) -> (Option<Routed<'r>>, Vec<Problem>) {
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

    #[test]
    fn each_path_and_method_is_routed_to_its_operation() {
        let routes = Routes::new(Spec::new(), "/client/v4");
        let pack = "/client/v4/zones/z/ssl/certificate_packs/p";
        let mode = "/client/v4/zones/z/settings/ssl_automatic_mode";
        for (method, path, body, expected) in [
            ("PATCH", pack, "{}", "edit_certificate_pack"),
            ("GET", pack, "", "get_certificate_pack"),
            (
                "GET",
                "/client/v4/zones/z/ssl/certificate_packs?per_page=5",
                "",
                "list_certificate_packs",
            ),
            (
                "PATCH",
                mode,
                r#"{"value":"auto"}"#,
                "edit_ssl_automatic_mode",
            ),
            ("GET", mode, "", "get_ssl_automatic_mode"),
        ] {
            let (routed, problems) = request(&routes, method, path, body);
            assert!(problems.is_empty(), "{method} {path}: {problems:?}");
            assert_eq!(
                routed.map(|r| r.operation.operation_id.as_str()),
                Some(expected),
                "{method} {path}"
            );
        }
    }

    #[test]
    fn query_parameters_are_the_operation_own_and_a_get_takes_no_body() {
        let routes = Routes::new(Spec::new(), "/client/v4");
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
    fn a_literal_segment_wins_over_a_parameter_whatever_the_order() {
        let operation = |id: &str, path: &str| {
            json!({ "operation_id": id, "method": "GET", "path": path,
                    "path_parameters": [{ "name": "zone_id", "schema": { "type": "string" } },
                                        { "name": "certificate_pack_id", "schema": { "type": "string" } }] })
        };
        let spec = Spec::from_value(json!({ "operations": [
            operation("get_certificate_pack", "/zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}"),
            operation("get_quota", "/zones/{zone_id}/ssl/certificate_packs/quota"),
        ]}));
        let routes = Routes::new(spec, "/client/v4");
        for (path, expected) in [
            (
                "/client/v4/zones/z/ssl/certificate_packs/quota",
                "get_quota",
            ),
            (
                "/client/v4/zones/z/ssl/certificate_packs/p",
                "get_certificate_pack",
            ),
        ] {
            let (routed, problems) = request(&routes, "GET", path, "");
            assert!(problems.is_empty(), "{path}: {problems:?}");
            assert_eq!(
                routed.map(|r| r.operation.operation_id.as_str()),
                Some(expected)
            );
        }
    }

    #[test]
    fn a_bad_body_gets_the_code_of_the_operation_documented_failure() {
        let routes = Routes::new(Spec::new(), "/client/v4");
        for (path, body, code) in [
            (
                "/client/v4/zones/z/settings/ssl_automatic_mode",
                r#"{"value":"on"}"#,
                crate::codes::INVALID_SSL_AUTOMATIC_MODE_VALUE,
            ),
            (
                "/client/v4/zones/z/ssl/certificate_packs/p",
                r#"{"cloudflare_branding":"yes"}"#,
                crate::codes::INVALID_BODY,
            ),
        ] {
            let (_, problems) = request(&routes, "PATCH", path, body);
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(problems[0].code, code, "{path}");
        }
    }
}
