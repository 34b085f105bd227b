//! Tests of `cargo xtask upstream`: the vendored August 2026 excerpt
//! (`xtask/testdata/upstream/`), changed in memory one way at a time, is
//! compared with the real fragment; each change must be reported once per
//! operation that uses the changed place, at that place, with the right
//! exit code. The real full specs are compared too when `../shared/upstream`
//! is beside the workspace.

// tidy: long file: one test per change to upstream (in the two PATCH and the
// three read operations) and per unusable input, each a few lines over the
// same in-memory excerpt and helpers; the table reads best in one place.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::compare::{Finding, Kind};
use super::forgiven::{AGREES_WITH_UPSTREAM, FORGIVEN};
use super::{Report, Spec, compare};
use crate::codegen::FRAGMENT;

const PACK: &str = "/zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}";
const LIST: &str = "/zones/{zone_id}/ssl/certificate_packs";
const AUTOMATIC: &str = "/zones/{zone_id}/settings/ssl_automatic_mode";

fn excerpt() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/upstream/cloudflare-2026-08-excerpt.json");
    let text = std::fs::read_to_string(&path).expect("the vendored excerpt");
    serde_json::from_str(&text).expect("the excerpt is JSON")
}

fn fragment() -> Spec {
    Spec::read(&crate::workspace_root().join(FRAGMENT)).expect("the fragment loads")
}

/// Compares `upstream` (an edited excerpt) with the fragment.
fn report(upstream: Value) -> Report {
    let upstream = Spec::from_json("excerpt", upstream).expect("an OpenAPI 3.0 document");
    compare(&upstream, &fragment()).expect("comparable")
}

/// The excerpt after `edit`.
fn edited(edit: impl FnOnce(&mut Value)) -> Report {
    let mut spec = excerpt();
    edit(&mut spec);
    report(spec)
}

fn schema<'a>(spec: &'a mut Value, name: &str) -> &'a mut Value {
    spec.pointer_mut(&format!("/components/schemas/{name}"))
        .unwrap_or_else(|| panic!("the excerpt has schema {name}"))
}

/// The query parameter `name` of the operation at `path` and `method`.
fn parameter<'a>(spec: &'a mut Value, path: &str, method: &str, name: &str) -> &'a mut Value {
    spec["paths"][path][method]["parameters"]
        .as_array_mut()
        .and_then(|list| list.iter_mut().find(|p| p["name"] == name))
        .unwrap_or_else(|| panic!("the excerpt has parameter {name} at {method} {path}"))
}

/// Asserts that the report has exactly these differences that matter, in
/// this order (`[operation, location, what, upstream, fragment]`), all of
/// `kind`, each printed under its operation; and exit 1.
fn assert_differences<S: AsRef<str>>(report: &Report, expected: &[[S; 5]], kind: Kind) {
    let expected: Vec<[&str; 5]> = expected
        .iter()
        .map(|f| f.each_ref().map(S::as_ref))
        .collect();
    let findings: Vec<Finding> = expected
        .iter()
        .map(|[operation, location, what, upstream, fragment]| Finding {
            operation: (*operation).to_owned(),
            location: (*location).to_owned(),
            kind,
            what: (*what).to_owned(),
            upstream: (*upstream).to_owned(),
            fragment: (*fragment).to_owned(),
        })
        .collect();
    let text = report.text();
    assert_eq!(report.differences, findings, "{text}");
    assert_eq!(report.exit_code(), 1);
    for [operation, location, what, upstream, fragment] in &expected {
        let section = text
            .split("\n\n")
            .find(|section| section.starts_with(&format!("{operation}: ")))
            .unwrap_or_else(|| panic!("no section for {operation} in\n{text}"));
        assert!(
            format!("{section}\n").contains(&format!(
                "  {location}\n    {what}: upstream {upstream}, fragment {fragment}\n"
            )),
            "{text}"
        );
    }
}

/// Asserts that the report has exactly one difference that matters, with
/// these fields, and exit 1.
fn assert_only_difference(report: &Report, expected: [&str; 5], kind: Kind) {
    assert_differences(report, &[expected], kind);
}

