//! Whole responses generated from the fragment's schemas (every response
//! of every operation, found by walking the fragment, so new fields and
//! responses are covered without editing this file) decode into the
//! generated types and encode back to equivalent JSON.

use cloudflare_ssl_mock::spec::Spec;
use conformance::json_diff::first_difference;
use conformance::schema_gen::{Options, arbitrary_instance};
use conformance::typed::{component_name, decode};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::Value;

/// Every `(METHOD path status, schema)` of the fragment's JSON responses.
fn documented_responses(spec: &Spec) -> Vec<(String, Value)> {
    let mut responses = Vec::new();
    let paths = spec
        .document()
        .get("paths")
        .and_then(Value::as_object)
        .expect("the fragment has paths");
    for (path, item) in paths {
        for (method, operation) in item.as_object().into_iter().flatten() {
            let Some(codes) = operation.get("responses").and_then(Value::as_object) else {
                continue;
            };
            for (code, response) in codes {
                if let Some(schema) = response.pointer("/content/application~1json/schema") {
                    let what = format!("{} {path} {code}", method.to_uppercase());
                    responses.push((what, schema.clone()));
                }
            }
        }
    }
    responses
}

#[test]
fn every_operation_documents_a_200_and_a_4xx_json_response() {
    let names: Vec<String> = documented_responses(&Spec::new())
        .into_iter()
        .map(|(what, _)| what)
        .collect();
    for expected in [
        "PATCH /zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id} 200",
        "PATCH /zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id} 4XX",
        "PATCH /zones/{zone_id}/settings/ssl_automatic_mode 200",
        "PATCH /zones/{zone_id}/settings/ssl_automatic_mode 4XX",
    ] {
        assert!(
            names.iter().any(|name| name == expected),
            "{expected} not found among {names:?}"
        );
    }
}

/// For each documented response: `cases` generated instances decode into
/// its generated type and encode back equivalently; with `options`
/// allowing only schema values, each instance also validates against the
/// fragment (a check of the generator itself).
fn round_trip_generated_responses(options: Options, name: &str) {
    let spec = Spec::new();
    for (what, schema) in documented_responses(&spec) {
        let component = component_name(&schema)
            .unwrap_or_else(|| panic!("{what}: the response schema is not a named component"))
            .to_owned();
        let json_schema = spec.schema(&schema);
        let strategy = arbitrary_instance(spec.document(), &schema, options);
        let mut runner = TestRunner::new(conformance::proptest_config(128, name));
        let result = runner.run(&strategy, |instance| {
            if !options.unknown_enum_values
                && let Err(violations) = spec.validate(&what, &json_schema, &instance)
            {
                return Err(TestCaseError::fail(format!(
                    "the generator made an invalid instance: {violations}"
                )));
            }
            let decoded = decode(&component, &instance)
                .map_err(|e| TestCaseError::fail(format!("{what}: {component} {e}")))?;
            if let Some(difference) = first_difference(&instance, &decoded.reencoded) {
                return Err(TestCaseError::fail(format!(
                    "{what}: re-encoded {component} differs {difference}"
                )));
            }
            Ok(())
        });
        if let Err(error) = result {
            panic!("{what}: {error}");
        }
    }
}

#[test]
fn generated_valid_responses_validate_decode_and_round_trip() {
    round_trip_generated_responses(Options::default(), "responses_valid");
}

#[test]
fn generated_responses_with_unknown_enum_values_decode_and_round_trip() {
    round_trip_generated_responses(
        Options {
            unknown_enum_values: true,
        },
        "responses_unknown_enums",
    );
}
