//! `cargo xtask codegen`: the OpenAPI fragment in, every generated file of
//! the workspace out.
//!
//! The fragment is read once into the operation model (`crate::model`);
//! every emitter below reads that model:
//!
//! - progenitor generates the client's types (`progenitor_types`; its
//!   client is not used), and each of its corrections is made in one module
//!   that fails when it no longer changes what it expects to change:
//!   `replacements` (every enum schema becomes an open enum, every
//!   length-constrained string a plain `String`), `nullable_arrays`
//!   (optional arrays become `Option<Vec<_>>`), `extra_properties`
//!   (`additionalProperties: true` keeps undeclared properties),
//!   `reference_docs` (fields whose property is a `$ref` get a doc),
//!   `constructors` (`#[non_exhaustive]` structs with `new` and setters),
//!   `unused_error_module`;
//! - `open_enums`: the enums typify would close;
//! - `operations`: the client's operation descriptions (`descriptions`),
//!   `Client` methods (`methods`) and, in a file of their own, query
//!   structs (`queries`), spelled by `names`;
//! - `mock`: the fake Cloudflare's operation list and its data;
//! - `conformance`: the conformance suite's table of operations, types and
//!   enums.

#[cfg(test)]
mod cases;
mod conformance;
mod constructors;
mod descriptions;
#[cfg(test)]
mod expected_output;
mod extra_properties;
mod format;
mod methods;
mod mock;
mod names;
mod nullable_arrays;
mod open_enums;
mod operations;
mod progenitor_types;
mod queries;
mod reference_docs;
mod replacements;
mod unused_error_module;

use std::path::{Path, PathBuf};

use progenitor::GenerationSettings;
use quote::quote;

use crate::ensure::{Mode, ensure_file_contents};
use crate::model::Model;
use crate::openapi::fragment::Fragment;

/// The fragment, relative to the workspace root.
pub const FRAGMENT: &str = "openapi/cloudflare-ssl.openapi.json";
/// The client crate, relative to the workspace root.
pub const CLIENT_CRATE: &str = "crates/cloudflare-ssl";

/// The files this command owns, relative to the workspace root.
const TYPES_FILE: &str = "crates/cloudflare-ssl/src/generated_types.rs";
const OPERATIONS_FILE: &str = "crates/cloudflare-ssl/src/generated_operations.rs";
const QUERIES_FILE: &str = "crates/cloudflare-ssl/src/generated_queries.rs";
const OPEN_ENUMS_FILE: &str = "crates/cloudflare-ssl/src/generated_open_enums.rs";
const MOCK_OPERATIONS_FILE: &str = "crates/cloudflare-ssl-mock/src/generated_operations.rs";
const MOCK_OPERATIONS_JSON: &str = "crates/cloudflare-ssl-mock/src/generated_operations.json";
const CONFORMANCE_FILE: &str = "tests/src/generated_operations.rs";
/// The fragment itself, copied byte for byte: the crate embeds it with
/// `include_str!`, so a vendored copy can still check against it.
const FRAGMENT_FILE: &str = "crates/cloudflare-ssl/src/generated_fragment.json";
/// Files earlier versions of this command wrote; removed when found.
const RETIRED_FILES: &[&str] = &[
    "crates/cloudflare-ssl/src/generated_client.rs",
    "crates/cloudflare-ssl/src/generated_fragment.rs",
];

/// Generates every file in memory first, so an error leaves the checked-in
/// code untouched; then writes (or, in check mode, compares) each one.
pub fn run(root: &Path, mode: Mode) -> Result<(), String> {
    let fragment = Fragment::load(&root.join(FRAGMENT)).map_err(|e| e.to_string())?;
    let files = generate(&fragment, FRAGMENT)?;
    let mut stale = Vec::new();
    for (relative, contents) in &files {
        let path = root.join(relative);
        if !ensure_file_contents(&path, contents, mode)? {
            stale.push(path);
        }
    }
    for retired in RETIRED_FILES {
        let path = root.join(retired);
        if path.exists() {
            match mode {
                Mode::Write => {
                    std::fs::remove_file(&path)
                        .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
                    eprintln!("removed {}", path.display());
                }
                Mode::Check => {
                    eprintln!("{} is no longer generated", path.display());
                    stale.push(path);
                }
            }
        }
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} generated file(s) are stale. Run `cargo xtask codegen` to update them.",
            stale.len()
        ))
    }
}

