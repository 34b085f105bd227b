//! Tests of `cargo xtask upstream`: the vendored August 2026 excerpt
//! (`xtask/testdata/upstream/`), changed in memory one way at a time, is
//! compared with the fragment's operations that the excerpt holds.
//!
//! - `baseline`: the unchanged excerpt says what the fragment says, also
//!   when the fragment has operations the excerpt lacks;
//! - `changes`: each change upstream is reported once per operation that
//!   uses the changed place, at that place, with exit 1;
//! - `inputs`: unusable inputs, exit codes, gzip and `--json`;
//! - `shared`: the real full specs in `../shared/upstream`, ignored unless
//!   asked for (`cargo test -p xtask upstream:: -- --ignored`, with
//!   `../shared` beside the workspace).
//!
//! This file holds the helpers they share.

mod baseline;
mod changes;
mod inputs;
mod shared;

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use super::compare::{Finding, Kind};
use super::model::{self, METHODS};
use super::{Report, Spec, compare};
use crate::codegen::FRAGMENT;

const PACK: &str = "/zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}";
const LIST: &str = "/zones/{zone_id}/ssl/certificate_packs";
const AUTOMATIC: &str = "/zones/{zone_id}/settings/ssl_automatic_mode";
/// A pack's status enum, used by every operation that answers a pack.
const STATUS: &str = "tls-certificates-and-hostnames_status-5";

fn excerpt() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/upstream/cloudflare-2026-08-excerpt.json");
    let text = std::fs::read_to_string(&path).expect("the vendored excerpt");
    serde_json::from_str(&text).expect("the excerpt is JSON")
}

/// The fragment as these tests compare it: only its operations that the
/// excerpt holds (see [`held_by_excerpt`]).
fn fragment() -> Spec {
    held_by_excerpt(whole_fragment())
}

fn whole_fragment() -> Spec {
    Spec::read(&crate::workspace_root().join(FRAGMENT)).expect("the fragment loads")
}

/// `fragment` without the operations the vendored excerpt lacks.
///
/// The excerpt is a fixed cut of Cloudflare's August 2026 spec, and
/// `compare` refuses an upstream document that lacks one of the fragment's
/// operations. An operation added to the fragment after the cut (or one
/// Cloudflare does not have, as in a test of code generation) would make
/// every test here fail for a reason none of them is about: they test how a
/// change *upstream* is reported. So they compare only the operations the
/// excerpt holds, matched as `compare` matches them (upstream operation id,
/// else method and path), and a fragment with more operations passes them
/// unchanged (`operations_the_excerpt_lacks_are_left_out`). The whole
/// fragment is compared with the whole spec by `cargo xtask upstream`.
fn held_by_excerpt(mut fragment: Spec) -> Spec {
    let excerpt = Spec::from_json("excerpt", excerpt()).expect("an OpenAPI 3.0 document");
    let paths = fragment.json["paths"].as_object_mut().expect("paths");
    for (path, item) in paths.iter_mut() {
        let item = item.as_object_mut().expect("a path item");
        item.retain(|method, operation| {
            let upstream_id = operation
                .get("x-cloudflare-operation-id")
                .and_then(Value::as_str);
            !METHODS.contains(&method.as_str())
                || model::locate(&excerpt, upstream_id, method, path).is_some()
        });
    }
    paths.retain(|_, item| METHODS.iter().any(|method| item.get(*method).is_some()));
    fragment
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

/// The list `key` (`enum`, `required`) of the schema `name`.
fn list<'a>(spec: &'a mut Value, name: &str, key: &str) -> &'a mut Vec<Value> {
    schema(spec, name)[key]
        .as_array_mut()
        .unwrap_or_else(|| panic!("schema {name} has a list {key}"))
}

/// The query parameter `name` of the operation at `path` and `method`.
fn parameter<'a>(spec: &'a mut Value, path: &str, method: &str, name: &str) -> &'a mut Value {
    spec["paths"][path][method]["parameters"]
        .as_array_mut()
        .and_then(|list| list.iter_mut().find(|p| p["name"] == name))
        .unwrap_or_else(|| panic!("the excerpt has parameter {name} at {method} {path}"))
}

/// A finding as these tests spell it: `[operation, location, what,
/// upstream, fragment]`.
fn spelled(finding: &Finding) -> [&str; 5] {
    [
        &finding.operation,
        &finding.location,
        &finding.what,
        &finding.upstream,
        &finding.fragment,
    ]
    .map(String::as_str)
}

/// The report's differences that matter, [`spelled`].
fn found(report: &Report) -> Vec<[&str; 5]> {
    report.differences.iter().map(spelled).collect()
}

/// Asserts that the excerpt after `edit` has exactly these differences that
/// matter, in this order (spelled as [`spelled`]), all of `kind`, each
/// printed under its operation; and exit 1. Returns the report.
fn assert_reported<S: AsRef<str>>(
    edit: impl FnOnce(&mut Value),
    expected: &[[S; 5]],
    kind: Kind,
) -> Report {
    let report = edited(edit);
    let expected: Vec<[&str; 5]> = expected
        .iter()
        .map(|f| f.each_ref().map(S::as_ref))
        .collect();
    let text = report.text();
    assert_eq!(found(&report), expected, "{text}");
    assert!(report.differences.iter().all(|f| f.kind == kind), "{text}");
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
    report
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

/// The `operationId`s of every operation in `spec`.
fn operation_ids(spec: &Value) -> BTreeSet<String> {
    let paths = spec["paths"].as_object().expect("paths");
    paths
        .values()
        .flat_map(|item| METHODS.iter().filter_map(|method| item.get(*method)))
        .filter_map(|operation| operation["operationId"].as_str())
        .map(str::to_owned)
        .collect()
}
