//! Enum values: the lists on the documentation pages against the generated
//! open enums, and round trips of known and unknown values.

use std::collections::BTreeSet;
use std::fmt::Debug;

use cloudflare_ssl::types::{
    CertificateAuthority, CertificatePackStatus, CertificatePackType, GeoRestrictionLabel,
    OPEN_ENUM_NAMES, SslAutomaticModeValue, ValidationMethod, ValidityDays,
};
use cloudflare_ssl_mock::spec::Spec;
use conformance::docs::{EnumList, Page, enum_lists};
use conformance::fixtures::FIXTURES;
use conformance::json_diff::first_difference;
use conformance::schema_gen::enum_positions;
use conformance::typed::decode;
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

/// A generated open enum's `KNOWN_VALUES`, as strings.
fn known_values(type_name: &str) -> Vec<String> {
    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }
    match type_name {
        "CertificateAuthority" => strings(CertificateAuthority::KNOWN_VALUES),
        "CertificatePackStatus" => strings(CertificatePackStatus::KNOWN_VALUES),
        "CertificatePackType" => strings(CertificatePackType::KNOWN_VALUES),
        "GeoRestrictionLabel" => strings(GeoRestrictionLabel::KNOWN_VALUES),
        "SslAutomaticModeValue" => strings(SslAutomaticModeValue::KNOWN_VALUES),
        "ValidationMethod" => strings(ValidationMethod::KNOWN_VALUES),
        "ValidityDays" => ValidityDays::KNOWN_VALUES
            .iter()
            .map(i64::to_string)
            .collect(),
        other => panic!(
            "generated open enum {other} is not known to the suite: add it to known_values, is_known_variant and DOCUMENTED_ENUMS"
        ),
    }
}

/// Whether `value` parses into a known (not `Unknown`) variant of the type
/// that writes it back unchanged.
fn is_known_variant(type_name: &str, value: &str) -> bool {
    macro_rules! check {
        ($t:ty) => {{
            let parsed = <$t>::from(value);
            parsed.is_known() && parsed.as_str() == value
        }};
    }
    match type_name {
        "CertificateAuthority" => check!(CertificateAuthority),
        "CertificatePackStatus" => check!(CertificatePackStatus),
        "CertificatePackType" => check!(CertificatePackType),
        "GeoRestrictionLabel" => check!(GeoRestrictionLabel),
        "SslAutomaticModeValue" => check!(SslAutomaticModeValue),
        "ValidationMethod" => check!(ValidationMethod),
        "ValidityDays" => value.parse::<i64>().is_ok_and(|n| {
            let parsed = ValidityDays::from(n);
            parsed.is_known() && parsed.get() == n
        }),
        other => panic!("generated open enum {other} is not known to the suite"),
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
            let known: BTreeSet<String> = known_values(type_name).into_iter().collect();
            let missing: Vec<&String> = documented.difference(&known).collect();
            let undocumented: Vec<&String> = known.difference(&documented).collect();
            let where_ = format!(
                "{} line {} (`{}`) vs {type_name}::KNOWN_VALUES",
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
                assert!(
                    is_known_variant(type_name, value),
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

#[test]
fn every_generated_enum_is_documented() {
    for name in OPEN_ENUM_NAMES {
        assert!(
            DOCUMENTED_ENUMS.iter().any(|(_, _, t)| t == name),
            "the generated open enum {name} matches no value list on the documentation pages"
        );
        // Panics for a type the suite does not know.
        known_values(name);
    }
    for (_, _, type_name) in DOCUMENTED_ENUMS {
        assert!(
            OPEN_ENUM_NAMES.contains(type_name),
            "{type_name} is mapped to a documented list but is not a generated open enum (OPEN_ENUM_NAMES: {OPEN_ENUM_NAMES:?})"
        );
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

/// `FromStr`, `From<&str>`, `From<String>`, `Display`, `as_str` and serde
/// agree on `value`, and `is_known` says whether `KNOWN_VALUES` lists it.
fn string_round_trip<T>(
    value: &str,
    known: &[&str],
    as_str: fn(&T) -> &str,
    is_known: fn(&T) -> bool,
) where
    T: for<'a> From<&'a str>
        + From<String>
        + std::str::FromStr<Err = std::convert::Infallible>
        + std::fmt::Display
        + serde::Serialize
        + serde::de::DeserializeOwned
        + PartialEq
        + Debug,
{
    let type_name = std::any::type_name::<T>();
    let from_str = T::from(value);
    let Ok(parsed) = value.parse::<T>();
    assert_eq!(
        parsed, from_str,
        "{type_name}: FromStr and From<&str> disagree on {value:?}"
    );
    assert_eq!(
        T::from(value.to_owned()),
        from_str,
        "{type_name}: From<String> disagrees on {value:?}"
    );
    assert_eq!(
        as_str(&from_str),
        value,
        "{type_name}: as_str changed {value:?}"
    );
    assert_eq!(
        from_str.to_string(),
        value,
        "{type_name}: Display changed {value:?}"
    );
    assert_eq!(
        is_known(&from_str),
        known.contains(&value),
        "{type_name}: is_known is wrong for {value:?}"
    );
    let encoded = serde_json::to_value(&from_str).expect("serializes");
    assert_eq!(
        encoded,
        json!(value),
        "{type_name}: serde writes {value:?} differently"
    );
    let decoded: T = serde_json::from_value(json!(value)).expect("any string deserializes");
    assert_eq!(
        decoded, from_str,
        "{type_name}: serde reads {value:?} differently"
    );
}

/// Runs [`string_round_trip`] on `value` for every generated string enum,
/// found through `OPEN_ENUM_NAMES` so that a new one cannot be missed.
fn check_every_string_enum(value: &str) {
    macro_rules! check {
        ($t:ident) => {
            string_round_trip(value, $t::KNOWN_VALUES, $t::as_str, $t::is_known)
        };
    }
    for name in OPEN_ENUM_NAMES {
        match *name {
            "CertificateAuthority" => check!(CertificateAuthority),
            "CertificatePackStatus" => check!(CertificatePackStatus),
            "CertificatePackType" => check!(CertificatePackType),
            "GeoRestrictionLabel" => check!(GeoRestrictionLabel),
            "SslAutomaticModeValue" => check!(SslAutomaticModeValue),
            "ValidationMethod" => check!(ValidationMethod),
            // An integer enum: see the ValidityDays property below.
            "ValidityDays" => {}
            other => panic!("generated open enum {other} is not known to the suite: add it here"),
        }
    }
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
        check_every_string_enum(&value);
    }

    #[test]
    fn documented_and_unknown_integers_round_trip_through_validity_days(value in enum_integer()) {
        let parsed = ValidityDays::from(value);
        prop_assert_eq!(parsed.get(), value);
        prop_assert_eq!(parsed.to_string(), value.to_string());
        prop_assert_eq!(value.to_string().parse::<ValidityDays>().expect("an integer"), parsed);
        prop_assert_eq!(parsed.is_known(), ValidityDays::KNOWN_VALUES.contains(&value));
        prop_assert_eq!(serde_json::to_value(parsed).expect("serializes"), json!(value));
        prop_assert_eq!(serde_json::from_value::<ValidityDays>(json!(value)).expect("deserializes"), parsed);
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
