//! Random JSON documents generated from the fragment's schemas.
//!
//! [`arbitrary_instance`] walks an OpenAPI 3.0 schema object, written out
//! whole as the operation model gives it (`crate::model`: no `$ref`), and
//! builds a proptest strategy for values of it, so that a field added to
//! the fragment is exercised without touching the tests:
//!
//! - objects: every `required` property, and each optional one present or
//!   absent at random; `allOf` members are merged, `oneOf`/`anyOf` pick a
//!   branch;
//! - arrays: `minItems` ..= `minItems + 3` (capped by `maxItems`) items;
//! - `enum`: one of the listed values or, with [`Options::unknown_enum_values`],
//!   sometimes a value not listed (a string for string enums, an integer
//!   for integer enums) — what a newer API version may send;
//! - strings: random text up to `maxLength` characters; `format: date-time`
//!   gives RFC 3339 date-times with and without fractions and offsets;
//! - integers above `minimum`, finite numbers, booleans;
//! - `nullable: true` sometimes gives `null`;
//! - a schema without `type` gives small arbitrary JSON.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// What may be generated beyond what the schema allows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Put values the enum does not list in enum positions.
    pub unknown_enum_values: bool,
}

/// A strategy for instances of `schema`, a schema object written out whole.
///
/// # Panics
/// When `schema` holds a `$ref`: the model writes every schema out, and
/// this walk follows no reference.
pub fn arbitrary_instance(schema: &Value, options: Options) -> BoxedStrategy<Value> {
    walk(schema, options)
}

/// Refuses a `$ref`, which this module does not follow.
fn written_out(schema: &Value) {
    if let Some(reference) = schema.get("$ref") {
        panic!(
            "schema_gen walks schemas written out whole (the operation model's); this one refers to {reference}"
        );
    }
}

fn walk(schema: &Value, options: Options) -> BoxedStrategy<Value> {
    written_out(schema);
    let inner = non_null(schema, options);
    if schema.get("nullable") == Some(&Value::Bool(true)) {
        prop_oneof![1 => Just(Value::Null), 3 => inner].boxed()
    } else {
        inner
    }
}

fn non_null(schema: &Value, options: Options) -> BoxedStrategy<Value> {
    if let Some(Value::Array(values)) = schema.get("enum") {
        return enum_values(values, options);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(branches)) = schema.get(key) {
            let strategies: Vec<BoxedStrategy<Value>> = branches
                .iter()
                .map(|branch| walk(branch, options))
                .collect();
            return proptest::strategy::Union::new(strategies).boxed();
        }
    }
    if let Some(Value::Array(parts)) = schema.get("allOf") {
        let merged = merge_all_of(parts);
        return non_null(&merged, options);
    }
    let ty = schema.get("type").and_then(Value::as_str);
    match ty {
        Some("object") => object(schema, options),
        None if schema.get("properties").is_some() => object(schema, options),
        Some("array") => array(schema, options),
        Some("string") => string(schema),
        Some("integer") => integer(schema),
        Some("number") => number(),
        Some("boolean") => any::<bool>().prop_map(Value::Bool).boxed(),
        None => any_json(),
        Some(other) => panic!("unsupported schema type {other:?} in {schema}"),
    }
}

/// `allOf` parts merged into one object schema.
fn merge_all_of(parts: &[Value]) -> Value {
    let mut properties = Map::new();
    let mut required: Vec<Value> = Vec::new();
    for part in parts {
        written_out(part);
        if let Some(Value::Object(props)) = part.get("properties") {
            properties.extend(props.clone());
        }
        if let Some(Value::Array(names)) = part.get("required") {
            for name in names {
                if !required.contains(name) {
                    required.push(name.clone());
                }
            }
        }
    }
    json!({ "type": "object", "properties": properties, "required": required })
}

fn object(schema: &Value, options: Options) -> BoxedStrategy<Value> {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let members: Vec<BoxedStrategy<Option<(String, Value)>>> = properties
        .iter()
        .map(|(name, property)| {
            let name = name.clone();
            let value = walk(property, options);
            if required.contains(&name.as_str()) {
                value.prop_map(move |v| Some((name.clone(), v))).boxed()
            } else {
                proptest::option::of(value)
                    .prop_map(move |v| v.map(|v| (name.clone(), v)))
                    .boxed()
            }
        })
        .collect();
    members
        .prop_map(|members| Value::Object(members.into_iter().flatten().collect()))
        .boxed()
}

fn array(schema: &Value, options: Options) -> BoxedStrategy<Value> {
    let items = schema.get("items").cloned().unwrap_or(json!({}));
    let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = schema
        .get("maxItems")
        .and_then(Value::as_u64)
        .map_or(usize::MAX, |max| max as usize)
        .min(min + 3);
    proptest::collection::vec(walk(&items, options), min..=max)
        .prop_map(Value::Array)
        .boxed()
}

