//! The suite's own helpers, tested: a comparator that could not report a
//! difference, or a doc parser that found no list, would make every other
//! test pass for nothing.

use conformance::docs::{enum_lists, example_blocks};
use conformance::json_diff::{Difference, first_difference};
use conformance::outcome::{Outcome, expected, failure_envelope_codes};
use serde_json::json;

fn difference_at(expected: serde_json::Value, actual: serde_json::Value) -> Option<String> {
    first_difference(&expected, &actual).map(|d| d.path)
}

#[test]
fn comparator_reports_the_first_real_difference_with_its_json_path() {
    let expected = json!({
        "success": true,
        "result": { "hosts": ["example.com", "*.example.com", "www.example.com"], "id": "a" }
    });
    let mut actual = expected.clone();
    actual["result"]["hosts"][2] = json!("api.example.com");
    assert_eq!(
        first_difference(&expected, &actual),
        Some(Difference {
            path: "$.result.hosts[2]".into(),
            expected: "\"www.example.com\"".into(),
            actual: "\"api.example.com\"".into(),
        })
    );
    assert_eq!(
        first_difference(&expected, &actual)
            .expect("a difference")
            .to_string(),
        "at $.result.hosts[2]: expected \"www.example.com\", got \"api.example.com\""
    );
}

#[test]
fn comparator_reports_missing_extra_and_retyped_values() {
    let base = json!({ "a": { "b": [1, 2] }, "c": "x" });
    // A member missing on one side.
    assert_eq!(
        difference_at(base.clone(), json!({ "a": { "b": [1, 2] } })).as_deref(),
        Some("$.c")
    );
    // An extra member.
    assert_eq!(
        difference_at(
            base.clone(),
            json!({ "a": { "b": [1, 2], "z": 0 }, "c": "x" })
        )
        .as_deref(),
        Some("$.a.z")
    );
    // A shorter array: the first missing index.
    assert_eq!(
        difference_at(base.clone(), json!({ "a": { "b": [1] }, "c": "x" })).as_deref(),
        Some("$.a.b[1]")
    );
    // A different type, a different number, a different boolean.
    assert_eq!(
        difference_at(base.clone(), json!({ "a": { "b": [1, "2"] }, "c": "x" })).as_deref(),
        Some("$.a.b[1]")
    );
    assert_eq!(
        difference_at(json!({ "n": 1 }), json!({ "n": 1.5 })).as_deref(),
        Some("$.n")
    );
    assert_eq!(
        difference_at(json!([true]), json!([false])).as_deref(),
        Some("$[0]")
    );
    // Keys that are not identifiers are quoted.
    assert_eq!(
        difference_at(json!({ "a b": 1 }), json!({ "a b": 2 })).as_deref(),
        Some("$[\"a b\"]")
    );
    // `null` in an array is a value, not an absence.
    assert_eq!(
        difference_at(json!([null]), json!([])).as_deref(),
        Some("$[0]")
    );
}

#[test]
fn comparator_treats_equal_instants_null_members_and_equal_numbers_as_equal() {
    for (expected, actual) in [
        // chrono's re-serialization of the documented date-time.
        (
            json!({ "t": "2014-01-01T05:20:00.12345Z" }),
            json!({ "t": "2014-01-01T05:20:00.123450Z" }),
        ),
        // Offsets: the same instant written in another zone.
        (
            json!(["2014-01-01T05:20:00+02:00"]),
            json!(["2014-01-01T03:20:00Z"]),
        ),
        // A `null` member and an absent one, both ways.
        (json!({ "a": 1, "next": null }), json!({ "a": 1 })),
        (json!({ "a": 1 }), json!({ "a": 1, "next": null })),
        // `0` read into f64 comes back as `0.0`.
        (json!({ "p": 0 }), json!({ "p": 0.0 })),
    ] {
        let difference = difference_at(expected.clone(), actual.clone());
        assert_eq!(difference, None, "{expected} vs {actual}");
    }
}