/// The generated files' paths (relative to the workspace root) and
/// contents; `source` is the fragment's name for the headers.
pub fn generate(fragment: &Fragment, source: &str) -> Result<Vec<(PathBuf, String)>, String> {
    let header = header(fragment, source);
    // The model first: it refuses what the emitters cannot turn into code
    // (and progenitor would panic on some of it) with the place in the
    // fragment.
    let model = Model::read(fragment).map_err(|e| e.to_string())?;

    let mut settings = GenerationSettings::new();
    settings.with_derive("PartialEq");
    let replaced = replacements::apply(&model, &mut settings);
    let mut types_file = progenitor_types::types(fragment, &settings)?;
    replacements::check(fragment, &types_file, &replaced)?;
    nullable_arrays::rewrite(&model, &mut types_file)?;
    extra_properties::add(&model, &mut types_file)?;
    reference_docs::add(&model, &mut types_file)?;
    constructors::add(&model, &mut types_file)?;
    unused_error_module::remove(&mut types_file)?;

    let open_enums_source =
        format::rustfmt(&format!("{header}{}", open_enums::invocation(&model.enums)))?;

    Ok(vec![
        (PathBuf::from(FRAGMENT_FILE), fragment.text.clone()),
        (
            PathBuf::from(TYPES_FILE),
            format::render(&header, quote! { #types_file })?,
        ),
        (
            PathBuf::from(OPERATIONS_FILE),
            format::render(&header, operations::generate(&model))?,
        ),
        (
            PathBuf::from(QUERIES_FILE),
            format::render(&header, operations::queries(&model))?,
        ),
        (PathBuf::from(OPEN_ENUMS_FILE), open_enums_source),
        (
            PathBuf::from(MOCK_OPERATIONS_FILE),
            format::rustfmt(&format!("{header}{}", mock::operations_invocation(&model)))?,
        ),
        (
            PathBuf::from(MOCK_OPERATIONS_JSON),
            mock::operations_json(fragment, &model, &header)?,
        ),
        (
            PathBuf::from(CONFORMANCE_FILE),
            format::render(&header, conformance::generate(&model))?,
        ),
    ])
}

fn header(fragment: &Fragment, source: &str) -> String {
    format!(
        "// @generated by `cargo xtask codegen` from {source}\n\
         // (sha256 {}). Do not edit by hand: change the fragment or xtask/, then rerun.\n\n",
        fragment.sha256
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const GENERATED: [&str; 8] = [
        TYPES_FILE,
        OPERATIONS_FILE,
        QUERIES_FILE,
        OPEN_ENUMS_FILE,
        FRAGMENT_FILE,
        MOCK_OPERATIONS_FILE,
        MOCK_OPERATIONS_JSON,
        CONFORMANCE_FILE,
    ];

    /// A scratch workspace holding a copy of the fragment and the checked-in
    /// generated files.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new() -> Self {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let real = crate::workspace_root();
            let dir = std::env::temp_dir().join(format!(
                "xtask-codegen-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            let _ = std::fs::remove_dir_all(&dir);
            for relative in
                std::iter::once(PathBuf::from(FRAGMENT)).chain(GENERATED.iter().map(PathBuf::from))
            {
                let target = dir.join(&relative);
                std::fs::create_dir_all(target.parent().expect("has a parent")).expect("mkdir");
                std::fs::copy(real.join(&relative), &target).expect("copy into scratch");
            }
            Self(dir)
        }

        fn fragment(&self) -> PathBuf {
            self.0.join(FRAGMENT)
        }

        fn edit_fragment(&self, edit: impl FnOnce(String) -> String) {
            let text = std::fs::read_to_string(self.fragment()).expect("read fragment");
            std::fs::write(self.fragment(), edit(text)).expect("write fragment");
        }

        fn generated(&self) -> Vec<String> {
            GENERATED.iter().map(|f| self.file(f)).collect()
        }

        /// One generated file (a path of [`GENERATED`]).
        fn file(&self, relative: &str) -> String {
            std::fs::read_to_string(self.0.join(relative)).expect("read")
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// Runs codegen on a broken fragment: it must fail with a message naming
    /// the file and `expected` (location and reason), and change nothing.
    fn assert_refused(edit: impl FnOnce(String) -> String, expected: &[&str]) {
        let scratch = Scratch::new();
        let before = scratch.generated();
        scratch.edit_fragment(edit);
        let message = run(&scratch.0, Mode::Write).expect_err("a broken fragment is refused");
        assert!(message.contains("cloudflare-ssl.openapi.json"), "{message}");
        for part in expected {
            assert!(message.contains(part), "expected {part:?} in: {message}");
        }
        assert_eq!(scratch.generated(), before, "generated files were touched");
    }

    /// Each edit breaks the fragment in one way; the message names where
    /// and why.
    #[test]
    fn broken_fragments_are_refused_with_their_location() {
        let cases: [(&str, &str, &[&str]); 3] = [
            (
                "\"paths\": {",
                "\"paths\": {,",
                &["line ", "column ", "not valid JSON"],
            ),
            ("\"3.0.3\"", "\"3.1.0\"", &["at /openapi", "3.0.x only"]),
            (
                "\"parameters\": [",
                "\"parameters\": 7, \"x-was\": [",
                &["at /paths/", "parameters", "not an OpenAPI 3.0 document"],
            ),
        ];
        for (from, to, expected) in cases {
            assert_refused(|text| text.replacen(from, to, 1), expected);
        }
    }

    #[test]
    fn an_inline_enum_is_refused_because_it_would_be_closed_and_unnamed() {
        assert_refused(
            |text| {
                text.replacen(
                    "\"type\": \"boolean\",",
                    "\"type\": \"string\", \"enum\": [\"a\"],",
                    1,
                )
            },
            &["at /components/schemas/", "outside `components/schemas`"],
        );
    }

    #[test]
    fn an_enum_without_values_is_refused() {
        assert_refused(
            |text| {
                text.replacen(
                    "\"enum\": [\n          \"txt\",\n          \"http\",\n          \"email\"\n        ]",
                    "\"enum\": []",
                    1,
                )
            },
            &[
                "at /components/schemas/ValidationMethod/enum",
                "at least one value",
            ],
        );
    }

    #[test]
    fn an_integer_enum_without_variant_names_is_refused() {
        assert_refused(
            |text| text.replacen("\"x-enum-varnames\"", "\"x-was-varnames\"", 1),
            &["at /components/schemas/ValidityDays", "x-enum-varnames"],
        );
    }

    #[test]
    fn any_fragment_edit_makes_check_fail_until_codegen_runs() {
        let scratch = Scratch::new();
        run(&scratch.0, Mode::Check).expect("the checked-in code is fresh");
        scratch.edit_fragment(|text| {
            text.replacen(
                "Status of certificate pack.",
                "Status of a certificate pack.",
                1,
            )
        });
        let message = run(&scratch.0, Mode::Check).expect_err("stale after an edit");
        assert!(message.contains("Run `cargo xtask codegen`"), "{message}");
        run(&scratch.0, Mode::Write).expect("regenerates");
        run(&scratch.0, Mode::Check).expect("fresh again");
        assert!(
            scratch
                .file(OPEN_ENUMS_FILE)
                .contains("Status of a certificate pack.")
        );
    }

    /// The operation descriptions come from the fragment: a changed path or
    /// method in a copy of it changes what the runtime will send.
    #[test]
    fn operation_descriptions_follow_the_fragments_path_and_method() {
        let scratch = Scratch::new();
        scratch.edit_fragment(|text| {
            let mut json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            let paths = json["paths"].as_object_mut().expect("paths");
            let mut item = paths
                .remove("/zones/{zone_id}/settings/ssl_automatic_mode")
                .expect("the operation's path");
            let operation = item["patch"].take();
            paths.insert(
                "/zones/{zone_id}/settings/automatic_ssl".into(),
                serde_json::json!({ "put": operation }),
            );
            json.to_string()
        });
        run(&scratch.0, Mode::Write).expect("regenerates");
        let operations = &scratch.file(OPERATIONS_FILE);
        assert!(
            operations.contains("url.push_str(\"/settings/automatic_ssl\");"),
            "{operations}"
        );
        assert!(
            !operations.contains("/settings/ssl_automatic_mode"),
            "{operations}"
        );
        assert!(
            operations.contains("const METHOD: ::reqwest::Method = ::reqwest::Method::PUT;"),
            "{operations}"
        );
    }

    #[test]
    fn a_header_parameter_is_refused_until_the_runtime_can_send_it() {
        assert_refused(
            |text| text.replacen("\"in\": \"path\"", "\"in\": \"header\"", 1),
            &[
                "at /paths/",
                "/parameters/0",
                "`in: header` parameters are not supported",
            ],
        );
    }

    /// Upstream types `page` and `per_page` as `number`; the fragment says
    /// `integer` (openapi/README.md), and a float would not be checked.
    #[test]
    fn a_query_parameter_of_an_unsupported_type_is_refused_with_its_place() {
        assert_refused(
            |text| {
                text.replacen(
                    "\"type\": \"integer\",\n              \"minimum\": 1",
                    "\"type\": \"number\",\n              \"minimum\": 1",
                    1,
                )
            },
            &[
                "at /paths/~1zones~1{zone_id}~1ssl~1certificate_packs/get/parameters/1/schema",
                "query parameters of type Some(\"number\") are not supported",
            ],
        );
    }

    #[test]
    fn writing_leaves_unchanged_files_untouched() {
        let scratch = Scratch::new();
        let path = scratch.0.join(TYPES_FILE);
        let before = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime");
        std::thread::sleep(std::time::Duration::from_millis(20));
        run(&scratch.0, Mode::Write).expect("nothing to do");
        let after = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime");
        assert_eq!(before, after);
    }

    #[test]
    fn generation_is_deterministic() {
        let fragment =
            Fragment::load(&crate::workspace_root().join(FRAGMENT)).expect("fragment loads");
        assert_eq!(generate(&fragment, FRAGMENT), generate(&fragment, FRAGMENT));
    }
}
