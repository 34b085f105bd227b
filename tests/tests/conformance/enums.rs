//! Enum values: every generated open enum, through its `OpenEnum` trait
//! (the generated `conformance::typed::OPEN_ENUMS`), against the fragment's
//! `enum` lists and the lists on the documentation pages, and round trips
//! of known and unknown values. An enum on no page (from Cloudflare's spec,
//! or new) is checked against the fragment and round-tripped.

use std::collections::BTreeSet;

use cloudflare_ssl::internal::OPEN_ENUM_NAMES;
use conformance::docs::{EnumList, Page, enum_lists};
use conformance::examples;
use conformance::json_diff::first_difference;
use conformance::model::{Operation, model};
use conformance::schema_gen::enum_positions;
use conformance::table::{OPEN_ENUMS, decode, open_enum};
use conformance::typed::OpenEnumCase;
use proptest::prelude::*;
use serde_json::{Value, json};

/// The fragment's enum schemas: the components with an `enum`.
fn enum_components() -> BTreeSet<&'static str> {
    model()
        .components
        .iter()
        .filter(|(_, schema)| schema.get("enum").is_some())
        .map(|(name, _)| name.as_str())
        .collect()
}

#[test]
fn the_open_enums_are_the_fragments_enum_schemas() {
    let listed: BTreeSet<&str> = OPEN_ENUMS.iter().map(|case| case.name).collect();
    assert_eq!(
        listed.len(),
        OPEN_ENUMS.len(),
        "an enum is listed twice in OPEN_ENUMS"
    );
    assert_eq!(
        listed,
        enum_components(),
        "the generated OPEN_ENUMS against the fragment's enum schemas"
    );
    let generated: BTreeSet<&str> = OPEN_ENUM_NAMES.iter().copied().collect();
    assert_eq!(
        listed, generated,
        "the generated OPEN_ENUMS against the client's OPEN_ENUM_NAMES"
    );
}

/// A value `case` does not list: one above the largest integer, or a word.
fn unlisted_wire_value(case: &OpenEnumCase) -> String {
    if case.integer {
        let largest = case
            .known_wire_values
            .iter()
            .filter_map(|v| v.parse::<i64>().ok())
            .max()
            .unwrap_or(0);
        (largest + 1).to_string()
    } else {
        "not_a_listed_value".to_owned()
    }
}

/// An enum's values as wire text: strings unquoted, integers as written.
fn wire_values(values: &[Value]) -> Vec<String> {
    values
        .iter()
        .map(|value| match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        })
        .collect()
}

#[test]
fn every_enum_knows_exactly_the_fragment_values_and_round_trips_them_and_an_unknown_one() {
    for case in OPEN_ENUMS {
        let name = case.name;
        let schema = &model().components[name];
        let integer = schema.get("type") == Some(&json!("integer"));
        assert_eq!(
            case.integer, integer,
            "{name}: the fragment's type is {}",
            schema["type"]
        );
        let values = schema["enum"].as_array().expect("an enum schema");
        let wire = wire_values(values);
        assert_eq!(
            case.known_wire_values, wire,
            "{name}::KNOWN_WIRE_VALUES against the fragment's enum"
        );
        for (wire, json) in wire.iter().zip(values) {
            // serde must write exactly the fragment's JSON value.
            assert_eq!((case.round_trip)(wire, json), Ok(true), "{name}: {wire:?}");
        }
        let unlisted = unlisted_wire_value(case);
        assert!(!wire.contains(&unlisted), "{name}: {unlisted:?} is listed");
        assert_eq!(case.check(&unlisted), Ok(false), "{name}: {unlisted:?}");
    }
}

/// The schemas of every property named `field` that has an `enum`,
/// anywhere in `schema` (written out whole).
fn enum_properties<'a>(schema: &'a Value, field: &str, found: &mut Vec<&'a Value>) {
    let Value::Object(members) = schema else {
        return;
    };
    for (name, property) in members
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if name == field && property.get("enum").is_some() {
            found.push(property);
        }
        enum_properties(property, field, found);
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = members.get(key) {
            enum_properties(inner, field, found);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for part in members
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            enum_properties(part, field, found);
        }
    }
}

