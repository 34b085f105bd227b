//! The documented example responses: still verbatim on their pages, valid
//! against the fragment, decoded by the generated types, written back
//! unchanged, and snapshotted.

use cloudflare_ssl_mock::spec::Spec;
use conformance::docs::{Page, example_blocks};
use conformance::fixtures::{FIXTURES, Fixture};
use conformance::json_diff::assert_equivalent;
use conformance::typed::{component_name, decode};

/// Where `fixture` and the closest example on the page first differ, for a
/// message that says what changed.
fn closest_difference(fixture: &str, page: &str) -> String {
    let fixture_lines: Vec<&str> = fixture.lines().collect();
    let best = example_blocks(page)
        .into_iter()
        .map(|block| {
            let lines: Vec<&str> = block.lines().collect();
            let common = fixture_lines
                .iter()
                .zip(&lines)
                .take_while(|(a, b)| a == b)
                .count();
            (common, lines)
        })
        .max_by_key(|(common, _)| *common);
    match best {
        Some((common, lines)) => format!(
            "first difference at fixture line {}: fixture has {:?}, the page's closest example has {:?}",
            common + 1,
            fixture_lines.get(common).copied().unwrap_or("(end)"),
            lines.get(common).copied().unwrap_or("(end)")
        ),
        None => "the page has no example at all".to_owned(),
    }
}

/// Each fixture of `page` occurs verbatim in `text`, and each example in
/// `text` is a fixture.
fn check_page(page: Page, text: &str, location: &str) {
    let fixtures: Vec<&Fixture> = FIXTURES.iter().filter(|f| f.page == page).collect();
    for fixture in &fixtures {
        let content = fixture.text;
        assert!(
            text.contains(content),
            "fixture {} no longer occurs verbatim in {location}/{}: {}",
            fixture.location(),
            page.file_name(),
            closest_difference(content, text)
        );
    }
    for block in example_blocks(text) {
        assert!(
            fixtures.iter().any(|fixture| fixture.text == block),
            "{location}/{} has an example that is no fixture (add it to crates/cloudflare-ssl-mock/src/examples/, cloudflare_ssl_mock::documented and FIXTURES):\n{block}",
            page.file_name()
        );
    }
}

#[test]
fn every_documented_example_is_a_fixture_and_verbatim() {
    for page in Page::ALL {
        check_page(page, &page.vendored_text(), "tests/fixtures/docs");
    }
}

#[test]
fn fixtures_and_vendored_pages_match_the_shared_docs() {
    let mut checked = 0;
    for page in Page::ALL {
        let Some(shared) = page.shared_text() else {
            // A clone without `../shared` (another machine's CI, a vendored
            // checkout) still runs every other check; `.ci/run` says the
            // comparison was skipped.
            println!(
                "skipped: {} is not there, so the fixtures were checked against tests/fixtures/docs only",
                conformance::docs::shared_docs_dir().display()
            );
            return;
        };
        check_page(page, &shared, "../shared/docs");
        assert!(
            shared == page.vendored_text(),
            "tests/fixtures/docs/{0} differs from ../shared/docs/{0}: copy the page again, then update the fixtures and the fragment until the suite passes",
            page.file_name()
        );
        checked += 1;
    }
    assert_eq!(checked, Page::ALL.len());
}

fn check_fixture(fixture: &Fixture) {
    let spec = Spec::new();
    let json = fixture.json();
    let what = format!("fixture {}", fixture.location());

    let declared = fixture.fragment_schema(&spec);
    assert_eq!(
        component_name(declared),
        Some(fixture.component),
        "the fragment's {} schema of PATCH {} is not the fixture's",
        fixture.response,
        fixture.operation
    );
    let schema = spec.schema(declared);
    if let Err(violations) = spec.validate(&what, &schema, &json) {
        panic!("{violations}");
    }

    let decoded = decode(fixture.component, &json).unwrap_or_else(|e| panic!("{what} {e}"));
    assert_equivalent(
        &format!(
            "{what} re-encoded from its generated type {}",
            fixture.component
        ),
        &json,
        &decoded.reencoded,
    );
    insta::assert_debug_snapshot!(fixture.name, decoded.typed);
}

macro_rules! fixture_tests {
    ($($test:ident => $file:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check_fixture(Fixture::by_file($file));
            }
        )*

        #[test]
        fn every_fixture_has_its_test() {
            let tested = [$($file),*];
            for fixture in FIXTURES {
                assert!(tested.contains(&fixture.file), "no test for fixture {}", fixture.file);
            }
        }
    };
}

fixture_tests! {
    certificate_pack_edit_200_validates_decodes_and_round_trips => "edit_certificate_pack.json",
    ssl_automatic_mode_200_validates_decodes_and_round_trips => "edit_ssl_automatic_mode.json",
    ssl_automatic_mode_4xx_1008_validates_decodes_and_round_trips => "edit_ssl_automatic_mode_failure.json",
}

/// Snapshots are reviewed by people, never written by CI. insta does not
/// write them when `CI` is set (verified: a changed or missing snapshot
/// then fails and no `.snap.new` appears) unless `INSTA_UPDATE`,
/// `INSTA_FORCE_PASS` or an `insta.yaml` says otherwise; this test fails in
/// CI if any of those would.
#[test]
fn ci_never_writes_or_skips_snapshots() {
    let ci = matches!(std::env::var("CI").as_deref(), Ok(v) if !matches!(v, "false" | "0" | ""));
    if !ci {
        println!("note: CI is not set; insta may write .snap.new files for review");
        return;
    }
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
}

/// The fragment carries the documented examples too (as JSON values, for
/// readers of the spec and its tools); each must be the fixture's JSON.
#[test]
fn the_fragment_examples_are_the_fixtures() {
    let spec = Spec::new();
    for fixture in FIXTURES {
        let pointer = format!(
            "/responses/{}/content/application~1json/examples/{}/value",
            fixture.response, fixture.fragment_example
        );
        let example = spec
            .operation(fixture.operation, "patch")
            .and_then(|operation| operation.pointer(&pointer))
            .unwrap_or_else(|| {
                panic!(
                    "the fragment has no example {pointer} for PATCH {}",
                    fixture.operation
                )
            });
        assert_equivalent(
            &format!(
                "the fragment's example {pointer} of PATCH {} (stale copy: openapi/cloudflare-ssl.openapi.json; the fixture is {})",
                fixture.operation,
                fixture.location()
            ),
            &fixture.json(),
            example,
        );
    }
}
