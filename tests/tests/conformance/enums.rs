//! Enum values: every generated open enum, through its `OpenEnum` trait
//! (`conformance::typed::OPEN_ENUMS`), against the fragment's `enum` lists
//! and the lists on the documentation pages, and round trips of known and
//! unknown values.

use std::collections::BTreeSet;

use cloudflare_ssl::internal::OPEN_ENUM_NAMES;
use cloudflare_ssl_mock::spec::Spec;
use conformance::docs::{EnumList, Page, enum_lists};
use conformance::fixtures::FIXTURES;
use conformance::json_diff::first_difference;
use conformance::schema_gen::enum_positions;
use conformance::typed::{OPEN_ENUMS, OpenEnumCase, decode, open_enum};
use proptest::prelude::*;
use serde_json::{Value, json};

/// The only hand-written part: which generated type each documented value
/// list belongs to, by page and the field declared above the list.
const DOCUMENTED_ENUMS: &[(Page, &str, &str)] = &[
    (Page::CertificatePackEdit, "label", "GeoRestrictionLabel"),
    (Page::CertificatePackEdit, "status", "CertificatePackStatus"),
    (Page::CertificatePackEdit, "type", "CertificatePackType"),
    (
        Page::CertificatePackEdit,
        "certificate_authority",
        "CertificateAuthority",
    ),
    (
        Page::CertificatePackEdit,
        "validation_method",
        "ValidationMethod",
    ),
    (Page::CertificatePackEdit, "validity_days", "ValidityDays"),
    (Page::SslAutomaticMode, "value", "SslAutomaticModeValue"),
];