/// The names of every enum property in `schema` (written out whole).
fn enum_property_names(schema: &Value, found: &mut BTreeSet<String>) {
    match schema {
        Value::Object(members) => {
            for (name, property) in members
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if property.get("enum").is_some() {
                    found.insert(name.clone());
                }
            }
            members
                .values()
                .for_each(|inner| enum_property_names(inner, found));
        }
        Value::Array(items) => items
            .iter()
            .for_each(|inner| enum_property_names(inner, found)),
        _ => {}
    }
}

/// The operations `page` documents: those with an example copied from it.
fn documented_operations(page: &Page) -> Vec<&'static Operation> {
    let mut operations: Vec<&Operation> = Vec::new();
    for example in examples::all() {
        if example.page().as_ref() == Some(page)
            && !operations
                .iter()
                .any(|o| std::ptr::eq(*o, example.operation))
        {
            operations.push(example.operation);
        }
    }
    operations
}

/// The request and response schemas of `operations`.
fn schemas_of(operations: &[&'static Operation]) -> Vec<&'static Value> {
    operations
        .iter()
        .flat_map(|operation| {
            operation
                .request_body
                .iter()
                .map(|body| &body.schema)
                .chain(operation.responses.iter().map(|response| &response.schema))
        })
        .collect()
}

/// The open enums whose fragment schema lists exactly `property`'s values.
fn open_enums_of(property: &Value) -> Vec<&'static OpenEnumCase> {
    model()
        .components
        .iter()
        .filter(|(_, schema)| schema.get("enum").is_some() && schema["enum"] == property["enum"])
        .map(|(name, _)| open_enum(name))
        .collect()
}

/// Checks one value list of `page` against the enum properties of that
/// name in `schemas`, and each documented value against their open enums.
fn check_list(page: &Page, list: &EnumList, schemas: &[&Value]) {
    let where_ = format!(
        "{} line {} (`{}`)",
        page.file_name(),
        list.line,
        list.declaration
    );
    let mut properties = Vec::new();
    for schema in schemas {
        enum_properties(schema, &list.field, &mut properties);
    }
    assert!(
        !properties.is_empty(),
        "{where_} lists values for `{}`, but the operations the page documents have no enum property of that name",
        list.field
    );
    let documented: BTreeSet<String> = list.values.iter().cloned().collect();
    for property in properties {
        let values = property["enum"].as_array().expect("an enum");
        let fragment: BTreeSet<String> = wire_values(values).into_iter().collect();
        let missing: Vec<&String> = documented.difference(&fragment).collect();
        let undocumented: Vec<&String> = fragment.difference(&documented).collect();
        assert!(
            missing.is_empty() && undocumented.is_empty(),
            "{where_} against the fragment's enum {values:?}: documented but not in the fragment: {missing:?}; in the fragment but not documented: {undocumented:?}"
        );
        let cases = open_enums_of(property);
        assert!(
            !cases.is_empty(),
            "{where_}: no open enum has the values {values:?}"
        );
        for case in cases {
            for value in &list.values {
                assert_eq!(
                    case.check(value),
                    Ok(true),
                    "{where_}: {value:?} is listed but does not parse into a known variant of {} that writes it back",
                    case.name
                );
            }
        }
    }
}

/// Every value list on a page is an enum of the operations the page
/// documents, with the same values, known to its generated type; and each
/// enum of those operations has its list on the page.
#[test]
fn every_documented_value_list_is_an_enum_of_the_pages_operations_and_each_of_their_enums_is_listed()
 {
    let mut checked = 0;
    for page in Page::all() {
        let lists = enum_lists(&page.vendored_text());
        let operations = documented_operations(&page);
        assert!(
            lists.is_empty() || !operations.is_empty(),
            "{} lists values, but no example of the fragment is copied from it, so the suite cannot tell which operations it documents",
            page.file_name()
        );
        let schemas = schemas_of(&operations);
        for list in &lists {
            check_list(&page, list, &schemas);
            checked += 1;
        }
        let listed: BTreeSet<&str> = lists.iter().map(|list| list.field.as_str()).collect();
        let mut enums = BTreeSet::new();
        for schema in &schemas {
            enum_property_names(schema, &mut enums);
        }
        for field in &enums {
            assert!(
                listed.contains(field.as_str()),
                "{} documents an operation whose `{field}` is an enum in the fragment, but lists no values for it",
                page.file_name()
            );
        }
    }
    assert!(checked > 0, "no value list found on the pages");
}

/// Every value an open enum knows, as wire text: strings and integers.
fn known_values(integer: bool) -> Vec<String> {
    let values: BTreeSet<String> = OPEN_ENUMS
        .iter()
        .filter(|case| case.integer == integer)
        .flat_map(|case| case.known_wire_values.iter().map(|v| (*v).to_owned()))
        .collect();
    values.into_iter().collect()
}

fn known_integers() -> Vec<i64> {
    known_values(true)
        .iter()
        .map(|v| v.parse().expect("an integer enum value"))
        .collect()
}

/// Known values (of any enum, so of every other enum too) and arbitrary text.
fn enum_string() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(known_values(false)),
        "[a-z][a-z_]{0,24}",
        "\\PC{0,16}",
        // Case and spacing variants of known values are other values.
        proptest::sample::select(known_values(false)).prop_map(|v| v.to_uppercase()),
        proptest::sample::select(known_values(false)).prop_map(|v| format!(" {v}")),
    ]
}