#[test]
fn comparator_does_not_equate_different_instants_or_non_dates() {
    assert_eq!(
        difference_at(
            json!({ "t": "2014-01-01T05:20:00.12345Z" }),
            json!({ "t": "2014-01-01T05:20:00.12346Z" })
        )
        .as_deref(),
        Some("$.t")
    );
    // Only RFC 3339 date-times get the instant rule; other strings are exact.
    assert_eq!(
        difference_at(json!("2014-01-01"), json!("2014-01-01 ")).as_deref(),
        Some("$")
    );
    // `null` is not `false`, `0` or `""`.
    assert_eq!(
        difference_at(json!({ "a": null }), json!({ "a": false })).as_deref(),
        Some("$.a")
    );
}

#[test]
fn proptest_cases_come_from_the_variable_when_it_is_a_number() {
    assert_eq!(conformance::cases_from(None, 64), 64);
    assert_eq!(conformance::cases_from(Some("1000"), 64), 1000);
    assert_eq!(conformance::cases_from(Some(" 7 "), 64), 7);
    assert_eq!(conformance::cases_from(Some("many"), 64), 64);
    // And the config the suite builds carries them.
    let config = conformance::proptest_config(64, "unused");
    assert_eq!(
        config.cases,
        conformance::cases_from(std::env::var("PROPTEST_CASES").ok().as_deref(), 64)
    );
}