/// One finding (`[what, upstream, fragment]`) at `path` inside the pack of
/// each operation that answers one, in report order: the list's
/// `result[]`, the GET's and the PATCH's `result`.
fn in_every_pack(path: &str, [what, upstream, fragment]: [&str; 3]) -> Vec<[String; 5]> {
    [
        ("list_certificate_packs", "result[]"),
        ("get_certificate_pack", "result"),
        ("edit_certificate_pack", "result"),
    ]
    .map(|(operation, result)| {
        [
            operation,
            &format!("response 200 › {result}.{path}"),
            what,
            upstream,
            fragment,
        ]
        .map(str::to_owned)
    })
    .to_vec()
}

/// One finding at `location` of GET and PATCH `ssl_automatic_mode` (one
/// upstream schema serves both), in report order.
fn in_both_settings(location: &str, [what, upstream, fragment]: [&str; 3]) -> Vec<[String; 5]> {
    ["get_ssl_automatic_mode", "edit_ssl_automatic_mode"]
        .map(|operation| [operation, location, what, upstream, fragment].map(str::to_owned))
        .to_vec()
}

#[test]
fn the_unchanged_excerpt_says_what_the_fragment_says() {
    let report = report(excerpt());
    assert!(report.differences.is_empty(), "{}", report.text());
    assert_eq!(report.exit_code(), 0);
    let operations: Vec<&str> = report
        .operations
        .iter()
        .map(|m| m.operation.as_str())
        .collect();
    assert_eq!(
        operations,
        [
            "get_ssl_automatic_mode",
            "edit_ssl_automatic_mode",
            "list_certificate_packs",
            "get_certificate_pack",
            "edit_certificate_pack",
        ]
    );
    assert!(
        report
            .operations
            .iter()
            .all(|m| m.matched_by == "operation id")
    );
    // The deviations that make it so were applied where the README says.
    let forgiven: Vec<(&str, &str, &str)> = report
        .forgiven
        .iter()
        .map(|a| (a.name, a.operation.as_str(), a.location.as_str()))
        .collect();
    for expected in [
        (
            "failure-result",
            "edit_certificate_pack",
            "response 4XX › result",
        ),
        (
            "failure-result",
            "edit_ssl_automatic_mode",
            "response 4XX › result",
        ),
        (
            "failure-success",
            "edit_certificate_pack",
            "response 4XX › success",
        ),
        (
            "failure-errors-minitems",
            "edit_ssl_automatic_mode",
            "response 4XX › errors",
        ),
        (
            "failure-errors-not-empty",
            "edit_certificate_pack",
            "response 4XX › errors",
        ),
        (
            "success-boolean",
            "edit_certificate_pack",
            "response 200 › success",
        ),
        (
            "hosts-limits",
            "edit_certificate_pack",
            "response 200 › result.hosts",
        ),
        (
            "failure-result",
            "get_certificate_pack",
            "response 4XX › result",
        ),
        (
            "failure-result",
            "list_certificate_packs",
            "response 4XX › result",
        ),
        (
            "failure-result",
            "get_ssl_automatic_mode",
            "response 4XX › result",
        ),
        (
            "failure-result-info",
            "list_certificate_packs",
            "response 4XX › result_info",
        ),
        (
            "failure-success",
            "list_certificate_packs",
            "response 4XX › success",
        ),
        (
            "success-boolean",
            "list_certificate_packs",
            "response 200 › success",
        ),
        (
            "success-boolean",
            "get_certificate_pack",
            "response 200 › success",
        ),
        (
            "hosts-limits",
            "get_certificate_pack",
            "response 200 › result.hosts",
        ),
        (
            "hosts-limits",
            "list_certificate_packs",
            "response 200 › result[].hosts",
        ),
        (
            "integer-counts",
            "list_certificate_packs",
            "parameter query page",
        ),
        (
            "integer-counts",
            "list_certificate_packs",
            "parameter query per_page",
        ),
        (
            "integer-counts",
            "list_certificate_packs",
            "response 200 › result_info.total_pages",
        ),
    ] {
        assert!(
            forgiven.contains(&expected),
            "{expected:?} not in {forgiven:?}"
        );
    }
    assert!(
        report
            .text()
            .ends_with("the fragment says what upstream says (exit 0).\n")
    );
}

#[test]
fn an_added_enum_value_is_reported_at_its_enum() {
    let report = edited(|spec| {
        schema(spec, "tls-certificates-and-hostnames_status-5")["enum"]
            .as_array_mut()
            .expect("an enum")
            .push(json!("frozen"));
    });
    // One schema upstream, used by three operations: reported at each.
    assert_differences(
        &report,
        &in_every_pack("status", ["enum value \"frozen\"", "listed", "missing"]),
        Kind::EnumValueAdded,
    );
}

