//! Whole responses generated from the fragment's schemas (every response
//! schema of every operation, read from the operation model, so new fields
//! and responses are covered without editing this file) decode into the
//! generated types and encode back to equivalent JSON.

use std::collections::BTreeMap;

use conformance::json_diff::first_difference;
use conformance::model::{model, validate};
use conformance::schema_gen::{Options, arbitrary_instance};
use conformance::table::decode;
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::Value;

/// Every response schema of the fragment once, by component name, with the
/// responses that use it (for messages). Operations sharing a schema share
/// its cases: what is checked is the schema's generated type.
fn response_schemas() -> BTreeMap<&'static str, (&'static Value, Vec<String>)> {
    let mut schemas: BTreeMap<&str, (&Value, Vec<String>)> = BTreeMap::new();
    for (operation, response) in model().responses() {
        schemas
            .entry(response.component.as_str())
            .or_insert((&response.schema, Vec::new()))
            .1
            .push(format!("{} {}", operation.headline(), response.status));
    }
    schemas
}

/// A response schema (its component, the schema, what uses it) and an
/// instance of it. Each case draws a schema: the cases are shared by every
/// schema, so more operations do not multiply the run time.
fn instances(
    options: Options,
) -> impl Strategy<Value = (&'static str, &'static Value, String, Value)> {
    let per_schema: Vec<_> = response_schemas()
        .into_iter()
        .map(|(component, (schema, used_by))| {
            let what = format!("{component} (the response of {})", used_by.join(", "));
            (
                Just(component),
                Just(schema),
                Just(what),
                arbitrary_instance(schema, options),
            )
                .boxed()
        })
        .collect();
    proptest::strategy::Union::new(per_schema)
}

/// `cases` generated instances of the response schemas decode into their
/// generated types and encode back equivalently; with `options` allowing
/// only schema values, each instance also validates against the fragment
/// (a check of the generator itself).
fn round_trip_generated_responses(options: Options, cases: u32, name: &str) {
    let mut runner = TestRunner::new(conformance::proptest_config(cases, name));
    let result = runner.run(
        &instances(options),
        |(component, schema, what, instance)| {
            if !options.unknown_enum_values
                && let Err(violations) = validate(&what, schema, &instance)
            {
                return Err(TestCaseError::fail(format!(
                    "the generator made an invalid instance: {violations}"
                )));
            }
            let decoded = decode(component, &instance)
                .map_err(|e| TestCaseError::fail(format!("{what} {e}")))?;
            if let Some(difference) = first_difference(&instance, &decoded.reencoded) {
                return Err(TestCaseError::fail(format!(
                    "{what}: re-encoded JSON differs {difference}"
                )));
            }
            Ok(())
        },
    );
    if let Err(error) = result {
        panic!("{error}");
    }
}

#[test]
fn generated_valid_responses_validate_decode_and_round_trip() {
    round_trip_generated_responses(Options::default(), 512, "responses_valid");
}

#[test]
fn generated_responses_with_unknown_enum_values_decode_and_round_trip() {
    round_trip_generated_responses(
        Options {
            unknown_enum_values: true,
        },
        512,
        "responses_unknown_enums",
    );
}