#[test]
fn doc_parser_reads_value_lists_with_their_field() {
    let page = "\
status: Status

Status of certificate pack.

One of the following:
\"initializing\"
\"active\"
type: Literal[\"a\", \"b\"]
One of the following:
\"a\"
\"b\"
validity_days: Optional[Literal[14, 30]]

Validity Days selected for the order.

One of the following:
14
30

Restart Validation";
    let lists = enum_lists(page);
    let summary: Vec<(&str, usize, Vec<&str>)> = lists
        .iter()
        .map(|l| {
            (
                l.field.as_str(),
                l.line,
                l.values.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("status", 5, vec!["initializing", "active"]),
            ("type", 9, vec!["a", "b"]),
            ("validity_days", 16, vec!["14", "30"]),
        ]
    );
    assert_eq!(lists[1].declaration, "type: Literal[\"a\", \"b\"]");
}

/// On every page kept with the suite, the parser reads a list for each
/// "One of the following:" line, each with values and with the field
/// declared above it.
#[test]
fn doc_parser_reads_every_list_on_the_real_pages() {
    use conformance::docs::Page;
    let pages = Page::all();
    assert!(!pages.is_empty(), "no page in tests/fixtures/docs");
    for page in pages {
        let text = page.vendored_text();
        let lines: Vec<&str> = text.lines().collect();
        let markers: Vec<usize> = (1..=lines.len())
            .filter(|&line| lines[line - 1].trim() == "One of the following:")
            .collect();
        let lists = enum_lists(&text);
        let read: Vec<usize> = lists.iter().map(|list| list.line).collect();
        assert_eq!(read, markers, "{}: lists read", page.file_name());
        for list in &lists {
            let where_ = format!("{} line {}", page.file_name(), list.line);
            assert!(!list.values.is_empty(), "{where_}: a list without values");
            let declared = lines[..list.line]
                .iter()
                .rposition(|line| *line == list.declaration);
            assert!(
                declared.is_some(),
                "{where_}: `{}` is not declared above it",
                list.declaration
            );
            assert!(
                list.declaration.starts_with(&format!("{}: ", list.field)),
                "{where_}: `{}` does not declare `{}`",
                list.declaration,
                list.field
            );
        }
    }
}

#[test]
fn example_blocks_are_verbatim_and_deduplicated() {
    let page = "intro\n{\n  \"a\": 1\n}\nReturns Examples\n{\n  \"a\": 1\n}\n{\n  \"b\": {\n  }\n}";
    assert_eq!(
        example_blocks(page),
        ["{\n  \"a\": 1\n}", "{\n  \"b\": {\n  }\n}"]
    );
}

#[test]
fn expected_outcomes_follow_the_rules_not_the_client() {
    let success = br#"{"success":true}"#;
    let failure = br#"{"success":false,"errors":[{"code":1008,"message":"m"}],"messages":[]}"#;
    let ok = |status, body: &[u8]| expected(status, body, 200..=200, true);
    assert_eq!(ok(200, success), Outcome::Ok);
    // A success status of the operation other than 200.
    assert_eq!(expected(201, success, 200..=201, true), Outcome::Ok);
    assert_eq!(
        ok(200, failure),
        Outcome::Api {
            status: 200,
            codes: vec![1008]
        }
    );
    assert_eq!(
        ok(503, failure),
        Outcome::Api {
            status: 503,
            codes: vec![1008]
        }
    );
    assert_eq!(ok(429, b""), Outcome::RateLimited { codes: vec![] });
    assert_eq!(ok(429, failure), Outcome::RateLimited { codes: vec![1008] });
    assert_eq!(ok(201, success), Outcome::Unexpected { status: 201 });
    assert_eq!(ok(400, success), Outcome::Unexpected { status: 400 });
    // A body that is no valid success body.
    assert_eq!(
        expected(200, b"<html>", 200..=200, false),
        Outcome::Unexpected { status: 200 }
    );
    assert_eq!(
        expected(200, success, 200..=200, false),
        Outcome::Unexpected { status: 200 }
    );
    // Not an envelope: success true, no errors, errors without codes.
    assert_eq!(failure_envelope_codes(br#"{"success":false}"#), None);
    assert_eq!(
        failure_envelope_codes(br#"{"success":false,"errors":[{"message":"m"}]}"#),
        None
    );
    assert_eq!(
        failure_envelope_codes(br#"{"success":false,"errors":[],"result":null}"#),
        Some(vec![])
    );
}

/// The generated table of calls and the model describe the same
/// operations, in the same order.
#[test]
fn the_operation_table_is_the_model() {
    use conformance::model::model;
    use conformance::table::OPERATIONS;
    let table: Vec<&str> = OPERATIONS.iter().map(|case| case.id).collect();
    let modelled: Vec<&str> = model()
        .operations
        .iter()
        .map(|operation| operation.operation_id.as_str())
        .collect();
    assert_eq!(table, modelled, "operations");
    for case in OPERATIONS {
        let operation = case.model();
        let parameters: Vec<&str> = operation
            .path_parameters
            .iter()
            .map(|parameter| parameter.name.as_str())
            .collect();
        assert_eq!(
            (case.method, case.path, case.path_parameters, case.body),
            (
                operation.method.as_str(),
                operation.path.as_str(),
                parameters.as_slice(),
                operation
                    .request_body
                    .as_ref()
                    .map(|body| body.component.as_str())
            ),
            "{}",
            case.id
        );
        assert_eq!(
            case.success,
            operation.success().expect("a success response").component,
            "{}",
            case.id
        );
        assert_eq!(
            case.failure,
            operation.failure().expect("a failure response").component,
            "{}",
            case.id
        );
    }
}

#[test]
fn enum_positions_finds_every_enum_value_of_an_instance() {
    use conformance::schema_gen::{EnumPosition, enum_positions};
    let schema = json!({
        "type": "object",
        "properties": {
            "status": { "type": "string", "enum": ["a", "b"] },
            "days": { "type": "integer", "enum": [14, 30] },
            "list": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "label": { "type": "string", "enum": ["us"] },
                        "plain": { "type": "string" }
                    }
                }
            },
            "merged": { "allOf": [{ "properties": { "kind": { "enum": ["x"] } } }] },
            "absent": { "enum": ["z"] }
        }
    });
    let instance = json!({
        "status": "a",
        "days": 30,
        "list": [{ "label": "us", "plain": "p" }, { "plain": "q" }, { "label": "eu" }],
        "merged": { "kind": "x" },
        "extra": "e"
    });
    let mut found = enum_positions(&schema, &instance);
    found.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    let at = |pointer: &str, integer| EnumPosition {
        pointer: pointer.to_owned(),
        integer,
    };
    assert_eq!(
        found,
        [
            at("/days", true),
            at("/list/0/label", false),
            at("/list/2/label", false),
            at("/merged/kind", false),
            at("/status", false),
        ]
    );
}