fn enum_values(values: &[Value], options: Options) -> BoxedStrategy<Value> {
    let known = proptest::sample::select(values.to_vec());
    if !options.unknown_enum_values {
        return known.boxed();
    }
    let listed = values.to_vec();
    let unknown = if values.iter().all(Value::is_i64) {
        any::<i64>().prop_map(Value::from).boxed()
    } else {
        // Plausible new values, and arbitrary text.
        prop_oneof!["[a-z][a-z_]{0,20}", "\\PC{0,12}",]
            .prop_map(Value::String)
            .boxed()
    };
    prop_oneof![
        3 => known,
        1 => unknown.prop_filter("an unlisted value", move |v| !listed.contains(v)),
    ]
    .boxed()
}

fn string(schema: &Value) -> BoxedStrategy<Value> {
    if schema.get("format").and_then(Value::as_str) == Some("date-time") {
        return date_time().prop_map(Value::String).boxed();
    }
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0);
    let max = schema
        .get("maxLength")
        .and_then(Value::as_u64)
        .unwrap_or(24)
        .min(min + 24);
    proptest::string::string_regex(&format!("\\PC{{{min},{max}}}"))
        .expect("a valid regex")
        .prop_map(Value::String)
        .boxed()
}

/// RFC 3339 date-times: years 1970–2199, seconds with 0–9 fraction digits,
/// `Z` or a numeric offset.
fn date_time() -> impl Strategy<Value = String> {
    let date = (1970u32..2200, 1u32..=12, 1u32..=28);
    let time = (0u32..24, 0u32..60, 0u32..60);
    let fraction = prop_oneof![
        2 => Just(String::new()),
        1 => "[0-9]{1,9}".prop_map(|digits| format!(".{digits}")),
    ];
    let offset = prop_oneof![
        2 => Just("Z".to_owned()),
        1 => (prop::bool::ANY, 0u32..24, 0u32..60)
            .prop_map(|(west, h, m)| format!("{}{h:02}:{m:02}", if west { '-' } else { '+' })),
    ];
    (date, time, fraction, offset).prop_map(|((y, mo, d), (h, mi, s), fraction, offset)| {
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{fraction}{offset}")
    })
}

fn integer(schema: &Value) -> BoxedStrategy<Value> {
    let min = schema
        .get("minimum")
        .and_then(Value::as_i64)
        .unwrap_or(i64::MIN);
    let max = schema
        .get("maximum")
        .and_then(Value::as_i64)
        .unwrap_or(i64::MAX);
    prop_oneof![
        // Small values near the bound, and anything in range.
        3 => (0i64..2000).prop_map(move |n| min.max(-1000).saturating_add(n).min(max)),
        1 => min..=max,
    ]
    .prop_map(Value::from)
    .boxed()
}

fn number() -> BoxedStrategy<Value> {
    prop_oneof![
        any::<i32>().prop_map(Value::from),
        (-1.0e9f64..1.0e9).prop_map(|f| json!(f)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
    ]
    .boxed()
}

/// Small arbitrary JSON, for schemas that allow anything.
pub fn any_json() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
    .boxed()
}

/// An enum position in a document: where, and what kind of values it lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumPosition {
    /// JSON pointer into the document, e.g. `/result/certificates/0/geo_restrictions/label`.
    pub pointer: String,
    /// Whether the enum lists integers (else strings).
    pub integer: bool,
}

/// Every value in `instance` whose schema (written out whole) is an enum.
pub fn enum_positions(schema: &Value, instance: &Value) -> Vec<EnumPosition> {
    let mut found = Vec::new();
    collect_enum_positions(schema, instance, String::new(), &mut found);
    found
}

fn collect_enum_positions(
    schema: &Value,
    instance: &Value,
    pointer: String,
    found: &mut Vec<EnumPosition>,
) {
    written_out(schema);
    if let Some(Value::Array(values)) = schema.get("enum") {
        found.push(EnumPosition {
            pointer,
            integer: values.iter().all(Value::is_i64),
        });
        return;
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for part in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            collect_enum_positions(part, instance, pointer.clone(), found);
        }
    }
    match instance {
        Value::Object(members) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            for (name, value) in members {
                if let Some(property) = properties.and_then(|p| p.get(name)) {
                    let escaped = name.replace('~', "~0").replace('/', "~1");
                    let inner = format!("{pointer}/{escaped}");
                    collect_enum_positions(property, value, inner, found);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (index, item) in items.iter().enumerate() {
                    let inner = format!("{pointer}/{index}");
                    collect_enum_positions(item_schema, item, inner, found);
                }
            }
        }
        _ => {}
    }
}