fn enum_integer() -> impl Strategy<Value = i64> {
    prop_oneof![proptest::sample::select(known_integers()), any::<i64>()]
}

/// [`OpenEnumCase::check`] of `wire` for every enum written as integers
/// (`integer`) or as strings.
fn check_every_enum(integer: bool, wire: &str) -> Result<(), TestCaseError> {
    for case in OPEN_ENUMS.iter().filter(|case| case.integer == integer) {
        case.check(wire).map_err(TestCaseError::fail)?;
    }
    Ok(())
}

/// An example of the fragment (named), its response's component, its JSON
/// and the enum positions in it.
type ExampleWithEnums = (
    &'static str,
    &'static str,
    Value,
    Vec<conformance::schema_gen::EnumPosition>,
);

fn examples_with_enum_positions() -> Vec<ExampleWithEnums> {
    examples::all()
        .into_iter()
        .map(|example| {
            let json = example.json();
            let positions = enum_positions(&example.response.schema, &json);
            (
                example.name(),
                example.response.component.as_str(),
                json,
                positions,
            )
        })
        .filter(|(_, _, _, positions)| !positions.is_empty())
        .collect()
}

/// Examples with every enum position set to generated values.
fn examples_with_enum_values() -> impl Strategy<Value = (&'static str, &'static str, Value)> {
    let cases = examples_with_enum_positions();
    assert!(
        !cases.is_empty(),
        "no example of the fragment holds an enum"
    );
    proptest::sample::select(cases).prop_flat_map(|(name, component, json, positions)| {
        let values: Vec<BoxedStrategy<(String, Value)>> = positions
            .into_iter()
            .map(|position| {
                let pointer = position.pointer.clone();
                if position.integer {
                    enum_integer()
                        .prop_map(move |n| (pointer.clone(), json!(n)))
                        .boxed()
                } else {
                    enum_string()
                        .prop_map(move |s| (pointer.clone(), json!(s)))
                        .boxed()
                }
            })
            .collect();
        (Just(name), Just(component), Just(json), values).prop_map(
            |(name, component, mut json, values)| {
                for (pointer, value) in values {
                    *json.pointer_mut(&pointer).expect("position exists") = value;
                }
                (name, component, json)
            },
        )
    })
}

proptest! {
    #![proptest_config(conformance::proptest_config(256, "enums"))]

    #[test]
    fn known_and_unknown_strings_round_trip_through_every_string_enum(value in enum_string()) {
        check_every_enum(false, &value)?;
    }

    #[test]
    fn known_and_unknown_integers_round_trip_through_every_integer_enum(value in enum_integer()) {
        check_every_enum(true, &value.to_string())?;
    }

    #[test]
    fn known_and_unknown_values_in_every_enum_position_of_every_example_round_trip(
        (name, component, json) in examples_with_enum_values()
    ) {
        let what = format!("example {name} with these enum values, as {component}");
        let decoded = decode(component, &json).map_err(|e| TestCaseError::fail(format!("{what} {e}")))?;
        if let Some(difference) = first_difference(&json, &decoded.reencoded) {
            return Err(TestCaseError::fail(format!("{what}: re-encoded JSON differs {difference}")));
        }
    }
}