#[test]
fn a_removed_enum_value_is_reported_at_its_enum() {
    let report = edited(|spec| {
        schema(
            spec,
            "tls-certificates-and-hostnames_certificate_authority-2",
        )["enum"]
            .as_array_mut()
            .expect("an enum")
            .retain(|v| v != "ssl_com");
    });
    assert_differences(
        &report,
        &in_every_pack(
            "certificate_authority",
            ["enum value \"ssl_com\"", "missing", "listed"],
        ),
        Kind::EnumValueRemoved,
    );
}

#[test]
fn a_new_optional_property_is_reported() {
    let report = edited(|spec| {
        schema(spec, "cache_result")["properties"]["scan_window"] =
            json!({ "type": "string", "format": "date-time" });
    });
    assert_differences(
        &report,
        &in_both_settings(
            "response 200 › result.scan_window",
            ["property", "optional string (date-time)", "missing"],
        ),
        Kind::PropertyAdded,
    );
}

#[test]
fn a_property_made_required_is_reported() {
    let report = edited(|spec| {
        schema(
            spec,
            "tls-certificates-and-hostnames_certificate_pack_certificate",
        )["required"]
            .as_array_mut()
            .expect("a required list")
            .push(json!("issuer"));
    });
    assert_differences(
        &report,
        &in_every_pack("certificates[].issuer", ["required", "yes", "no"]),
        Kind::Required,
    );
}

#[test]
fn a_max_length_change_is_reported() {
    let report = edited(|spec| {
        schema(spec, "cache_identifier")["maxLength"] = json!(36);
    });
    assert_differences(
        &report,
        &in_both_settings("parameter path zone_id", ["maxLength", "36", "32"]),
        Kind::Constraint,
    );
}

#[test]
fn a_new_response_status_is_reported() {
    let report = edited(|spec| {
        spec["paths"][AUTOMATIC]["patch"]["responses"]["429"] = json!({
            "description": "Too many requests.",
            "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/cache_api-response-common-failure" }
            } }
        });
    });
    assert_only_difference(
        &report,
        [
            "edit_ssl_automatic_mode",
            "response 429",
            "response",
            "application/json",
            "missing",
        ],
        Kind::ResponseAdded,
    );
    assert!(
        report.forgiven.iter().all(|a| !a.location.contains("429")),
        "a status the fragment lacks is reported, not normalised"
    );
}

/// Every `$ref` to `from` now says `to`.
fn rename_refs(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "$ref" && child == from {
                    *child = json!(to);
                } else {
                    rename_refs(child, from, to);
                }
            }
        }
        Value::Array(list) => list.iter_mut().for_each(|v| rename_refs(v, from, to)),
        _ => {}
    }
}

#[test]
fn a_renamed_schema_with_the_same_content_is_not_reported() {
    let baseline = report(excerpt());
    let renamed = edited(|spec| {
        let schemas = spec["components"]["schemas"]
            .as_object_mut()
            .expect("schemas");
        let status = schemas
            .remove("tls-certificates-and-hostnames_status-5")
            .expect("the status enum");
        schemas.insert("tls-certificates-and-hostnames_status-6".into(), status);
        rename_refs(
            spec,
            "#/components/schemas/tls-certificates-and-hostnames_status-5",
            "#/components/schemas/tls-certificates-and-hostnames_status-6",
        );
        assert!(!spec.to_string().contains("status-5"));
    });
    assert!(renamed.differences.is_empty(), "{}", renamed.text());
    assert_eq!(renamed.informational, baseline.informational);
    assert_eq!(renamed.exit_code(), 0);
}

#[test]
fn a_description_change_is_informational_only() {
    let baseline = report(excerpt());
    let report = edited(|spec| {
        schema(spec, "tls-certificates-and-hostnames_status-5")["description"] =
            json!("The pack's status.");
    });
    assert!(report.differences.is_empty(), "{}", report.text());
    assert_eq!(report.exit_code(), 0);
    let new: Vec<&Finding> = report
        .informational
        .iter()
        .filter(|f| !baseline.informational.contains(f))
        .collect();
    let places: Vec<(&str, &str)> = new
        .iter()
        .map(|f| (f.operation.as_str(), f.location.as_str()))
        .collect();
    assert_eq!(
        places,
        [
            ("list_certificate_packs", "response 200 › result[].status"),
            ("get_certificate_pack", "response 200 › result.status"),
            ("edit_certificate_pack", "response 200 › result.status"),
        ]
    );
    for finding in new {
        assert_eq!(finding.kind, Kind::Description);
        assert_eq!(finding.upstream, "\"The pack's status.\"");
        assert_eq!(finding.fragment, "\"Status of certificate pack.\"");
    }
}

