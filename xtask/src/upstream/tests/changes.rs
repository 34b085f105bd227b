//! One change upstream at a time, each reported once per operation that
//! uses the changed place, at that place, with exit 1; and the changes
//! that must not be reported (a renamed schema, a description).

use serde_json::{Value, json};

use super::{
    AUTOMATIC, LIST, PACK, STATUS, assert_reported, edited, excerpt, found, in_both_settings,
    in_every_pack, list, parameter, report, schema,
};
use crate::upstream::compare::{Finding, Kind};

#[test]
fn an_added_enum_value_is_reported_at_its_enum() {
    // One schema upstream, used by three operations: reported at each.
    assert_reported(
        |spec| list(spec, STATUS, "enum").push(json!("frozen")),
        &in_every_pack("status", ["enum value \"frozen\"", "listed", "missing"]),
        Kind::EnumValueAdded,
    );
}

#[test]
fn a_removed_enum_value_is_reported_at_its_enum() {
    let authority = "tls-certificates-and-hostnames_certificate_authority-2";
    assert_reported(
        |spec| list(spec, authority, "enum").retain(|v| v != "ssl_com"),
        &in_every_pack(
            "certificate_authority",
            ["enum value \"ssl_com\"", "missing", "listed"],
        ),
        Kind::EnumValueRemoved,
    );
}

#[test]
fn a_new_optional_property_is_reported() {
    assert_reported(
        |spec| {
            schema(spec, "cache_result")["properties"]["scan_window"] =
                json!({ "type": "string", "format": "date-time" });
        },
        &in_both_settings(
            "response 200 › result.scan_window",
            ["property", "optional string (date-time)", "missing"],
        ),
        Kind::PropertyAdded,
    );
}

#[test]
fn a_property_made_required_is_reported() {
    let certificate = "tls-certificates-and-hostnames_certificate_pack_certificate";
    assert_reported(
        |spec| list(spec, certificate, "required").push(json!("issuer")),
        &in_every_pack("certificates[].issuer", ["required", "yes", "no"]),
        Kind::Required,
    );
}

#[test]
fn a_max_length_change_is_reported() {
    assert_reported(
        |spec| schema(spec, "cache_identifier")["maxLength"] = json!(36),
        &in_both_settings("parameter path zone_id", ["maxLength", "36", "32"]),
        Kind::Constraint,
    );
}

#[test]
fn a_new_response_status_is_reported() {
    let report = assert_reported(
        |spec| {
            spec["paths"][AUTOMATIC]["patch"]["responses"]["429"] = json!({
                "description": "Too many requests.",
                "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/cache_api-response-common-failure" }
                } }
            });
        },
        &[[
            "edit_ssl_automatic_mode",
            "response 429",
            "response",
            "application/json",
            "missing",
        ]],
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
        let status = schemas.remove(STATUS).expect("the status enum");
        schemas.insert("tls-certificates-and-hostnames_status-6".into(), status);
        rename_refs(
            spec,
            &format!("#/components/schemas/{STATUS}"),
            "#/components/schemas/tls-certificates-and-hostnames_status-6",
        );
        assert!(!spec.to_string().contains(STATUS));
    });
    assert!(renamed.differences.is_empty(), "{}", renamed.text());
    assert_eq!(renamed.informational, baseline.informational);
    assert_eq!(renamed.exit_code(), 0);
}

