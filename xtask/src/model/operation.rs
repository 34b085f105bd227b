//! One operation of the fragment: its method and path template, path and
//! query parameters, request body, and the responses of each outcome with
//! the examples attached to them.

use serde_json::Value;

use super::query::{self, QueryParameter};
use crate::openapi::fragment::{Fragment, FragmentError, pointer_segment, required_properties};
use crate::openapi::resolve::{self, Followed};

const JSON: &str = "application/json";

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Failure,
}

/// One documented response.
#[derive(Debug)]
pub struct Response {
    /// As the fragment writes it: `200`, `4XX`.
    pub status: String,
    pub range: (u16, u16),
    pub outcome: Outcome,
    /// The component schema of its JSON body.
    pub schema: String,
    pub examples: Vec<Example>,
}

/// An example attached to a response (`examples` or `example` of its JSON
/// content).
#[derive(Debug)]
pub struct Example {
    pub name: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub value: Value,
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
    let mut ids: Vec<&str> = operations.iter().map(|o| o.id.as_str()).collect();
    ids.sort_unstable();
    if let Some(twice) = ids.windows(2).find(|pair| pair[0] == pair[1]) {
        return Err(fragment.error_at(
            "/paths",
            &format!("two operations have the operationId `{}`", twice[0]),
        ));
    }
    Ok(operations)
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
    let (path_parameters, query_parameters) = parameters(fragment, path, pointer, json)?;
    let body = request_body(fragment, pointer, json)?;
    let responses = responses(fragment, pointer, json)?;
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

/// Follows `node`'s references; an error names `pointer`.
pub(super) fn follow<'f>(
    fragment: &'f Fragment,
    pointer: &str,
    node: &'f Value,
) -> Result<Followed<'f>, FragmentError> {
    resolve::follow(fragment.document(), node).map_err(|e| fragment.error_at(pointer, &e.what))
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

/// Every response with its status range, outcome, schema and examples.
fn responses(
    fragment: &Fragment,
    pointer: &str,
    operation: &Value,
) -> Result<Vec<Response>, FragmentError> {
    let here = format!("{pointer}/responses");
    let responses = operation
        .get("responses")
        .and_then(Value::as_object)
        .ok_or_else(|| fragment.error_at(&here, "an operation needs `responses`"))?;
    let mut out = Vec::new();
    for (status, response) in responses {
        let at = format!("{here}/{}", pointer_segment(status));
        let range = status_range(status).ok_or_else(|| {
            fragment.error_at(
                &at,
                "only numeric statuses and `1XX`…`5XX` ranges are supported (no `default`)",
            )
        })?;
        let response = follow(fragment, &at, response)?;
        let schema = json_schema_name(fragment, &at, &response)?;
        let content_pointer = format!("{at}/content/{}", pointer_segment(JSON));
        let media = response
            .get("content")
            .and_then(|content| content.get(JSON))
            .unwrap_or(&Value::Null);
        out.push(Response {
            status: status.clone(),
            range,
            outcome: if range.0 < 400 {
                Outcome::Success
            } else {
                Outcome::Failure
            },
            schema,
            examples: examples(fragment, &content_pointer, media)?,
        });
    }
    Ok(out)
}

/// The examples of one media type: each of `examples` (followed when a
/// `$ref`), or the one `example` under the name `example`.
fn examples(
    fragment: &Fragment,
    pointer: &str,
    media: &Value,
) -> Result<Vec<Example>, FragmentError> {
    if let Some(value) = media.get("example") {
        return Ok(vec![Example {
            name: "example".into(),
            summary: None,
            description: None,
            value: value.clone(),
        }]);
    }
    let mut out = Vec::new();
    for (name, example) in media
        .get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let here = format!("{pointer}/examples/{}", pointer_segment(name));
        let example = follow(fragment, &here, example)?;
        let value = example.get("value").ok_or_else(|| {
            fragment.error_at(
                &here,
                "an example needs a `value` (`externalValue` is not read)",
            )
        })?;
        let text = |key: &str| example.get(key).and_then(Value::as_str).map(str::to_owned);
        out.push(Example {
            name: name.clone(),
            summary: text("summary"),
            description: text("description"),
            value: value.clone(),
        });
    }
    Ok(out)
}

fn status_range(status: &str) -> Option<(u16, u16)> {
    if let Ok(code) = status.parse::<u16>() {
        return (100..=599).contains(&code).then_some((code, code));
    }
    let class = status.strip_suffix("XX")?.parse::<u16>().ok()?;
    (1..=5)
        .contains(&class)
        .then_some((class * 100, class * 100 + 99))
}

/// The component schema named in the `application/json` content of a
/// request body or response.
fn json_schema_name(
    fragment: &Fragment,
    pointer: &str,
    holder: &Followed<'_>,
) -> Result<String, FragmentError> {
    let content = holder
        .get("content")
        .and_then(Value::as_object)
        .ok_or_else(|| fragment.error_at(pointer, "a body without `content` is not supported"))?;
    if let Some(other) = content.keys().find(|media| media.as_str() != JSON) {
        return Err(fragment.error_at(
            &format!("{pointer}/content/{}", pointer_segment(other)),
            "only `application/json` bodies are supported",
        ));
    }
    content
        .get(JSON)
        .and_then(|media| media.get("schema"))
        .and_then(resolve::component_name)
        .map(str::to_owned)
        .ok_or_else(|| {
            fragment.error_at(
                &format!("{pointer}/content/{}/schema", pointer_segment(JSON)),
                "the schema must be a `$ref` to a named component schema, so its Rust type has a stable name",
            )
        })
}