/// The JSON pointer of every schema in the fragment that has an `enum`.
fn fragment_enum_pointers(value: &Value, pointer: String, found: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            if members.contains_key("enum") {
                found.push(pointer.clone());
            }
            for (name, member) in members {
                let escaped = name.replace('~', "~0").replace('/', "~1");
                fragment_enum_pointers(member, format!("{pointer}/{escaped}"), found);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                fragment_enum_pointers(item, format!("{pointer}/{index}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn the_enum_list_covers_every_enum_the_fragment_declares() {
    let spec = Spec::new();
    let mut pointers = Vec::new();
    fragment_enum_pointers(spec.document(), String::new(), &mut pointers);
    let declared: BTreeSet<&str> = pointers
        .iter()
        .map(|pointer| {
            pointer
                .strip_prefix("/components/schemas/")
                .filter(|name| !name.contains('/'))
                .unwrap_or_else(|| {
                    panic!("the fragment declares an enum at {pointer}, not as a component schema: the generator names open enums after their components")
                })
        })
        .collect();
    assert_eq!(declared.len(), 9, "enums in the fragment: {declared:?}");
    let listed: BTreeSet<&str> = OPEN_ENUMS.iter().map(|case| case.name).collect();
    assert_eq!(
        listed.len(),
        OPEN_ENUMS.len(),
        "an enum is listed twice in OPEN_ENUMS"
    );
    assert_eq!(
        listed, declared,
        "conformance::typed::OPEN_ENUMS against the fragment's enum schemas"
    );
    let generated: BTreeSet<&str> = OPEN_ENUM_NAMES.iter().copied().collect();
    assert_eq!(
        listed, generated,
        "conformance::typed::OPEN_ENUMS against the generated OPEN_ENUM_NAMES"
    );
}

/// The fragment's component schema of `case`.
fn fragment_schema(spec: &Spec, case: &OpenEnumCase) -> Value {
    spec.component(case.name).cloned().unwrap_or_default()
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

#[test]
fn every_enum_knows_exactly_the_fragment_values_and_round_trips_them_and_an_unknown_one() {
    let spec = Spec::new();
    for case in OPEN_ENUMS {
        let schema = fragment_schema(&spec, case);
        let name = case.name;
        let integer = schema.get("type") == Some(&json!("integer"));
        assert_eq!(
            case.integer, integer,
            "{name}: the fragment's type is {}",
            schema["type"]
        );
        let values = schema["enum"].as_array().expect("an enum schema");
        let wire: Vec<String> = values
            .iter()
            .map(|value| match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            })
            .collect();
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

fn documented_type(page: Page, list: &EnumList) -> &'static str {
    DOCUMENTED_ENUMS
        .iter()
        .find(|(p, field, _)| *p == page && *field == list.field)
        .map(|(_, _, type_name)| *type_name)
        .unwrap_or_else(|| {
            panic!(
                "{} line {} lists values for `{}` but the suite maps no generated type to it: add it to DOCUMENTED_ENUMS",
                page.file_name(),
                list.line,
                list.declaration
            )
        })
}

#[test]
fn every_documented_value_is_a_known_variant_and_no_other_value_is() {
    let mut seen = BTreeSet::new();
    for page in Page::ALL {
        for list in enum_lists(&page.vendored_text()) {
            let type_name = documented_type(page, &list);
            seen.insert((page, list.field.clone()));
            let documented: BTreeSet<String> = list.values.iter().cloned().collect();
            let case = open_enum(type_name);
            let known: BTreeSet<String> = case
                .known_wire_values
                .iter()
                .map(|v| (*v).to_owned())
                .collect();
            let missing: Vec<&String> = documented.difference(&known).collect();
            let undocumented: Vec<&String> = known.difference(&documented).collect();
            let where_ = format!(
                "{} line {} (`{}`) vs {type_name}::KNOWN_WIRE_VALUES",
                page.file_name(),
                list.line,
                list.declaration
            );
            assert!(
                missing.is_empty(),
                "{where_}: documented but not known to the generated type: {missing:?}"
            );
            assert!(
                undocumented.is_empty(),
                "{where_}: known to the generated type but not documented: {undocumented:?}"
            );
            for value in &list.values {
                assert_eq!(
                    case.check(value),
                    Ok(true),
                    "{where_}: {value:?} is listed but does not parse into a known variant that writes it back"
                );
            }
        }
    }
    for (page, field, type_name) in DOCUMENTED_ENUMS {
        assert!(
            seen.contains(&(*page, (*field).to_owned())),
            "DOCUMENTED_ENUMS maps `{field}` on {} to {type_name}, but the page has no value list for it",
            page.file_name()
        );
    }
}

/// Enums of the read operations' query parameters: the two documentation
/// pages cover the PATCH calls only, so these come from Cloudflare's spec
/// (`certificate-packs-list-certificate-packs`; see openapi/README.md).
const FROM_THE_SPEC_ONLY: [&str; 2] = ["CertificatePackDeploy", "CertificatePackListStatus"];

#[test]
fn every_generated_enum_is_documented() {
    for name in FROM_THE_SPEC_ONLY {
        assert!(
            OPEN_ENUMS.iter().any(|case| case.name == name),
            "FROM_THE_SPEC_ONLY names {name}, which is not a generated open enum"
        );
        assert!(
            !DOCUMENTED_ENUMS.iter().any(|(_, _, t)| *t == name),
            "{name} is on a documentation page now: drop it from FROM_THE_SPEC_ONLY"
        );
    }
    for case in OPEN_ENUMS
        .iter()
        .filter(|case| !FROM_THE_SPEC_ONLY.contains(&case.name))
    {
        assert!(
            DOCUMENTED_ENUMS.iter().any(|(_, _, t)| *t == case.name),
            "the generated open enum {} matches no value list on the documentation pages",
            case.name
        );
    }
    for (_, _, type_name) in DOCUMENTED_ENUMS {
        // Panics for a type that is not a listed open enum.
        open_enum(type_name);
    }
}

/// Every documented string value, of every list.
fn documented_strings() -> Vec<String> {
    let mut values = BTreeSet::new();
    for page in Page::ALL {
        for list in enum_lists(&page.vendored_text()) {
            values.extend(
                list.values
                    .into_iter()
                    .filter(|v| v.parse::<i64>().is_err()),
            );
        }
    }
    values.into_iter().collect()
}

fn documented_integers() -> Vec<i64> {
    let mut values = BTreeSet::new();
    for page in Page::ALL {
        for list in enum_lists(&page.vendored_text()) {
            values.extend(list.values.iter().filter_map(|v| v.parse::<i64>().ok()));
        }
    }
    values.into_iter().collect()
}

/// Documented values (of any list) and arbitrary text.
fn enum_string() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(documented_strings()),
        "[a-z][a-z_]{0,24}",
        "\\PC{0,16}",
        // Case and spacing variants of documented values are other values.
        proptest::sample::select(documented_strings()).prop_map(|v| v.to_uppercase()),
        proptest::sample::select(documented_strings()).prop_map(|v| format!(" {v}")),
    ]
}

fn enum_integer() -> impl Strategy<Value = i64> {
    prop_oneof![
        proptest::sample::select(documented_integers()),
        any::<i64>()
    ]
}

/// [`OpenEnumCase::check`] of `wire` for every listed enum written as
/// integers (`integer`) or as strings.
fn check_every_enum(integer: bool, wire: &str) -> Result<(), TestCaseError> {
    for case in OPEN_ENUMS.iter().filter(|case| case.integer == integer) {
        case.check(wire).map_err(TestCaseError::fail)?;
    }
    Ok(())
}

/// Documents with every enum position of every success fixture set to
/// generated values.
fn fixtures_with_enum_values() -> impl Strategy<Value = (String, &'static str, Value)> {
    let spec = Spec::new();
    let cases: Vec<(
        String,
        &'static str,
        Value,
        Vec<conformance::schema_gen::EnumPosition>,
    )> = FIXTURES
        .iter()
        .map(|fixture| {
            let json = fixture.json();
            let positions = enum_positions(spec.document(), fixture.fragment_schema(&spec), &json);
            (fixture.file.to_owned(), fixture.component, json, positions)
        })
        .collect();
    proptest::sample::select(cases).prop_flat_map(|(file, component, json, positions)| {
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
        (Just(file), Just(component), Just(json), values).prop_map(
            |(file, component, mut json, values)| {
                for (pointer, value) in values {
                    *json.pointer_mut(&pointer).expect("position exists") = value;
                }
                (file, component, json)
            },
        )
    })
}

#[test]
fn every_fixture_has_enum_positions() {
    let spec = Spec::new();
    let mut total = 0;
    for fixture in FIXTURES {
        let schema = fixture.fragment_schema(&spec);
        total += enum_positions(spec.document(), schema, &fixture.json()).len();
    }
    // status, type, certificate_authority, validation_method, validity_days,
    // certificates[0].geo_restrictions.label; value; (the 4XX result is untyped).
    assert_eq!(total, 7, "enum positions found in the fixtures");
}

proptest! {
    #![proptest_config(conformance::proptest_config(256, "enums"))]

    #[test]
    fn documented_and_unknown_strings_round_trip_through_every_string_enum(value in enum_string()) {
        check_every_enum(false, &value)?;
    }

    #[test]
    fn documented_and_unknown_integers_round_trip_through_every_integer_enum(value in enum_integer()) {
        check_every_enum(true, &value.to_string())?;
    }

    #[test]
    fn documented_and_unknown_values_in_every_enum_position_round_trip(
        (file, component, json) in fixtures_with_enum_values()
    ) {
        let what = format!("{file} with these enum values, as {component}");
        let decoded = decode(component, &json).map_err(|e| TestCaseError::fail(format!("{what} {e}")))?;
        if let Some(difference) = first_difference(&json, &decoded.reencoded) {
            return Err(TestCaseError::fail(format!("{what}: re-encoded JSON differs {difference}")));
        }
    }
}