#[test]
fn a_description_change_is_informational_only() {
    let baseline = report(excerpt());
    let report = edited(|spec| {
        schema(spec, STATUS)["description"] = json!("The pack's status.");
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
    let report = assert_reported(
        |spec| spec["paths"][PACK]["patch"]["operationId"] = json!("certificate-packs-edit"),
        &[[
            "edit_certificate_pack",
            "operation",
            "upstream operation id",
            "certificate-packs-edit",
            "certificate-packs-restart-validation-for-advanced-certificate-manager-certificate-pack",
        ]],
        Kind::Operation,
    );
    let matched: Vec<(&str, &str)> = report
        .operations
        .iter()
        .map(|m| (m.operation.as_str(), m.matched_by))
        .collect();
    assert!(
        matched.contains(&("edit_certificate_pack", "method and path")),
        "{matched:?}"
    );
}

#[test]
fn a_new_security_scheme_is_reported() {
    assert_reported(
        |spec| {
            spec["paths"][AUTOMATIC]["patch"]["security"]
                .as_array_mut()
                .expect("security")
                .push(json!({ "user_service_key": [], "api_token": [] }));
        },
        &[[
            "edit_ssl_automatic_mode",
            "security",
            "scheme",
            "api_token + user_service_key",
            "missing",
        ]],
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
    let mut expected = Vec::new();
    for [operation, location, ..] in in_every_pack("hosts", ["", "", ""]) {
        expected.push([&operation, &location, "maxItems", "100", "50"].map(str::to_owned));
        expected.push([&operation, &location, "minItems", "missing", "1"].map(str::to_owned));
    }
    assert_eq!(found(&report), expected);
}

#[test]
fn a_changed_per_page_maximum_is_reported_at_the_list() {
    let report = assert_reported(
        |spec| parameter(spec, LIST, "get", "per_page")["schema"]["maximum"] = json!(100),
        &[[
            "list_certificate_packs",
            "parameter query per_page",
            "maximum",
            "100",
            "50",
        ]],
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
    assert_reported(
        |spec| {
            parameter(spec, LIST, "get", "deploy")["schema"]["enum"]
                .as_array_mut()
                .expect("an inline enum")
                .push(json!("canary"));
        },
        &[[
            "list_certificate_packs",
            "parameter query deploy",
            "enum value \"canary\"",
            "listed",
            "missing",
        ]],
        Kind::EnumValueAdded,
    );
}

#[test]
fn a_new_query_parameter_is_reported_at_the_list() {
    assert_reported(
        |spec| {
            spec["paths"][LIST]["get"]["parameters"]
                .as_array_mut()
                .expect("parameters")
                .push(json!({ "name": "hosts", "in": "query", "schema": { "type": "string" } }));
        },
        &[[
            "list_certificate_packs",
            "parameter query hosts",
            "parameter",
            "optional",
            "missing",
        ]],
        Kind::ParameterAdded,
    );
}

#[test]
fn a_new_result_info_member_is_reported_and_the_failure_stops_dropping_it() {
    // Upstream's list 4XX has its own copy of `result_info`: once the two
    // differ, the 4XX one is no longer the merged success envelope's, and
    // is reported instead of forgiven.
    let collection = "tls-certificates-and-hostnames_certificate_pack_response_collection";
    let list = "list_certificate_packs";
    let report = assert_reported(
        |spec| {
            schema(spec, collection)["properties"]["result_info"]["properties"]["cursor"] =
                json!({ "type": "string" });
        },
        &[
            [
                list,
                "response 200 › result_info.cursor",
                "property",
                "optional string",
                "missing",
            ],
            [
                list,
                "response 4XX › result_info",
                "property",
                "optional object",
                "missing",
            ],
        ],
        Kind::PropertyAdded,
    );
    assert!(
        report
            .forgiven
            .iter()
            .all(|a| a.name != "failure-result-info")
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
    let [list, page] = ["list_certificate_packs", "parameter query page"];
    assert_eq!(
        found(&report),
        [
            [list, page, "type", "number", "integer"],
            [list, page, "format", "double", "missing"],
        ]
    );
    assert_eq!(report.exit_code(), 1);
}

#[test]
fn the_get_pack_envelope_is_compared_apart_from_the_patch_one() {
    // Upstream's GET and PATCH of a pack answer two schemas with the same
    // content; the fragment's one `CertificatePackResponse` is compared with
    // each, so a change to the GET's alone is reported at the GET alone.
    let single = "tls-certificates-and-hostnames_certificate_pack_response_single";
    assert_reported(
        |spec| list(spec, single, "required").push(json!("result")),
        &[[
            "get_certificate_pack",
            "response 200 › result",
            "required",
            "yes",
            "no",
        ]],
        Kind::Required,
    );
}

#[test]
fn a_removed_status_of_get_ssl_automatic_mode_is_reported_there() {
    assert_reported(
        |spec| {
            spec["paths"][AUTOMATIC]["get"]["responses"]
                .as_object_mut()
                .expect("responses")
                .remove("4XX");
        },
        &[[
            "get_ssl_automatic_mode",
            "response 4XX",
            "response",
            "missing",
            "application/json",
        ]],
        Kind::ResponseRemoved,
    );
}

#[test]
fn a_recursive_schema_is_compared_without_looping() {
    let report = edited(|spec| {
        schema(spec, "cache_result")["properties"]["parent"] =
            json!({ "$ref": "#/components/schemas/cache_result" });
    });
    let places: Vec<(&str, &str, Kind)> = report
        .differences
        .iter()
        .map(|f| (f.operation.as_str(), f.location.as_str(), f.kind))
        .collect();
    let parent = ("response 200 › result.parent", Kind::PropertyAdded);
    assert_eq!(
        places,
        [
            ("get_ssl_automatic_mode", parent.0, parent.1),
            ("edit_ssl_automatic_mode", parent.0, parent.1),
        ]
    );
}
