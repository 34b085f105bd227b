//! The structural diff of two operation models: upstream's (after the
//! fragment's documented normalisations) against the fragment's. Each
//! difference is one [`Finding`] at a location such as
//! `response 200 › result.status`, saying what upstream has and what the
//! fragment has.
//!
//! Directions: *added* means upstream has something the fragment lacks (the
//! fragment would have to add it), *removed* that the fragment has something
//! upstream no longer has.

// tidy: long file: one walk over two operation models (parameters, bodies,
// responses, schemas) that carries one location path down; split, the walk
// would pass that state across files.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use super::model::{Body, JSON, Notes, Operation, Parameter, Schema};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Method, path or upstream operation id.
    Operation,
    ParameterAdded,
    ParameterRemoved,
    RequestBody,
    ResponseAdded,
    ResponseRemoved,
    ContentTypeAdded,
    ContentTypeRemoved,
    SecurityAdded,
    SecurityRemoved,
    SecurityScheme,
    Type,
    Format,
    Nullable,
    /// An enum on one side only.
    Enum,
    EnumValueAdded,
    EnumValueRemoved,
    PropertyAdded,
    PropertyRemoved,
    Required,
    Constraint,
    /// `items`, `additionalProperties`, combinators, recursion, unknown keywords.
    Keyword,
    // Informational from here on.
    Description,
    VendorKey,
    Annotation,
    NoEffect,
}

impl Kind {
    /// Whether a finding of this kind is reported without failing.
    pub fn informational(self) -> bool {
        self >= Kind::Description
    }
}

/// One difference, at one location of one operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The fragment's operation id.
    pub operation: String,
    /// `operation`, `parameter path zone_id`, `request body`,
    /// `response 200 › result.status`, `security`, …
    pub location: String,
    pub kind: Kind,
    /// What differs there: `maxLength`, `enum value "expired"`, `property`.
    pub what: String,
    /// What upstream says, or `missing`.
    pub upstream: String,
    /// What the fragment says, or `missing`.
    pub fragment: String,
}

impl Finding {
    pub fn informational(&self) -> bool {
        self.kind.informational()
    }
}

const MISSING: &str = "missing";

/// Every difference between `upstream` and `fragment`, in a fixed order
/// (operation, parameters, request body, responses, security).
pub fn operations(name: &str, upstream: &Operation, fragment: &Operation) -> Vec<Finding> {
    let mut diff = Diff {
        operation: name,
        findings: Vec::new(),
    };
    diff.operation(upstream, fragment);
    diff.findings
}

/// The differences that matter between two schemas, at the schema's root.
pub fn schemas(upstream: &Schema, fragment: &Schema) -> Vec<Finding> {
    let mut diff = Diff {
        operation: "",
        findings: Vec::new(),
    };
    diff.schema(&Place::new(""), upstream, fragment);
    diff.findings.retain(|finding| !finding.informational());
    diff.findings
}

/// A location being walked: the section (`response 200`) and the path in
/// its schema (`result.certificates[].hosts`).
#[derive(Clone, Debug)]
pub struct Place {
    section: String,
    path: String,
}

impl Place {
    pub fn new(section: &str) -> Self {
        Self {
            section: section.to_owned(),
            path: String::new(),
        }
    }

    /// A property (`name`), the items (`[]`), the additional properties
    /// (`{}`) or a combinator member of the schema here.
    pub fn child(&self, segment: &str) -> Self {
        let path = if self.path.is_empty() {
            segment.to_owned()
        } else if segment.starts_with('[') || segment.starts_with('{') {
            format!("{}{segment}", self.path)
        } else {
            format!("{}.{segment}", self.path)
        };
        Self {
            section: self.section.clone(),
            path,
        }
    }

    pub fn location(&self) -> String {
        match (self.section.is_empty(), self.path.is_empty()) {
            (_, true) => self.section.clone(),
            (true, false) => self.path.clone(),
            (false, false) => format!("{} › {}", self.section, self.path),
        }
    }
}

struct Diff<'n> {
    operation: &'n str,
    findings: Vec<Finding>,
}

/// `value` as compact JSON (strings quoted).
fn json(value: &Value) -> String {
    value.to_string()
}

/// A text as a JSON string, or `missing`.
fn quoted(text: &Option<String>) -> String {
    or_missing(text.clone().map(|text| json(&Value::String(text))))
}

fn or_missing(value: Option<String>) -> String {
    value.unwrap_or_else(|| MISSING.to_owned())
}

