//! progenitor's `test_output` style: a tiny spec in, the exact generated
//! files out. Each case under `xtask/testdata/codegen/` exercises one
//! correction (or the operation descriptions) and pins every generated file
//! its `expected/` folder holds. `EXPECTORATE=overwrite cargo test -p xtask`
//! rewrites the expected files from what the generator makes now; review
//! the diff before committing it.

use std::path::{Path, PathBuf};

use super::cases::{case_dir, case_fragment};
use super::{
    CONFORMANCE_FILE, MOCK_OPERATIONS_FILE, MOCK_OPERATIONS_JSON, OPEN_ENUMS_FILE, OPERATIONS_FILE,
    QUERIES_FILE, TYPES_FILE, generate,
};

/// Where a generated file's expected copy lives under `expected/`: the
/// crate's folder name, then the file name
/// (`crates/cloudflare-ssl/src/generated_types.rs` →
/// `cloudflare-ssl/generated_types.rs`).
fn expected_name(file: &str) -> PathBuf {
    let path = Path::new(file);
    let relative = path.strip_prefix("crates").unwrap_or(path);
    let krate = relative.components().next().expect("a crate folder");
    Path::new(krate.as_os_str()).join(path.file_name().expect("a file name"))
}

/// Generates from `<case>/openapi.json` and compares each file named in
/// `files` with `<case>/expected/<file name>`.
fn assert_generates(case: &str, files: &[&str]) {
    let dir = case_dir(case);
    let fragment = case_fragment(case);
    let source = format!("xtask/testdata/codegen/{case}/openapi.json");
    let generated = generate(&fragment, &source).expect("the case's spec generates");
    let overwrite = std::env::var("EXPECTORATE").is_ok_and(|v| v == "overwrite");
    let mut stale = Vec::new();
    for file in files {
        let (_, actual) = generated
            .iter()
            .find(|(path, _)| path == Path::new(file))
            .unwrap_or_else(|| panic!("{file} was not generated"));
        let expected_path = dir.join("expected").join(expected_name(file));
        if overwrite {
            std::fs::create_dir_all(expected_path.parent().expect("a folder")).expect("mkdir");
            std::fs::write(&expected_path, actual).expect("write expected");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if &expected != actual {
            let diff = similar::TextDiff::from_lines(&expected, actual)
                .unified_diff()
                .header("expected", "generated")
                .to_string();
            stale.push(format!("{}:\n{diff}", expected_path.display()));
        }
    }
    assert!(
        stale.is_empty(),
        "generated output differs from the expected files; if the change is intended, run \
         `EXPECTORATE=overwrite cargo test -p xtask` and review the diff:\n{}",
        stale.join("\n")
    );
}

#[test]
fn open_enums_replace_typifys_closed_enums() {
    assert_generates("open_enums", &[TYPES_FILE, OPEN_ENUMS_FILE]);
}

/// Also shows typify's `error` module dropped: with the strings plain, no
/// `TryFrom` is left to use its `ConversionError`.
#[test]
fn constrained_strings_become_plain_strings() {
    assert_generates("constrained_strings", &[TYPES_FILE]);
}

#[test]
fn optional_arrays_become_options() {
    assert_generates("nullable_arrays", &[TYPES_FILE]);
}

/// `Entry` keeps undeclared properties in `extra` (its constructor starts
/// it empty); `Closed` does not.
#[test]
fn additional_properties_true_keeps_undeclared_properties() {
    assert_generates("extra_properties", &[TYPES_FILE]);
}

/// What the operation model gives each emitter: the client's descriptions
/// and methods, the fake Cloudflare's plumbing and data, the conformance
/// suite's table. The types of these operations' bodies and envelopes are
/// progenitor's, and the other cases pin what the corrections do to them.
#[test]
fn operations_are_described_for_the_runtime_the_fake_and_the_suite() {
    assert_generates(
        "operations",
        &[
            OPERATIONS_FILE,
            QUERIES_FILE,
            MOCK_OPERATIONS_FILE,
            MOCK_OPERATIONS_JSON,
            CONFORMANCE_FILE,
        ],
    );
}
