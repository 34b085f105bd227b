//! Conformance helpers: the suite itself is `tests/conformance/` (one test
//! binary, `cargo test -p conformance`).
//!
//! The suite checks the generated client against the documentation pages
//! (`tests/fixtures/docs/`, copies of `../shared/docs/`) and the OpenAPI
//! fragment, over every operation, schema, enum and example of the
//! fragment: `cargo xtask codegen` writes their tables
//! (`generated_operations.rs` here, `generated_operations.json` in the
//! mock), so an operation added to the fragment is covered with no edit
//! here. Snapshots live in `tests/conformance/snapshots/`: review a changed
//! one with `cargo insta review` (or rename its `.snap.new`); with `CI`
//! set, insta never writes them. Property tests take their case count from
//! `PROPTEST_CASES` when it is set, and keep the seeds of failures in
//! `tests/proptest-regressions/` (commit them).
//!
//! - [`model`]: the fragment's operations, schemas and examples as data;
//! - [`operation`]: every operation, as the suite calls it;
//! - [`examples`]: the fragment's examples, with their text;
//! - [`typed`]: from a component name to its generated type, and the open
//!   enums;
//! - [`json_diff`]: JSON equality by value, reporting the first difference
//!   as a JSON path;
//! - [`docs`]: the documentation pages and the value lists and examples in
//!   their text;
//! - [`schema_gen`]: proptest strategies that walk the model's schemas;
//! - [`outcome`]: the expected outcome of a call, decided from the response;
//! - [`http`]: clients for local servers.

use std::path::PathBuf;

pub mod docs;
pub mod examples;
mod generated_operations;
pub mod http;
pub mod json_diff;
pub mod model;
pub mod operation;
pub mod outcome;
pub mod schema_gen;
pub mod table;
pub mod typed;

/// The `tests/` package directory.
pub fn package_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The workspace root (the parent of `tests/`).
pub fn workspace_root() -> PathBuf {
    package_dir().join("..")
}

/// `tests/fixtures`.
pub fn fixtures_dir() -> PathBuf {
    package_dir().join("fixtures")
}

/// The number of cases for a property test: `PROPTEST_CASES` when it is set
/// to a number, else `default`.
///
/// proptest reads `PROPTEST_CASES` only into `ProptestConfig::default()`;
/// `ProptestConfig::with_cases(n)` and `ProptestConfig { cases: n, .. }`
/// override it. The suite's configs go through this function instead, so
/// the variable still wins.
pub fn proptest_cases(default: u32) -> u32 {
    cases_from(std::env::var("PROPTEST_CASES").ok().as_deref(), default)
}

/// [`proptest_cases`] over a given variable value.
pub fn cases_from(variable: Option<&str>, default: u32) -> u32 {
    variable
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(default)
}

/// A proptest config with [`proptest_cases`]`(default)` cases whose failures
/// are saved in `tests/proptest-regressions/<name>.txt` (committed), and
/// read back and replayed first on every run.
pub fn proptest_config(default: u32, name: &str) -> proptest::test_runner::Config {
    let file = package_dir()
        .join("proptest-regressions")
        .join(format!("{name}.txt"));
    // `Direct` wants a `&'static str`; a config lives as long as its test.
    let file: &'static str = Box::leak(file.to_string_lossy().into_owned().into_boxed_str());
    proptest::test_runner::Config {
        cases: proptest_cases(default),
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct(file),
        )),
        ..proptest::test_runner::Config::default()
    }
}