/// Whitespace runs as one space: upstream's double spaces after full stops
/// are not a difference in what a description says.
fn collapsed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Diff<'_> {
    fn push(&mut self, place: &Place, kind: Kind, what: &str, upstream: String, fragment: String) {
        self.findings.push(Finding {
            operation: self.operation.to_owned(),
            location: place.location(),
            kind,
            what: what.to_owned(),
            upstream,
            fragment,
        });
    }

    fn differ<T: PartialEq>(
        &mut self,
        place: &Place,
        kind: Kind,
        what: &str,
        upstream: &T,
        fragment: &T,
        show: impl Fn(&T) -> String,
    ) {
        if upstream != fragment {
            self.push(place, kind, what, show(upstream), show(fragment));
        }
    }

    /// Values of keys on either side, by key.
    fn maps(
        &mut self,
        place: &Place,
        kind: Kind,
        upstream: &BTreeMap<String, Value>,
        fragment: &BTreeMap<String, Value>,
    ) {
        let keys: BTreeSet<&String> = upstream.keys().chain(fragment.keys()).collect();
        for key in keys {
            let (u, f) = (upstream.get(key), fragment.get(key));
            self.differ(place, kind, key, &u, &f, |v| or_missing(v.map(json)));
        }
    }

    /// Descriptions and `x-` keys; `of` names what they belong to when it
    /// is not the schema at `place` (`parameter`, `response`).
    fn notes(&mut self, place: &Place, of: &str, upstream: &Notes, fragment: &Notes) {
        let (u, f) = (
            upstream.description.as_deref().map(collapsed),
            fragment.description.as_deref().map(collapsed),
        );
        let what = if of.is_empty() {
            "description".to_owned()
        } else {
            format!("{of} description")
        };
        self.differ(place, Kind::Description, &what, &u, &f, quoted);
        self.maps(place, Kind::VendorKey, &upstream.vendor, &fragment.vendor);
    }

    fn operation(&mut self, upstream: &Operation, fragment: &Operation) {
        let here = Place::new("operation");
        let route = |op: &Operation| format!("{} {}", op.method, op.path);
        self.differ(
            &here,
            Kind::Operation,
            "method and path",
            &route(upstream),
            &route(fragment),
            String::clone,
        );
        self.differ(
            &here,
            Kind::Operation,
            "upstream operation id",
            &upstream.operation_id,
            &fragment.operation_id,
            |v| or_missing(v.clone()),
        );
        let (u, f) = (
            upstream.summary.as_deref().map(collapsed),
            fragment.summary.as_deref().map(collapsed),
        );
        self.differ(&here, Kind::Description, "summary", &u, &f, quoted);
        self.notes(&here, "operation", &upstream.notes, &fragment.notes);

        let parameter =
            |_: &str, p: &Parameter| if p.required { "required" } else { "optional" }.to_owned();
        self.paired(
            (&upstream.parameters, &fragment.parameters),
            (Kind::ParameterAdded, Kind::ParameterRemoved, "parameter"),
            |key| Place::new(&format!("parameter {key}")),
            parameter,
            |diff, place, u, f| {
                diff.differ(
                    place,
                    Kind::Required,
                    "required",
                    &u.required,
                    &f.required,
                    yes_no,
                );
                diff.maps(place, Kind::Keyword, &u.other, &f.other);
                diff.notes(place, "parameter", &u.notes, &f.notes);
                diff.optional_schema(place, "schema", u.schema.as_ref(), f.schema.as_ref());
            },
        );

        let place = Place::new("request body");
        match (&upstream.request_body, &fragment.request_body) {
            (Some(u), Some(f)) => {
                self.differ(
                    &place,
                    Kind::RequestBody,
                    "required",
                    &u.required,
                    &f.required,
                    yes_no,
                );
                self.body(&place, "request body", u, f);
            }
            (None, None) => {}
            (u, f) => {
                let show = |b: &Option<Body>| or_missing(b.as_ref().map(media_types));
                self.push(&place, Kind::RequestBody, "request body", show(u), show(f));
            }
        }

        self.paired(
            (&upstream.responses, &fragment.responses),
            (Kind::ResponseAdded, Kind::ResponseRemoved, "response"),
            |status| Place::new(&format!("response {status}")),
            |_, body| media_types(body),
            |diff, place, u, f| diff.body(place, "response", u, f),
        );

        let place = Place::new("security");
        let show = |alternative: &BTreeSet<String>| {
            alternative
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" + ")
        };
        for alternative in upstream.security.difference(&fragment.security) {
            self.push(
                &place,
                Kind::SecurityAdded,
                "scheme",
                show(alternative),
                MISSING.into(),
            );
        }
        for alternative in fragment.security.difference(&upstream.security) {
            self.push(
                &place,
                Kind::SecurityRemoved,
                "scheme",
                MISSING.into(),
                show(alternative),
            );
        }
        for (name, u) in &upstream.schemes {
            if let Some(f) = fragment.schemes.get(name) {
                let place = Place::new(&format!("security scheme {name}"));
                self.maps(&place, Kind::SecurityScheme, &u.fields, &f.fields);
                self.notes(&place, "scheme", &u.notes, &f.notes);
            }
        }
    }

    /// A request body's or a response's content.
    fn body(&mut self, place: &Place, of: &str, upstream: &Body, fragment: &Body) {
        self.notes(place, of, &upstream.notes, &fragment.notes);
        self.paired(
            (&upstream.content, &fragment.content),
            (
                Kind::ContentTypeAdded,
                Kind::ContentTypeRemoved,
                "content type",
            ),
            |media_type| {
                if media_type == JSON {
                    place.clone()
                } else {
                    Place::new(&format!("{} ({media_type})", place.section))
                }
            },
            |media_type, _| media_type.to_owned(),
            |diff, section, u, f| diff.optional_schema(section, "schema", u.as_ref(), f.as_ref()),
        );
    }

    /// Walks two maps by key: `both` for a key on both sides; a key on one
    /// side only is one finding, `added` (upstream has it) or `removed`.
    fn paired<T>(
        &mut self,
        (upstream, fragment): (&BTreeMap<String, T>, &BTreeMap<String, T>),
        (added, removed, what): (Kind, Kind, &str),
        place_of: impl Fn(&str) -> Place,
        show: impl Fn(&str, &T) -> String,
        both: impl Fn(&mut Self, &Place, &T, &T),
    ) {
        let keys: BTreeSet<&String> = upstream.keys().chain(fragment.keys()).collect();
        for key in keys {
            let place = place_of(key);
            match (upstream.get(key), fragment.get(key)) {
                (Some(u), Some(f)) => both(self, &place, u, f),
                (u, f) => {
                    let kind = if u.is_some() { added } else { removed };
                    let shown = |side: Option<&T>| or_missing(side.map(|v| show(key, v)));
                    let (u, f) = (shown(u), shown(f));
                    self.push(&place, kind, what, u, f);
                }
            }
        }
    }

    /// A schema that one side may lack (`what`: `schema`, `items`, …).
    fn optional_schema(
        &mut self,
        place: &Place,
        what: &str,
        upstream: Option<&Schema>,
        fragment: Option<&Schema>,
    ) {
        match (upstream, fragment) {
            (Some(u), Some(f)) => self.schema(place, u, f),
            (None, None) => {}
            (u, f) => {
                let show = |s: Option<&Schema>| or_missing(s.map(summary));
                self.push(place, Kind::Keyword, what, show(u), show(f));
            }
        }
    }

    fn schema(&mut self, place: &Place, upstream: &Schema, fragment: &Schema) {
        if upstream.recursion.is_some() || fragment.recursion.is_some() {
            let show = |s: &Schema| {
                s.recursion
                    .as_ref()
                    .map_or_else(|| summary(s), |r| format!("recursion into {r}"))
            };
            if upstream.recursion.is_none() || fragment.recursion.is_none() {
                self.push(
                    place,
                    Kind::Keyword,
                    "recursion",
                    show(upstream),
                    show(fragment),
                );
            }
            return;
        }
        self.differ(
            place,
            Kind::Type,
            "type",
            &upstream.kind,
            &fragment.kind,
            |v| or_missing(v.clone()),
        );
        self.differ(
            place,
            Kind::Format,
            "format",
            &upstream.format,
            &fragment.format,
            |v| or_missing(v.clone()),
        );
        self.differ(
            place,
            Kind::Nullable,
            "nullable",
            &upstream.nullable,
            &fragment.nullable,
            |v| v.to_string(),
        );
        self.enums(
            place,
            upstream.enum_values.as_deref(),
            fragment.enum_values.as_deref(),
        );
        self.maps(
            place,
            Kind::Constraint,
            &upstream.constraints,
            &fragment.constraints,
        );
        self.maps(place, Kind::Keyword, &upstream.other, &fragment.other);
        self.maps(
            place,
            Kind::Annotation,
            &upstream.annotations,
            &fragment.annotations,
        );
        let no_effect = |map: &BTreeMap<String, Value>| -> BTreeMap<String, Value> {
            map.iter()
                .map(|(key, value)| {
                    (
                        format!("{key} (no effect on {})", summary(upstream)),
                        value.clone(),
                    )
                })
                .collect()
        };
        self.maps(
            place,
            Kind::NoEffect,
            &no_effect(&upstream.no_effect),
            &no_effect(&fragment.no_effect),
        );
        self.notes(place, "", &upstream.notes, &fragment.notes);

        let names: BTreeSet<&String> = upstream
            .properties
            .keys()
            .chain(fragment.properties.keys())
            .chain(upstream.required.iter())
            .chain(fragment.required.iter())
            .collect();
        for name in names {
            let child = place.child(name);
            let (u_required, f_required) = (
                upstream.required.contains(name),
                fragment.required.contains(name),
            );
            let (u, f) = (upstream.properties.get(name), fragment.properties.get(name));
            if u.is_some() == f.is_some() {
                // On both sides, or named in `required` without a schema.
                let (u_req, f_req) = (&u_required, &f_required);
                self.differ(&child, Kind::Required, "required", u_req, f_req, yes_no);
            }
            match (u, f) {
                (Some(u), Some(f)) => self.schema(&child, u, f),
                (None, None) => {}
                (u, f) => {
                    let kind = if u.is_some() {
                        Kind::PropertyAdded
                    } else {
                        Kind::PropertyRemoved
                    };
                    let show = |s: Option<&Schema>, required: bool| {
                        or_missing(s.map(|s| {
                            format!(
                                "{} {}",
                                if required { "required" } else { "optional" },
                                summary(s)
                            )
                        }))
                    };
                    self.push(
                        &child,
                        kind,
                        "property",
                        show(u, u_required),
                        show(f, f_required),
                    );
                }
            }
        }

        self.optional_schema(
            &place.child("[]"),
            "items",
            upstream.items.as_deref(),
            fragment.items.as_deref(),
        );
        self.optional_schema(
            &place.child("{}"),
            "additionalProperties",
            upstream.additional.as_deref(),
            fragment.additional.as_deref(),
        );
        let keys: BTreeSet<&String> = upstream
            .combinators
            .keys()
            .chain(fragment.combinators.keys())
            .collect();
        for key in keys {
            let (u, f) = (
                upstream.combinators.get(key).map_or(&[][..], Vec::as_slice),
                fragment.combinators.get(key).map_or(&[][..], Vec::as_slice),
            );
            self.differ(
                place,
                Kind::Keyword,
                &format!("{key} members"),
                &u.len(),
                &f.len(),
                usize::to_string,
            );
            for (index, (u, f)) in u.iter().zip(f).enumerate() {
                self.schema(&place.child(&format!("{key}[{index}]")), u, f);
            }
        }
    }

    fn enums(&mut self, place: &Place, upstream: Option<&[Value]>, fragment: Option<&[Value]>) {
        match (upstream, fragment) {
            (Some(u), Some(f)) => {
                let listed = || "listed".to_owned();
                let sides = [
                    (u, f, Kind::EnumValueAdded, (listed(), MISSING.to_owned())),
                    (f, u, Kind::EnumValueRemoved, (MISSING.to_owned(), listed())),
                ];
                for (here, there, kind, (up, fr)) in sides {
                    for value in here.iter().filter(|v| !there.contains(v)) {
                        let what = format!("enum value {}", json(value));
                        self.push(place, kind, &what, up.clone(), fr.clone());
                    }
                }
            }
            (None, None) => {}
            (u, f) => {
                let show = |values: Option<&[Value]>| {
                    or_missing(values.map(|v| json(&Value::Array(v.to_vec()))))
                };
                self.push(place, Kind::Enum, "enum", show(u), show(f));
            }
        }
    }
}

fn yes_no(value: &bool) -> String {
    if *value { "yes" } else { "no" }.to_owned()
}

fn media_types(body: &Body) -> String {
    if body.content.is_empty() {
        "no content".to_owned()
    } else {
        body.content.keys().cloned().collect::<Vec<_>>().join(", ")
    }
}

/// A schema in a few words: `string (date-time)`, `array of object`.
pub fn summary(schema: &Schema) -> String {
    let mut text = schema.kind.clone().unwrap_or_else(|| "any".to_owned());
    if let Some(items) = &schema.items {
        text = format!("{text} of {}", summary(items));
    }
    if let Some(format) = &schema.format {
        text = format!("{text} ({format})");
    }
    if schema.enum_values.is_some() {
        text = format!("{text} enum");
    }
    if schema.nullable {
        text = format!("nullable {text}");
    }
    text
}
