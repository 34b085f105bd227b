//! One operation of a spec, with every `$ref` resolved, as the comparison
//! sees it: what changes the generated client or its checks (types, enums,
//! properties, `required`, `nullable`, constraints, statuses, content types,
//! parameters, security), kept apart from what only informs (descriptions,
//! vendor `x-` keys, annotations, keywords that have no effect where they
//! stand). Names of referenced schemas are gone: two specs that say the same
//! thing under different names build the same model.
//!
//! Examples are followed (a broken `$ref` in one is an error) but not
//! compared: the fragment's examples are the documentation's, and neither
//! the client nor its checks read upstream's.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::load::{Spec, Unusable};
use crate::openapi::fragment::pointer_segment;
use crate::openapi::resolve::{Followed, follow};

/// The HTTP methods an OpenAPI 3.0 path item may hold.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The media type whose schema the client decodes; others are named in
/// locations.
pub const JSON: &str = "application/json";

/// What only informs: compared, reported, never failing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Notes {
    pub description: Option<String>,
    /// `x-` keys.
    pub vendor: BTreeMap<String, Value>,
}

#[derive(Clone, Debug, Default)]
pub struct Operation {
    pub method: String,
    pub path: String,
    pub operation_id: Option<String>,
    pub summary: Option<String>,
    pub notes: Notes,
    /// Keyed `"<in> <name>"`, path-level parameters included.
    pub parameters: BTreeMap<String, Parameter>,
    pub request_body: Option<Body>,
    /// Keyed by status (`200`, `4XX`, `default`).
    pub responses: BTreeMap<String, Body>,
    /// The alternatives of the effective `security` (the operation's, else
    /// the document's), each the set of schemes it needs together.
    pub security: BTreeSet<BTreeSet<String>>,
    /// The definitions of the schemes `security` names.
    pub schemes: BTreeMap<String, Scheme>,
}

#[derive(Clone, Debug, Default)]
pub struct Parameter {
    pub required: bool,
    pub schema: Option<Schema>,
    /// `style`, `explode`, `allowEmptyValue`, … compared by value.
    pub other: BTreeMap<String, Value>,
    pub notes: Notes,
}

/// A request body or a response.
#[derive(Clone, Debug, Default)]
pub struct Body {
    /// Meaningful for request bodies only.
    pub required: bool,
    /// Media type → its schema (`None`: the media type has none).
    pub content: BTreeMap<String, Option<Schema>>,
    pub notes: Notes,
}

#[derive(Clone, Debug, Default)]
pub struct Scheme {
    /// `type`, `scheme`, `in`, `name`, `bearerFormat`, `flows`, … by value.
    pub fields: BTreeMap<String, Value>,
    pub notes: Notes,
}

/// A schema's meaning. `Default` is the schema that accepts anything.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    pub kind: Option<String>,
    pub format: Option<String>,
    pub nullable: bool,
    pub enum_values: Option<Vec<Value>>,
    /// Validation keywords that apply to the schema's type, and `default`.
    pub constraints: BTreeMap<String, Value>,
    pub properties: BTreeMap<String, Schema>,
    pub required: BTreeSet<String>,
    pub items: Option<Box<Schema>>,
    /// `additionalProperties` as a schema; `false` is a constraint, and
    /// `true` or `{}` is what absence means.
    pub additional: Option<Box<Schema>>,
    /// `allOf`, `oneOf`, `anyOf`, `not` (one entry).
    pub combinators: BTreeMap<String, Vec<Schema>>,
    /// Keywords this model does not know, compared by value.
    pub other: BTreeMap<String, Value>,
    /// `readOnly`, `writeOnly`, `deprecated`: they change no type or check.
    pub annotations: BTreeMap<String, Value>,
    /// Validation keywords that do not apply to the schema's type (such as
    /// `minLength` on an array) and so mean nothing there.
    pub no_effect: BTreeMap<String, Value>,
    pub notes: Notes,
    /// Set where the schema re-enters a `$ref` it is already inside.
    pub recursion: Option<String>,
}

