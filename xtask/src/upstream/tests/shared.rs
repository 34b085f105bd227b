//! The real full specs in `../shared/upstream` (not part of this
//! repository): ignored unless asked for with
//! `cargo test -p xtask upstream:: -- --ignored` where `../shared` is
//! beside the workspace.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::{excerpt, fragment, operation_ids, whole_fragment};
use crate::upstream::compare::Kind;
use crate::upstream::model::METHODS;
use crate::upstream::{Spec, compare};

/// `../shared/upstream`, beside the workspace: the ignored tests below need
/// it.
fn shared_upstream() -> PathBuf {
    let dir = crate::workspace_root().join("../shared/upstream");
    assert!(
        dir.join("cloudflare-2026-08-full.json.gz").exists(),
        "{} is not beside this workspace; run the ignored tests only where it is",
        dir.display()
    );
    dir
}

/// The excerpt's operations, components, servers and security are the
/// August spec's, unmodified (`xtask/testdata/upstream/cut_excerpt.py`),
/// and each of its operations is one of the fragment's.
#[test]
#[ignore = "needs ../shared/upstream"]
fn the_excerpt_is_cut_unmodified_from_the_august_spec() {
    let full = Spec::read(&shared_upstream().join("cloudflare-2026-08-full.json.gz"))
        .expect("the full spec loads")
        .json;
    let excerpt = excerpt();
    for key in ["openapi", "servers", "security"] {
        assert_eq!(excerpt[key], full[key], "{key}");
    }
    for (path, item) in excerpt["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            assert_eq!(operation, &full["paths"][path][method], "{method} {path}");
        }
    }
    for (section, entries) in excerpt["components"].as_object().expect("components") {
        for (name, node) in entries.as_object().expect("a components section") {
            assert_eq!(node, &full["components"][section][name], "{section}/{name}");
        }
    }
    let fragment = whole_fragment().json;
    let upstream_ids: BTreeSet<&str> = fragment["paths"]
        .as_object()
        .expect("paths")
        .values()
        .flat_map(|item| METHODS.iter().filter_map(|method| item.get(*method)))
        .filter_map(|operation| operation["x-cloudflare-operation-id"].as_str())
        .collect();
    let cut = operation_ids(&excerpt);
    assert!(!cut.is_empty());
    for id in &cut {
        assert!(
            upstream_ids.contains(id.as_str()),
            "{id} is not the fragment's"
        );
    }
}

/// The excerpt's operations, compared with the real July and August specs
/// (the whole fragment is compared with the August spec by `cargo xtask
/// upstream` in `.ci/run`).
#[test]
#[ignore = "needs ../shared/upstream"]
fn the_real_july_and_august_specs_say_what_the_fragment_says() {
    let dir = shared_upstream();
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