#[test]
fn a_changed_operation_id_falls_back_to_method_and_path() {
    let report = edited(|spec| {
        spec["paths"][PACK]["patch"]["operationId"] = json!("certificate-packs-edit");
    });
    let matched: Vec<(&str, &str)> = report
        .operations
        .iter()
        .map(|m| (m.operation.as_str(), m.matched_by))
        .collect();
    assert!(
        matched.contains(&("edit_certificate_pack", "method and path")),
        "{matched:?}"
    );
    assert_only_difference(
        &report,
        [
            "edit_certificate_pack",
            "operation",
            "upstream operation id",
            "certificate-packs-edit",
            "certificate-packs-restart-validation-for-advanced-certificate-manager-certificate-pack",
        ],
        Kind::Operation,
    );
}

#[test]
fn a_new_security_scheme_is_reported() {
    let report = edited(|spec| {
        spec["paths"][AUTOMATIC]["patch"]["security"]
            .as_array_mut()
            .expect("security")
            .push(json!({ "user_service_key": [], "api_token": [] }));
    });
    assert_only_difference(
        &report,
        [
            "edit_ssl_automatic_mode",
            "security",
            "scheme",
            "api_token + user_service_key",
            "missing",
        ],
        Kind::SecurityAdded,
    );
}

#[test]
fn a_deviation_stops_being_forgiven_when_upstream_changes_there() {
    // Upstream bounds `hosts` itself, differently from the fragment: the
    // hosts-limits normalisation no longer applies, and the bound is reported.
    let report = edited(|spec| {
        schema(spec, "tls-certificates-and-hostnames_hosts-2")["maxItems"] = json!(100);
    });
    assert!(report.forgiven.iter().all(|a| a.name != "hosts-limits"));
    let found: Vec<(&str, &str, &str, &str, &str)> = report
        .differences
        .iter()
        .map(|f| {
            (
                f.operation.as_str(),
                f.location.as_str(),
                f.what.as_str(),
                f.upstream.as_str(),
                f.fragment.as_str(),
            )
        })
        .collect();
    let mut expected = Vec::new();
    for (operation, location) in [
        ("list_certificate_packs", "response 200 › result[].hosts"),
        ("get_certificate_pack", "response 200 › result.hosts"),
        ("edit_certificate_pack", "response 200 › result.hosts"),
    ] {
        expected.push((operation, location, "maxItems", "100", "50"));
        expected.push((operation, location, "minItems", "missing", "1"));
    }
    assert_eq!(found, expected);
}

#[test]
fn a_changed_per_page_maximum_is_reported_at_the_list() {
    let report = edited(|spec| {
        parameter(spec, LIST, "get", "per_page")["schema"]["maximum"] = json!(100);
    });
    assert_only_difference(
        &report,
        [
            "list_certificate_packs",
            "parameter query per_page",
            "maximum",
            "100",
            "50",
        ],
        Kind::Constraint,
    );
    assert!(
        report.text().ends_with(
            "Result: 1 difference that matters (exit 1): carry it into the fragment, \
                        or document it as a deviation (openapi/README.md).\n"
        ),
        "{}",
        report.text()
    );
}

#[test]
fn a_new_deploy_value_is_reported_at_the_list() {
    let report = edited(|spec| {
        parameter(spec, LIST, "get", "deploy")["schema"]["enum"]
            .as_array_mut()
            .expect("an inline enum")
            .push(json!("canary"));
    });
    assert_only_difference(
        &report,
        [
            "list_certificate_packs",
            "parameter query deploy",
            "enum value \"canary\"",
            "listed",
            "missing",
        ],
        Kind::EnumValueAdded,
    );
}

#[test]
fn a_new_query_parameter_is_reported_at_the_list() {
    let report = edited(|spec| {
        spec["paths"][LIST]["get"]["parameters"]
            .as_array_mut()
            .expect("parameters")
            .push(json!({ "name": "hosts", "in": "query", "schema": { "type": "string" } }));
    });
    assert_only_difference(
        &report,
        [
            "list_certificate_packs",
            "parameter query hosts",
            "parameter",
            "optional",
            "missing",
        ],
        Kind::ParameterAdded,
    );
}