/// Validation keywords and the type each applies to.
const CONSTRAINTS: [(&str, &[&str]); 14] = [
    ("maxLength", &["string"]),
    ("minLength", &["string"]),
    ("pattern", &["string"]),
    ("minimum", &["number", "integer"]),
    ("maximum", &["number", "integer"]),
    ("exclusiveMinimum", &["number", "integer"]),
    ("exclusiveMaximum", &["number", "integer"]),
    ("multipleOf", &["number", "integer"]),
    ("minItems", &["array"]),
    ("maxItems", &["array"]),
    ("uniqueItems", &["array"]),
    ("minProperties", &["object"]),
    ("maxProperties", &["object"]),
    ("default", &[]),
];

/// Keys that neither change the client nor inform about it: examples, and
/// names (`title` only names a generated type).
const IGNORED: [&str; 5] = ["example", "examples", "title", "externalDocs", "xml"];

const ANNOTATIONS: [&str; 3] = ["readOnly", "writeOnly", "deprecated"];

impl Schema {
    pub fn property_mut(&mut self, name: &str) -> Option<&mut Schema> {
        self.properties.get_mut(name)
    }
}

impl Operation {
    /// The `application/json` schema of the response with `status`.
    pub fn json_response_mut(&mut self, status: &str) -> Option<&mut Schema> {
        self.responses
            .get_mut(status)?
            .content
            .get_mut(JSON)?
            .as_mut()
    }
}

/// Where an operation was found in a spec, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub path: String,
    /// Lower case, as in the document.
    pub method: String,
    pub by: MatchedBy,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchedBy {
    OperationId,
    MethodAndPath,
}

/// Finds the operation whose `operationId` is `id`, else the one at
/// `method` and `path` (path parameters may be renamed).
pub fn locate(spec: &Spec, id: Option<&str>, method: &str, path: &str) -> Option<Found> {
    let paths = spec.json.get("paths")?.as_object()?;
    let by_id = id.and_then(|id| {
        paths.iter().find_map(|(path, item)| {
            METHODS.iter().find_map(|method| {
                let operation_id = item.get(*method)?.get("operationId")?.as_str()?;
                (operation_id == id).then(|| Found {
                    path: path.clone(),
                    method: (*method).to_owned(),
                    by: MatchedBy::OperationId,
                })
            })
        })
    });
    by_id.or_else(|| {
        let wanted = template(path);
        paths
            .iter()
            .find(|(candidate, item)| template(candidate) == wanted && item.get(method).is_some())
            .map(|(path, _)| Found {
                path: path.clone(),
                method: method.to_owned(),
                by: MatchedBy::MethodAndPath,
            })
    })
}

/// A path with its parameter names blanked: `/zones/{}/settings`.
fn template(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push('{');
            }
            '}' => {
                inside = false;
                out.push('}');
            }
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}

