//! One operation of the fragment: its method and path template, path and
//! query parameters, request body, and the responses of each outcome with
//! the examples attached to them.

use serde_json::Value;

use super::content::{follow, json_schema_name};
use super::query::{self, QueryParameter};
use super::response::{self, Outcome, Response};
use crate::openapi::fragment::{Fragment, FragmentError, pointer_segment, required_properties};
use crate::openapi::resolve;

/// The HTTP methods a path item may hold, in OpenAPI's order.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// What one operation says.
#[derive(Debug)]
pub struct Operation {
    pub id: String,
    /// Lower case, as the fragment writes it.
    pub method: String,
    pub path: String,
    /// Whether sending it twice does no more than sending it once: by the
    /// method (RFC 9110: GET, HEAD, OPTIONS, TRACE, PUT, DELETE), unless
    /// the fragment says otherwise with `x-idempotent` where the method
    /// misleads (a POST that only reads, a PATCH that sets a value).
    pub idempotent: bool,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// In the order they appear in the path template.
    pub path_parameters: Vec<PathParameter>,
    /// In the fragment's order.
    pub query_parameters: Vec<QueryParameter>,
    pub body: Option<Body>,
    /// The 1XX–3XX statuses and the schema they share.
    pub success: Statuses,
    /// The 4XX–5XX statuses and the schema they share.
    pub failure: Statuses,
    /// Every response, in the fragment's order.
    pub responses: Vec<Response>,
}

#[derive(Debug)]
pub struct PathParameter {
    pub name: String,
    pub description: Option<String>,
    pub max_length: Option<u64>,
    /// The parameter's schema as the fragment writes it.
    pub schema: Value,
}

#[derive(Debug)]
pub struct Body {
    /// The component schema of the JSON body.
    pub schema: String,
    pub required: bool,
    /// Top-level properties that hold an open enum, and whether each is
    /// required.
    pub enums: Vec<(String, bool)>,
    /// The schema of the body's one required property, when it has exactly
    /// one and it is a named schema: the body converts from its value
    /// (`Body::new(value)`), whatever optional properties it has.
    pub only_required: Option<String>,
}

/// The statuses (inclusive ranges) of one outcome and the schema they
/// share: the runtime decodes one schema per outcome.
#[derive(Debug)]
pub struct Statuses {
    pub ranges: Vec<(u16, u16)>,
    pub schema: String,
}

impl Operation {
    /// `METHOD /path` (`id`): summary.
    pub fn headline(&self) -> String {
        let mut doc = format!(
            "`{} {}` (`{}`)",
            self.method.to_uppercase(),
            self.path,
            self.id
        );
        if let Some(summary) = &self.summary {
            doc.push_str(": ");
            doc.push_str(summary);
        }
        doc
    }
}

/// Every operation of `fragment`.
pub(super) fn collect(fragment: &Fragment) -> Result<Vec<Operation>, FragmentError> {
    let mut operations = Vec::new();
    let paths = fragment
        .json
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten();
    for (path, item) in paths {
        let pointer = format!("/paths/{}", pointer_segment(path));
        if item.get("$ref").is_some() {
            return Err(fragment.error_at(&pointer, "a `$ref` path item is not supported"));
        }
        if item.get("parameters").is_some() {
            return Err(fragment.error_at(
                &format!("{pointer}/parameters"),
                "path-level parameters are not supported: declare them on each operation",
            ));
        }
        for method in METHODS {
            if let Some(json) = item.get(method) {
                operations.push(read(
                    fragment,
                    path,
                    method,
                    &format!("{pointer}/{method}"),
                    json,
                )?);
            }
        }
    }
    let ids = operations.iter().map(|o| o.id.as_str());
    if let Some(twice) = repeated(ids) {
        return Err(fragment.error_at(
            "/paths",
            &format!("two operations have the operationId `{twice}`"),
        ));
    }
    let examples = operations
        .iter()
        .flat_map(|o| &o.responses)
        .flat_map(|r| &r.examples)
        .map(|e| e.name.as_str());
    if let Some(twice) = repeated(examples) {
        return Err(fragment.error_at(
            "/paths",
            &format!("two examples are named `{twice}`: an example's name is its name in the generated code"),
        ));
    }
    Ok(operations)
}

/// A name that `names` holds twice, if any.
fn repeated<'n>(names: impl Iterator<Item = &'n str>) -> Option<&'n str> {
    let mut sorted: Vec<&str> = names.collect();
    sorted.sort_unstable();
    sorted
        .windows(2)
        .find(|pair| pair[0] == pair[1])
        .map(|pair| pair[0])
}

