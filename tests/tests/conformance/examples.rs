//! The fragment's examples: each valid against its response schema,
//! decoded by the generated type and written back unchanged, and
//! snapshotted (one snapshot per example, named after it); each copied from
//! a documentation page still verbatim on it, and every example on a page
//! in the fragment.

use std::panic::{AssertUnwindSafe, catch_unwind};

use conformance::docs::{Page, example_blocks};
use conformance::examples::{self, ExampleCase};
use conformance::json_diff::{assert_equivalent, first_difference};
use conformance::model::validate;
use conformance::table::decode;

/// Where `example` and the closest example on the page first differ, for a
/// message that says what changed.
fn closest_difference(example: &str, page: &str) -> String {
    let example_lines: Vec<&str> = example.lines().collect();
    let best = example_blocks(page)
        .into_iter()
        .map(|block| {
            let lines: Vec<&str> = block.lines().collect();
            let common = example_lines
                .iter()
                .zip(&lines)
                .take_while(|(a, b)| a == b)
                .count();
            (common, lines)
        })
        .max_by_key(|(common, _)| *common);
    match best {
        Some((common, lines)) => format!(
            "first difference at line {} of the example: it has {:?}, the page's closest example has {:?}",
            common + 1,
            example_lines.get(common).copied().unwrap_or("(end)"),
            lines.get(common).copied().unwrap_or("(end)")
        ),
        None => "the page has no example at all".to_owned(),
    }
}

/// Each example copied from `page` occurs verbatim in `text`, and each
/// example in `text` is one of them.
fn check_page(page: &Page, text: &str, location: &str) {
    let all = examples::all();
    let from_page: Vec<&ExampleCase> = all
        .iter()
        .filter(|example| example.page().as_ref() == Some(page))
        .collect();
    for example in &from_page {
        assert!(
            text.contains(example.text()),
            "the fragment's {} no longer occurs verbatim in {location}/{}: {}",
            example.describe(),
            page.file_name(),
            closest_difference(example.text(), text)
        );
    }
    for block in example_blocks(text) {
        assert!(
            from_page.iter().any(|example| example.text() == block),
            "{location}/{} has an example that the fragment does not carry (add it to the response it documents in openapi/cloudflare-ssl.openapi.json, with `x-documentation-page: {}`, then run `cargo xtask codegen`):\n{block}",
            page.file_name(),
            page.file_name()
        );
    }
}

#[test]
fn every_example_from_a_page_is_verbatim_on_it_and_every_example_on_a_page_is_in_the_fragment() {
    let pages = Page::all();
    for example in examples::all() {
        if let Some(page) = example.page() {
            assert!(
                pages.contains(&page),
                "the fragment's {} names the page {}, which is not in tests/fixtures/docs",
                example.describe(),
                page.file_name()
            );
        }
    }
    for page in &pages {
        check_page(page, &page.vendored_text(), "tests/fixtures/docs");
    }
}

/// Run by `.ci/run` when `../shared` is beside the repository:
/// `cargo test -p conformance -- --ignored`.
#[test]
#[ignore = "needs ../shared/docs beside the repository"]
fn the_vendored_pages_are_the_shared_docs() {
    let pages = Page::all();
    assert!(
        conformance::docs::shared_docs_dir().is_dir(),
        "{} is not there",
        conformance::docs::shared_docs_dir().display()
    );
    for page in &pages {
        let shared = page.shared_text().expect("../shared/docs is there");
        check_page(page, &shared, "../shared/docs");
        assert!(
            shared == page.vendored_text(),
            "tests/fixtures/docs/{0} differs from ../shared/docs/{0}: copy the page again, then update the fragment's examples until the suite passes",
            page.file_name()
        );
    }
}

/// The example's text is its value; it matches its response schema; the
/// generated type decodes it and writes it back unchanged; its decoded
/// form matches its snapshot.
fn check_example(example: &ExampleCase) {
    let what = example.describe();
    let json = example.json();
    if let Some(difference) = first_difference(&example.example.value, &json) {
        panic!("{what}: its generated text is not its value {difference}");
    }
    if let Err(violations) = validate(&what, &example.response.schema, &json) {
        panic!("{violations}");
    }
    let component = &example.response.component;
    let decoded = decode(component, &json).unwrap_or_else(|e| panic!("{what} {e}"));
    assert_equivalent(
        &format!("{what} re-encoded from its generated type {component}"),
        &json,
        &decoded.reencoded,
    );
    insta::assert_debug_snapshot!(example.name(), decoded.typed);
}

/// Every example is checked, even after one fails, so that one run writes
/// every new snapshot (as `.snap.new` for review, or accepted with
/// `INSTA_UPDATE=always`).
#[test]
fn every_example_validates_decodes_round_trips_and_matches_its_snapshot() {
    let all = examples::all();
    assert!(!all.is_empty(), "the fragment carries no example");
    let failed: Vec<String> = all
        .iter()
        .filter(|example| catch_unwind(AssertUnwindSafe(|| check_example(example))).is_err())
        .map(ExampleCase::describe)
        .collect();
    assert!(
        failed.is_empty(),
        "these examples failed (see each panic above): {failed:?}"
    );
}

/// Snapshots are reviewed by people, never written by CI. insta does not
/// write them when `CI` is set (verified: a changed or missing snapshot
/// then fails and no `.snap.new` appears) unless `INSTA_UPDATE`,
/// `INSTA_FORCE_PASS` or an `insta.yaml` says otherwise: no `insta.yaml`
/// may exist, and in CI neither variable may say so.
#[test]
fn ci_never_writes_or_skips_snapshots() {
    for dir in [conformance::workspace_root(), conformance::package_dir()] {
        for name in [".config/insta.yaml", "insta.yaml", ".insta.yaml"] {
            let path = dir.join(name);
            assert!(
                !path.exists(),
                "{} may change insta's behaviour in CI",
                path.display()
            );
        }
    }
    let ci = matches!(std::env::var("CI").as_deref(), Ok(v) if !matches!(v, "false" | "0" | ""));
    if ci {
        let update = std::env::var("INSTA_UPDATE").unwrap_or_default();
        assert!(
            matches!(update.as_str(), "" | "auto" | "no"),
            "INSTA_UPDATE={update} would let CI write snapshots"
        );
        let force_pass = std::env::var("INSTA_FORCE_PASS").unwrap_or_default();
        assert!(
            matches!(force_pass.as_str(), "" | "0"),
            "INSTA_FORCE_PASS={force_pass} would let CI pass failing snapshots"
        );
    }
}

/// Every snapshot file belongs to an example of the fragment (or to
/// another snapshot of the suite): an example renamed or removed leaves
/// none behind.
#[test]
fn every_example_snapshot_belongs_to_an_example() {
    let dir = conformance::package_dir().join("tests/conformance/snapshots");
    let names: Vec<&str> = examples::all().iter().map(ExampleCase::name).collect();
    for entry in std::fs::read_dir(&dir).expect("the snapshot folder") {
        let file = entry.expect("a snapshot file").file_name();
        let file = file.to_string_lossy();
        if let Some(name) = file
            .strip_prefix("conformance__examples__")
            .and_then(|rest| rest.strip_suffix(".snap"))
        {
            assert!(
                names.contains(&name),
                "{}/{file} is the snapshot of no example of the fragment: remove it",
                dir.display()
            );
        }
    }
}