/// Builds the model of the operation at `path` and `method` of `spec`.
pub fn operation(spec: &Spec, path: &str, method: &str) -> Result<Operation, Unusable> {
    let unusable = |what: String| Unusable::new(&spec.label, what);
    let item = spec
        .json
        .get("paths")
        .and_then(|paths| paths.get(path))
        .ok_or_else(|| unusable(format!("no path {path}")))?;
    let item = follow(spec.document(), item)?;
    let node = item
        .get(method)
        .ok_or_else(|| unusable(format!("no {} at {path}", method.to_uppercase())))?;
    let op = follow(spec.document(), node)?;
    let mut builder = Builder {
        spec,
        stack: Vec::new(),
    };

    let mut parameters = BTreeMap::new();
    // Path-level parameters first; the operation's own override them.
    for list in [item.get("parameters"), op.get("parameters")]
        .into_iter()
        .flatten()
    {
        let list = list
            .as_array()
            .ok_or_else(|| unusable(format!("{path}: `parameters` is not an array")))?;
        for parameter in list {
            let (key, parameter) = builder.parameter(parameter)?;
            parameters.insert(key, parameter);
        }
    }

    let request_body = op
        .get("requestBody")
        .map(|body| builder.body(body))
        .transpose()?;
    let mut responses = BTreeMap::new();
    if let Some(map) = op.get("responses").and_then(Value::as_object) {
        for (status, response) in map {
            responses.insert(status.clone(), builder.body(response)?);
        }
    }

    let security_list = op.get("security").or_else(|| spec.json.get("security"));
    let mut security = BTreeSet::new();
    for alternative in security_list
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let names: BTreeSet<String> = alternative
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, _)| name.clone())
            .collect();
        security.insert(names);
    }
    let mut schemes = BTreeMap::new();
    for name in security.iter().flatten() {
        let definition = spec
            .json
            .pointer(&format!(
                "/components/securitySchemes/{}",
                pointer_segment(name)
            ))
            .ok_or_else(|| {
                unusable(format!(
                    "security scheme `{name}` is used but not defined in components/securitySchemes"
                ))
            })?;
        let definition = follow(spec.document(), definition)?;
        let mut scheme = Scheme::default();
        for (key, value) in definition.entries() {
            if !notes(&mut scheme.notes, key, value) {
                scheme.fields.insert(key.to_owned(), value.clone());
            }
        }
        schemes.insert(name.clone(), scheme);
    }

    let mut notes_of_op = Notes::default();
    for (key, value) in op.entries() {
        notes(&mut notes_of_op, key, value);
    }
    Ok(Operation {
        method: method.to_uppercase(),
        path: path.to_owned(),
        operation_id: op
            .get("operationId")
            .and_then(Value::as_str)
            .map(str::to_owned),
        summary: op.get("summary").and_then(Value::as_str).map(str::to_owned),
        notes: notes_of_op,
        parameters,
        request_body,
        responses,
        security,
        schemes,
    })
}

/// Files `key` under `notes` when it is a description or an `x-` key;
/// returns whether it did.
fn notes(notes: &mut Notes, key: &str, value: &Value) -> bool {
    if key == "description" {
        notes.description = value.as_str().map(str::to_owned);
        true
    } else if key.starts_with("x-") {
        notes.vendor.insert(key.to_owned(), value.clone());
        true
    } else {
        false
    }
}

struct Builder<'a> {
    spec: &'a Spec,
    /// The `$ref`s of the schemas being built, outermost first.
    stack: Vec<&'a str>,
}

impl<'a> Builder<'a> {
    fn unusable(&self, what: String) -> Unusable {
        Unusable::new(&self.spec.label, what)
    }

    fn parameter(&mut self, node: &'a Value) -> Result<(String, Parameter), Unusable> {
        let followed = follow(self.spec.document(), node)?;
        let (Some(name), Some(location)) = (
            followed.get("name").and_then(Value::as_str),
            followed.get("in").and_then(Value::as_str),
        ) else {
            return Err(self.unusable("a parameter without `name` or `in`".into()));
        };
        let mut parameter = Parameter::default();
        for (key, value) in followed.entries() {
            match key {
                "name" | "in" => {}
                "required" => parameter.required = value.as_bool().unwrap_or(false),
                "schema" => parameter.schema = Some(self.schema(value)?),
                "content" => {
                    // A parameter's schema may stand in `content` instead.
                    for media in value.as_object().into_iter().flat_map(|m| m.values()) {
                        if let Some(schema) = media.get("schema") {
                            parameter.schema = Some(self.schema(schema)?);
                        }
                    }
                }
                "example" => {}
                "examples" => self.check_examples(value)?,
                _ if notes(&mut parameter.notes, key, value) => {}
                _ => {
                    parameter.other.insert(key.to_owned(), value.clone());
                }
            }
        }
        Ok((format!("{location} {name}"), parameter))
    }