fn read(
    fragment: &Fragment,
    path: &str,
    method: &str,
    pointer: &str,
    json: &Value,
) -> Result<Operation, FragmentError> {
    let id = json
        .get("operationId")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .ok_or_else(|| fragment.error_at(pointer, "every operation needs an `operationId`"))?
        .to_owned();
    let text = |key: &str| json.get(key).and_then(Value::as_str).map(str::to_owned);
    let idempotent = match json.get("x-idempotent") {
        None => matches!(
            method,
            "get" | "head" | "options" | "trace" | "put" | "delete"
        ),
        Some(Value::Bool(idempotent)) => *idempotent,
        Some(_) => {
            return Err(fragment.error_at(
                &format!("{pointer}/x-idempotent"),
                "`x-idempotent` must be `true` or `false`",
            ));
        }
    };
    let (path_parameters, query_parameters) = parameters(fragment, path, pointer, json)?;
    let body = request_body(fragment, pointer, json)?;
    let responses = response::read_all(fragment, pointer, json)?;
    let group = |outcome: Outcome| -> Result<Statuses, FragmentError> {
        let mut members = responses.iter().filter(|r| r.outcome == outcome);
        let Some(first) = members.next() else {
            // Cloudflare documents its failure envelope on every
            // operation; the runtime reads failures through it.
            let class = match outcome {
                Outcome::Success => "success (2XX)",
                Outcome::Failure => "failure (4XX)",
            };
            return Err(fragment.error_at(
                &format!("{pointer}/responses"),
                &format!("an operation needs a {class} response"),
            ));
        };
        let mut statuses = Statuses {
            ranges: vec![first.range],
            schema: first.schema.clone(),
        };
        for other in members {
            if other.schema != statuses.schema {
                return Err(fragment.error_at(
                    &format!("{pointer}/responses/{}", pointer_segment(&other.status)),
                    &format!(
                        "its schema `{}` differs from `{}` of another status of the same \
                         outcome; the runtime decodes one schema per outcome",
                        other.schema, statuses.schema
                    ),
                ));
            }
            statuses.ranges.push(other.range);
        }
        Ok(statuses)
    };
    let success = group(Outcome::Success)?;
    let failure = group(Outcome::Failure)?;
    Ok(Operation {
        id,
        method: method.to_owned(),
        path: path.to_owned(),
        idempotent,
        summary: text("summary"),
        description: text("description"),
        path_parameters,
        query_parameters,
        body,
        success,
        failure,
        responses,
    })
}

/// The operation's path parameters, each one named in the template exactly
/// once, and its query parameters; header and cookie parameters are refused.
fn parameters(
    fragment: &Fragment,
    path: &str,
    pointer: &str,
    operation: &Value,
) -> Result<(Vec<PathParameter>, Vec<QueryParameter>), FragmentError> {
    let in_template = template_names(path);
    let mut out = Vec::new();
    let mut query_parameters = Vec::new();
    let parameters = operation
        .get("parameters")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for (index, parameter) in parameters.iter().enumerate() {
        let here = format!("{pointer}/parameters/{index}");
        let parameter = follow(fragment, &here, parameter)?;
        let location = parameter.get("in").and_then(Value::as_str).unwrap_or("");
        if location == "query" {
            query_parameters.push(query::read(fragment, &here, &parameter)?);
            continue;
        }
        if location != "path" {
            return Err(fragment.error_at(
                &here,
                &format!("`in: {location}` parameters are not supported by the runtime yet"),
            ));
        }
        let name = parameter
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if !in_template.contains(&name) {
            return Err(fragment.error_at(
                &here,
                &format!("path parameter `{name}` does not appear in the path `{path}`"),
            ));
        }
        let schema = parameter
            .get("schema")
            .ok_or_else(|| fragment.error_at(&here, "a path parameter needs a `schema`"))?;
        let resolved = follow(fragment, &format!("{here}/schema"), schema)?;
        if resolved.get("type").and_then(Value::as_str) != Some("string") {
            return Err(fragment.error_at(
                &format!("{here}/schema"),
                "only string path parameters are supported",
            ));
        }
        out.push(PathParameter {
            name,
            description: parameter
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            max_length: resolved.get("maxLength").and_then(Value::as_u64),
            schema: schema.clone(),
        });
    }
    for name in &in_template {
        if !out.iter().any(|p| &p.name == name) {
            return Err(fragment.error_at(
                pointer,
                &format!("`{{{name}}}` in the path has no parameter"),
            ));
        }
    }
    out.sort_by_key(|p| in_template.iter().position(|n| *n == p.name));
    Ok((out, query_parameters))
}

fn template_names(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|piece| piece.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

fn request_body(
    fragment: &Fragment,
    pointer: &str,
    operation: &Value,
) -> Result<Option<Body>, FragmentError> {
    let Some(body) = operation.get("requestBody") else {
        return Ok(None);
    };
    let here = format!("{pointer}/requestBody");
    let body = follow(fragment, &here, body)?;
    let schema = json_schema_name(fragment, &here, &body)?;
    let properties = fragment.component_schema(&schema)?;
    let required = required_properties(properties);
    let members = properties.get("properties").and_then(Value::as_object);
    let only_required = match required.as_slice() {
        [only] => members
            .and_then(|members| members.get(*only))
            .and_then(resolve::component_name)
            .map(str::to_owned),
        _ => None,
    };
    let mut enums = Vec::new();
    for (property, value) in members.into_iter().flatten() {
        let Some(target) = resolve::component_name(value) else {
            continue;
        };
        if fragment.component_schema(target)?.get("enum").is_some() {
            enums.push((property.clone(), required.contains(&property.as_str())));
        }
    }
    Ok(Some(Body {
        schema,
        // OpenAPI's default is `false`; the runtime always sends the body it
        // is given, so this only tells the fake whether an empty one passes.
        required: body.get("required").and_then(Value::as_bool) == Some(true),
        enums,
        only_required,
    }))
}
