//! Inputs `cargo xtask upstream` cannot use, and how it answers: a reason
//! naming the file, exit 2; and the forms it reads or writes besides the
//! plain excerpt and text (gzip, `--json`).

use std::io::Write as _;

use serde_json::{Value, json};

use super::{AUTOMATIC, edited, excerpt, fragment, schema};
use crate::upstream::{Spec, compare};

#[test]
fn the_excerpt_gzipped_reads_the_same() {
    let text = excerpt().to_string();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(text.as_bytes()).expect("gzip");
    let gzipped = encoder.finish().expect("gzip");
    let spec = Spec::from_bytes("excerpt.json.gz", &gzipped).expect("gunzipped");
    let report = compare(&spec, &fragment()).expect("comparable");
    assert_eq!(report.exit_code(), 0, "{}", report.text());
}

/// `Spec::from_bytes` on `bytes` fails, naming the file and `reason`.
fn assert_unusable(bytes: &[u8], reason: &str) {
    let error = Spec::from_bytes("input.json", bytes).expect_err("unusable");
    assert_eq!(error.file, "input.json");
    assert!(error.what.contains(reason), "{reason:?} not in {error}");
}

#[test]
fn unusable_inputs_are_refused_with_a_reason() {
    assert_unusable(b"{ not json", "not valid JSON (line 1, column 3)");
    assert_unusable(
        &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3],
        "not a valid gzip file",
    );
    assert_unusable(
        br#"{"swagger": "2.0", "paths": {}}"#,
        "a Swagger \"2.0\" document, not OpenAPI 3.0",
    );
    assert_unusable(
        br#"{"openapi": "3.1.0", "paths": {}}"#,
        "`openapi` is \"3.1.0\": only OpenAPI 3.0.x is compared",
    );
    assert_unusable(br#"{"paths": {}}"#, "no `openapi` version key");
    assert_unusable(br#"{"openapi": "3.0.3"}"#, "`paths` is missing");
    assert_unusable(b"[1, 2]", "the top level is not a JSON object");
}

/// `compare` on the excerpt after `edit` fails, naming `excerpt` and `reason`.
fn assert_incomparable(edit: impl FnOnce(&mut Value), reason: &str) {
    let mut spec = excerpt();
    edit(&mut spec);
    let spec = Spec::from_json("excerpt", spec).expect("still OpenAPI 3.0");
    let error = compare(&spec, &fragment()).expect_err("incomparable");
    assert_eq!(error.file, "excerpt");
    assert!(error.what.contains(reason), "{reason:?} not in {error}");
}

#[test]
fn a_missing_operation_or_a_broken_ref_is_refused() {
    assert_incomparable(
        |spec| {
            spec["paths"][AUTOMATIC]
                .as_object_mut()
                .expect("a path item")
                .remove("patch");
        },
        "the fragment's operation `edit_ssl_automatic_mode` is not there: no operation has \
         operationId `ssl-detector-automatic-mode-patch-enrollment`, and there is no PATCH \
         /zones/{zone_id}/settings/ssl_automatic_mode",
    );
    assert_incomparable(
        |spec| {
            spec["components"]["schemas"]
                .as_object_mut()
                .expect("schemas")
                .remove("cache_result");
        },
        "`$ref: #/components/schemas/cache_result` points at nothing in the document",
    );
    assert_incomparable(
        |spec| {
            schema(spec, "cache_identifier")["$ref"] =
                json!("#/components/schemas/cache_identifier");
        },
        "`$ref` cycle",
    );
    assert_incomparable(
        |spec| {
            schema(spec, "cache_result")["properties"]["id"] = json!({ "$ref": "other.json#/x" });
        },
        "points outside the document",
    );
}

#[test]
fn an_unreadable_spec_exits_2() {
    let missing = std::env::temp_dir().join("xtask-upstream-no-such-spec.json");
    let code = crate::upstream::main(
        &crate::workspace_root(),
        &[missing.to_str().expect("utf-8")],
    );
    assert_eq!(code, std::process::ExitCode::from(2));
    let code = crate::upstream::main(&crate::workspace_root(), &["a.json", "b.json"]);
    assert_eq!(code, std::process::ExitCode::from(2));
}

#[test]
fn the_json_report_carries_the_exit_code_and_every_place() {
    let report = edited(|spec| {
        schema(spec, "cache_identifier")["maxLength"] = json!(36);
    });
    let json: Value = serde_json::from_str(&report.json()).expect("JSON");
    assert_eq!(json["exit"], 1);
    assert_eq!(json["differences"][0]["kind"], "constraint");
    assert_eq!(json["differences"][0]["location"], "parameter path zone_id");
    assert_eq!(
        json["informational"].as_array().map(Vec::len),
        Some(report.informational.len())
    );
    assert!(json["forgiven"][0]["reason"].is_string());
}