    /// A request body or a response.
    fn body(&mut self, node: &'a Value) -> Result<Body, Unusable> {
        let followed = follow(self.spec.document(), node)?;
        let mut body = Body {
            required: followed
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            ..Body::default()
        };
        for (key, value) in followed.entries() {
            notes(&mut body.notes, key, value);
        }
        for (media_type, media) in followed
            .get("content")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if let Some(examples) = media.get("examples") {
                self.check_examples(examples)?;
            }
            let schema = media
                .get("schema")
                .map(|schema| self.schema(schema))
                .transpose()?;
            body.content.insert(media_type.clone(), schema);
        }
        Ok(body)
    }

    /// Follows each example's `$ref`, so a broken one is reported.
    fn check_examples(&self, examples: &'a Value) -> Result<(), Unusable> {
        for example in examples.as_object().into_iter().flat_map(|m| m.values()) {
            follow(self.spec.document(), example)?;
        }
        Ok(())
    }

    fn schema(&mut self, node: &'a Value) -> Result<Schema, Unusable> {
        let followed = follow(self.spec.document(), node)?;
        if let Some(again) = followed.refs.iter().find(|r| self.stack.contains(r)) {
            return Ok(Schema {
                recursion: Some((*again).to_owned()),
                ..Schema::default()
            });
        }
        let depth = self.stack.len();
        self.stack.extend(followed.refs.iter().copied());
        let schema = self.schema_keys(&followed);
        self.stack.truncate(depth);
        schema
    }

    fn schema_keys(&mut self, followed: &Followed<'a>) -> Result<Schema, Unusable> {
        let mut schema = Schema::default();
        let kind = followed.get("type").and_then(Value::as_str);
        schema.kind = kind.map(str::to_owned);
        for (key, value) in followed.entries() {
            if let Some((_, applies_to)) = CONSTRAINTS.iter().find(|(name, _)| *name == key) {
                let applies = applies_to.is_empty() || kind.is_none_or(|k| applies_to.contains(&k));
                let into = if applies {
                    &mut schema.constraints
                } else {
                    &mut schema.no_effect
                };
                into.insert(key.to_owned(), value.clone());
                continue;
            }
            match key {
                "type" if kind.is_some() => {}
                "format" => schema.format = value.as_str().map(str::to_owned),
                "nullable" => schema.nullable = value.as_bool().unwrap_or(false),
                "enum" => schema.enum_values = value.as_array().cloned(),
                "required" => {
                    schema.required = value
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect();
                }
                "properties" => {
                    for (name, property) in value.as_object().into_iter().flatten() {
                        let property = self.schema(property)?;
                        schema.properties.insert(name.clone(), property);
                    }
                }
                "items" => schema.items = Some(Box::new(self.schema(value)?)),
                "additionalProperties" => match value {
                    Value::Bool(true) => {}
                    Value::Object(map) if map.is_empty() => {}
                    Value::Object(_) => schema.additional = Some(Box::new(self.schema(value)?)),
                    _ => {
                        schema.constraints.insert(key.to_owned(), value.clone());
                    }
                },
                "allOf" | "oneOf" | "anyOf" | "not" => {
                    let members: Vec<&'a Value> = match value {
                        Value::Array(list) => list.iter().collect(),
                        other => vec![other],
                    };
                    let mut built = Vec::with_capacity(members.len());
                    for member in members {
                        built.push(self.schema(member)?);
                    }
                    schema.combinators.insert(key.to_owned(), built);
                }
                _ if ANNOTATIONS.contains(&key) => {
                    schema.annotations.insert(key.to_owned(), value.clone());
                }
                _ if IGNORED.contains(&key) => {}
                _ if notes(&mut schema.notes, key, value) => {}
                _ => {
                    schema.other.insert(key.to_owned(), value.clone());
                }
            }
        }
        Ok(schema)
    }
}
