//! The unchanged excerpt against the fragment: nothing that matters
//! differs, every documented deviation is forgiven where the README says,
//! and operations the excerpt lacks (added to the fragment since it was
//! cut, or not Cloudflare's at all) change nothing here.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::{excerpt, held_by_excerpt, operation_ids, report, whole_fragment};
use crate::upstream::forgiven::{AGREES_WITH_UPSTREAM, FORGIVEN};
use crate::upstream::{Spec, compare};

#[test]
fn the_unchanged_excerpt_says_what_the_fragment_says() {
    let report = report(excerpt());
    assert!(report.differences.is_empty(), "{}", report.text());
    assert_eq!(report.exit_code(), 0);
    // Every operation of the excerpt was compared, found by its id.
    let compared: BTreeSet<String> = report
        .operations
        .iter()
        .filter(|m| m.matched_by == "operation id")
        .filter_map(|m| m.upstream_operation_id.clone())
        .collect();
    assert_eq!(compared, operation_ids(&excerpt()));
    assert_eq!(compared.len(), report.operations.len());
    // The deviations that make it so were applied where the README says.
    let forgiven: Vec<String> = report
        .forgiven
        .iter()
        .map(|a| format!("{} {}: {}", a.operation, a.location, a.name))
        .collect();
    for expected in [
        "edit_certificate_pack response 4XX › result: failure-result",
        "edit_ssl_automatic_mode response 4XX › result: failure-result",
        "get_certificate_pack response 4XX › result: failure-result",
        "list_certificate_packs response 4XX › result: failure-result",
        "get_ssl_automatic_mode response 4XX › result: failure-result",
        "list_certificate_packs response 4XX › result_info: failure-result-info",
        "edit_certificate_pack response 4XX › success: failure-success",
        "list_certificate_packs response 4XX › success: failure-success",
        "edit_ssl_automatic_mode response 4XX › errors: failure-errors-minitems",
        "edit_certificate_pack response 4XX › errors: failure-errors-not-empty",
        "edit_certificate_pack response 200 › success: success-boolean",
        "list_certificate_packs response 200 › success: success-boolean",
        "get_certificate_pack response 200 › success: success-boolean",
        "edit_certificate_pack response 200 › result.hosts: hosts-limits",
        "get_certificate_pack response 200 › result.hosts: hosts-limits",
        "list_certificate_packs response 200 › result[].hosts: hosts-limits",
        "list_certificate_packs parameter query page: integer-counts",
        "list_certificate_packs parameter query per_page: integer-counts",
        "list_certificate_packs response 200 › result_info.total_pages: integer-counts",
    ] {
        assert!(
            forgiven.iter().any(|applied| applied == expected),
            "{expected:?} not in {forgiven:#?}"
        );
    }
    assert!(
        report
            .text()
            .ends_with("the fragment says what upstream says (exit 0).\n")
    );
}

/// The hold of a zone: a GET and a PATCH that Cloudflare does not have,
/// each with schemas of its own, added to `fragment` as the fragment's
/// conventions have it.
fn add_zone_hold(fragment: &mut Value) {
    let failure = json!({
        "description": "Failure.",
        "content": { "application/json": {
            "schema": { "$ref": "#/components/schemas/ApiFailure" }
        } }
    });
    let answer = json!({
        "description": "The zone's hold.",
        "content": { "application/json": {
            "schema": { "$ref": "#/components/schemas/ZoneHoldResponse" },
            "example": { "errors": [], "messages": [], "success": true,
                         "result": { "hold": true, "include_subdomains": false } }
        } }
    });
    let zone_id = json!([{
        "name": "zone_id", "in": "path", "required": true,
        "schema": { "$ref": "#/components/schemas/Identifier" }
    }]);
    fragment["paths"]["/zones/{zone_id}/hold"] = json!({
        "get": {
            "operationId": "get_zone_hold",
            "parameters": zone_id,
            "responses": { "200": answer, "4XX": failure },
            "security": [{ "api_token": [] }]
        },
        "patch": {
            "operationId": "edit_zone_hold",
            "parameters": zone_id,
            "requestBody": { "required": true, "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/ZoneHoldEditRequest" },
                "example": { "hold": true }
            } } },
            "responses": { "200": answer, "4XX": failure },
            "security": [{ "api_token": [] }]
        }
    });
    let schemas = fragment["components"]["schemas"]
        .as_object_mut()
        .expect("schemas");
    schemas.insert(
        "ZoneHold".into(),
        json!({ "type": "object", "required": ["hold"], "properties": {
            "hold": { "type": "boolean" },
            "include_subdomains": { "type": "boolean" }
        } }),
    );
    schemas.insert(
        "ZoneHoldEditRequest".into(),
        json!({ "type": "object", "required": ["hold"], "properties": {
            "hold": { "type": "boolean" }
        } }),
    );
    schemas.insert(
        "ZoneHoldResponse".into(),
        json!({ "type": "object", "required": ["success", "errors", "messages", "result"],
                "properties": {
            "success": { "type": "boolean" },
            "errors": { "type": "array", "items": { "$ref": "#/components/schemas/ResponseInfo" } },
            "messages": { "type": "array", "items": { "$ref": "#/components/schemas/ResponseInfo" } },
            "result": { "$ref": "#/components/schemas/ZoneHold" }
        } }),
    );
}

/// A fragment with operations the excerpt lacks: compared whole, the
/// excerpt is refused; compared as these tests compare it, the operations
/// left are the same as the real fragment's, and so is the report, so every
/// test here passes against it as it does against the real one.
#[test]
fn operations_the_excerpt_lacks_are_left_out() {
    let real = whole_fragment();
    let mut grown = real.json.clone();
    add_zone_hold(&mut grown);
    let grown = Spec::from_json(&real.label, grown).expect("still OpenAPI 3.0");
    assert!(operation_ids(&grown.json).contains("edit_zone_hold"));
    let excerpt = Spec::from_json("excerpt", excerpt()).expect("an OpenAPI 3.0 document");
    let whole = compare(&excerpt, &grown).expect_err("the excerpt lacks the hold");
    assert!(whole.what.contains("is not there"), "{whole}");

    let (real, grown) = (held_by_excerpt(real), held_by_excerpt(grown));
    assert_eq!(grown.json["paths"], real.json["paths"]);
    let text = |fragment: &Spec| compare(&excerpt, fragment).expect("comparable").text();
    assert_eq!(text(&grown), text(&real));
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
    let in_readme: BTreeSet<u8> = section
        .lines()
        .filter_map(|line| line.split_once(". **"))
        .filter_map(|(number, _)| number.trim().parse().ok())
        .collect();
    let in_code: BTreeSet<u8> = FORGIVEN
        .iter()
        .map(|entry| entry.deviation)
        .chain(AGREES_WITH_UPSTREAM.iter().map(|(number, _)| *number))
        .collect();
    assert_eq!(in_code, in_readme);
    // Every entry of the README's numbered list was read, none skipped.
    let last = in_readme.last().copied().unwrap_or(0);
    assert!(last > 0, "no numbered deviation read from\n{section}");
    assert_eq!(in_readme, (1..=last).collect(), "{section}");
}