#[test]
fn a_new_result_info_member_is_reported_and_the_failure_stops_dropping_it() {
    // Upstream's list 4XX has its own copy of `result_info`: once the two
    // differ, the 4XX one is no longer the merged success envelope's, and
    // is reported instead of forgiven.
    let report = edited(|spec| {
        schema(
            spec,
            "tls-certificates-and-hostnames_certificate_pack_response_collection",
        )["properties"]["result_info"]["properties"]["cursor"] = json!({ "type": "string" });
    });
    assert!(
        report
            .forgiven
            .iter()
            .all(|a| a.name != "failure-result-info")
    );
    let found: Vec<(&str, &str, Kind, &str)> = report
        .differences
        .iter()
        .map(|f| {
            (
                f.operation.as_str(),
                f.location.as_str(),
                f.kind,
                f.upstream.as_str(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "list_certificate_packs",
                "response 200 › result_info.cursor",
                Kind::PropertyAdded,
                "optional string"
            ),
            (
                "list_certificate_packs",
                "response 4XX › result_info",
                Kind::PropertyAdded,
                "optional object"
            ),
        ]
    );
}

#[test]
fn page_numbers_stop_being_forgiven_when_upstream_types_them_otherwise() {
    // `type: number` with `format: double` is no longer the plain `number`
    // the README describes: `page` is reported, `per_page` still forgiven.
    let report = edited(|spec| {
        parameter(spec, LIST, "get", "page")["schema"]["format"] = json!("double");
    });
    let integer_counts: Vec<&str> = report
        .forgiven
        .iter()
        .filter(|a| a.name == "integer-counts")
        .map(|a| a.location.as_str())
        .collect();
    assert!(!integer_counts.contains(&"parameter query page"));
    assert!(integer_counts.contains(&"parameter query per_page"));
    let found: Vec<(&str, &str, &str, &str, &str)> = report
        .differences
        .iter()
        .map(|f| {
            (
                f.operation.as_str(),
                f.location.as_str(),
                f.what.as_str(),
                f.upstream.as_str(),
                f.fragment.as_str(),
            )
        })
        .collect();
    let page = ("list_certificate_packs", "parameter query page");
    assert_eq!(
        found,
        [
            (page.0, page.1, "type", "number", "integer"),
            (page.0, page.1, "format", "double", "missing"),
        ]
    );
    assert_eq!(report.exit_code(), 1);
}

#[test]
fn the_get_pack_envelope_is_compared_apart_from_the_patch_one() {
    // Upstream's GET and PATCH of a pack answer two schemas with the same
    // content; the fragment's one `CertificatePackResponse` is compared with
    // each, so a change to the GET's alone is reported at the GET alone.
    let report = edited(|spec| {
        schema(
            spec,
            "tls-certificates-and-hostnames_certificate_pack_response_single",
        )["required"]
            .as_array_mut()
            .expect("a required list")
            .push(json!("result"));
    });
    assert_only_difference(
        &report,
        [
            "get_certificate_pack",
            "response 200 › result",
            "required",
            "yes",
            "no",
        ],
        Kind::Required,
    );
}

#[test]
fn a_removed_status_of_get_ssl_automatic_mode_is_reported_there() {
    let report = edited(|spec| {
        spec["paths"][AUTOMATIC]["get"]["responses"]
            .as_object_mut()
            .expect("responses")
            .remove("4XX");
    });
    assert_only_difference(
        &report,
        [
            "get_ssl_automatic_mode",
            "response 4XX",
            "response",
            "missing",
            "application/json",
        ],
        Kind::ResponseRemoved,
    );
}

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
fn a_recursive_schema_is_compared_without_looping() {
    let report = edited(|spec| {
        schema(spec, "cache_result")["properties"]["parent"] =
            json!({ "$ref": "#/components/schemas/cache_result" });
    });
    let found: Vec<(&str, &str, Kind)> = report
        .differences
        .iter()
        .map(|f| (f.operation.as_str(), f.location.as_str(), f.kind))
        .collect();
    let parent = ("response 200 › result.parent", Kind::PropertyAdded);
    assert_eq!(
        found,
        [
            ("get_ssl_automatic_mode", parent.0, parent.1),
            ("edit_ssl_automatic_mode", parent.0, parent.1),
        ]
    );
}

#[test]
fn an_unreadable_spec_exits_2() {
    let missing = std::env::temp_dir().join("xtask-upstream-no-such-spec.json");
    let code = super::main(
        &crate::workspace_root(),
        &[missing.to_str().expect("utf-8")],
    );
    assert_eq!(code, std::process::ExitCode::from(2));
    let code = super::main(&crate::workspace_root(), &["a.json", "b.json"]);
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

/// The README's numbered deviations, and the list in `forgiven.rs`, name
/// the same deviations: nothing forgiven without a README entry, and no
/// README entry forgotten.
#[test]
fn every_entry_is_a_readme_deviation() {
    let readme = std::fs::read_to_string(crate::workspace_root().join("openapi/README.md"))
        .expect("openapi/README.md");
    let section = readme
        .split("## Deliberate deviations from upstream")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("the deviations section");
    let in_readme: std::collections::BTreeSet<u8> = section
        .lines()
        .filter_map(|line| line.split_once(". **"))
        .filter_map(|(number, _)| number.trim().parse().ok())
        .collect();
    let in_code: std::collections::BTreeSet<u8> = FORGIVEN
        .iter()
        .map(|entry| entry.deviation)
        .chain(AGREES_WITH_UPSTREAM.iter().map(|(number, _)| *number))
        .collect();
    assert_eq!(in_code, in_readme);
    assert_eq!(in_readme.len(), 16);
}

/// `../shared/upstream`, beside the workspace, when it is there.
fn shared_upstream() -> Option<PathBuf> {
    let dir = crate::workspace_root().join("../shared/upstream");
    dir.join("cloudflare-2026-08-full.json.gz")
        .exists()
        .then_some(dir)
}

/// The excerpt's operations, components, servers and security are the
/// August spec's, unmodified (`xtask/testdata/upstream/cut_excerpt.py`).
#[test]
fn the_excerpt_is_cut_unmodified_from_the_august_spec() {
    let Some(dir) = shared_upstream() else {
        println!("skipped: ../shared/upstream is not beside this workspace");
        return;
    };
    let full = Spec::read(&dir.join("cloudflare-2026-08-full.json.gz"))
        .expect("the full spec loads")
        .json;
    let excerpt = excerpt();
    for key in ["openapi", "servers", "security"] {
        assert_eq!(excerpt[key], full[key], "{key}");
    }
    let mut operations = 0;
    for (path, item) in excerpt["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            assert_eq!(operation, &full["paths"][path][method], "{method} {path}");
            operations += 1;
        }
    }
    assert_eq!(operations, 5);
    for (section, entries) in excerpt["components"].as_object().expect("components") {
        for (name, node) in entries.as_object().expect("a components section") {
            assert_eq!(node, &full["components"][section][name], "{section}/{name}");
        }
    }
}

#[test]
fn the_real_july_and_august_specs_say_what_the_fragment_says() {
    let Some(dir) = shared_upstream() else {
        println!("skipped: ../shared/upstream is not beside this workspace");
        return;
    };
    let vendor_keys = |month: &str| {
        let spec = Spec::read(&dir.join(format!("cloudflare-2026-{month}-full.json.gz")))
            .expect("the full spec loads");
        let report = compare(&spec, &fragment()).expect("comparable");
        assert!(report.differences.is_empty(), "{}", report.text());
        assert_eq!(report.exit_code(), 0);
        report
            .informational
            .into_iter()
            .filter(|f| f.kind == Kind::VendorKey && f.location == "operation")
            .map(|f| (f.operation, f.what, f.upstream))
            .collect::<Vec<_>>()
    };
    let july = vendor_keys("07");
    let august = vendor_keys("08");
    assert!(
        july.iter()
            .any(|(op, key, _)| op == "edit_certificate_pack" && key == "x-cfPermissionsRequired"),
        "{july:?}"
    );
    // July → August changed only vendor keys: these four appeared on each
    // certificate-pack operation, and none on the Automatic SSL/TLS ones.
    let appeared: Vec<(&str, &str)> = august
        .iter()
        .filter(|key| !july.contains(key))
        .map(|(op, key, _)| (op.as_str(), key.as_str()))
        .collect();
    let mut expected = Vec::new();
    for operation in [
        "list_certificate_packs",
        "get_certificate_pack",
        "edit_certificate_pack",
    ] {
        for key in [
            "x-fern-availability",
            "x-fern-sdk-group-name",
            "x-fern-sdk-method-name",
            "x-forge-hidden",
        ] {
            expected.push((operation, key));
        }
    }
    assert_eq!(appeared, expected);
}
