//! The example tools that follow work through (`bulk_ssl_automatic_mode`,
//! `restart_timed_out_packs`), run as a user runs them against the fake
//! Cloudflare (`cloudflare-ssl-mock`, stateful): their stdout and exit codes
//! as the client crate's README specifies them. `order_certificate_pack`'s
//! tests (`order_tool.rs`) and `dcv_plan`'s (`dcv_plan.rs`) run theirs
//! through [`run`] too.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io::{ErrorKind, Write as _};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use cloudflare_ssl::types::SslAutomaticModeValue;
use cloudflare_ssl_mock::{MockCloudflare, Step};
use serde_json::{Value, json};

/// The examples these tests (and `order_tool.rs`, `dcv_plan.rs`) run.
const EXAMPLES: [&str; 4] = [
    "bulk_ssl_automatic_mode",
    "restart_timed_out_packs",
    "order_certificate_pack",
    "dcv_plan",
];

/// The example binary `name`, built (once per test run) as a user builds it.
pub(crate) fn example(name: &str) -> PathBuf {
    static BUILT: OnceLock<BTreeMap<String, PathBuf>> = OnceLock::new();
    BUILT
        .get_or_init(build_examples)
        .get(name)
        .cloned()
        .unwrap_or_else(|| panic!("cargo reported no binary for example {name}"))
}

/// `cargo build -p cloudflare-ssl --features dns --example …` for every
/// example of [`EXAMPLES`], in one call (a no-op when they are fresh;
/// `dns` for `dcv_plan --check`): the paths of
/// the executables, as cargo reports them (right under any `--target-dir`
/// or profile layout).
///
/// The variables cargo sets for this test binary's own crate are removed
/// from the child's environment: cargo compares them with what the
/// workspace build recorded for build scripts that ask to be rerun when
/// they change (ring's asks for `CARGO_MANIFEST_DIR` and `CARGO_PKG_*`:
/// <https://github.com/briansmith/ring/issues/2454>). Inherited, they make
/// this build recompile ring and every crate above it (rustls, reqwest, the
/// client), and the next `cargo test` recompile them back.
fn build_examples() -> BTreeMap<String, PathBuf> {
    let mut cargo = Command::new(env!("CARGO"));
    cargo.current_dir(conformance::workspace_root()).args([
        "build",
        "--quiet",
        "--message-format=json-render-diagnostics",
        "-p",
        "cloudflare-ssl",
        "--features",
        "dns",
    ]);
    for name in EXAMPLES {
        cargo.args(["--example", name]);
    }
    for (key, _) in std::env::vars_os() {
        if set_by_cargo_for_this_crate(&key) {
            cargo.env_remove(key);
        }
    }
    let output = cargo.stderr(Stdio::inherit()).output().expect("cargo runs");
    assert!(output.status.success(), "building the examples failed");
    let mut built = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let is_example = message["target"]["kind"]
            .as_array()
            .is_some_and(|kinds| kinds.iter().any(|kind| kind == "example"));
        if let (true, Some(name), Some(executable)) = (
            is_example,
            message["target"]["name"].as_str(),
            message["executable"].as_str(),
        ) {
            built.insert(name.to_owned(), PathBuf::from(executable));
        }
    }
    built
}

/// Whether cargo set `key` for the crate under test (the reference's
/// "Environment variables Cargo sets for crates"), as opposed to a
/// setting of the user's (`CARGO_HOME`, `CARGO_TARGET_DIR`, …), which the
/// child keeps.
fn set_by_cargo_for_this_crate(key: &OsStr) -> bool {
    let key = key.to_string_lossy();
    ["CARGO_PKG_", "CARGO_MANIFEST_", "CARGO_BIN_", "CARGO_CFG_"]
        .iter()
        .any(|prefix| key.starts_with(prefix))
        || [
            "CARGO_CRATE_NAME",
            "CARGO_PRIMARY_PACKAGE",
            "CARGO_TARGET_TMPDIR",
            "CARGO_RUSTC_CURRENT_DIR",
            "OUT_DIR",
        ]
        .contains(&key.as_ref())
}

/// Runs `name` with the mock's base URL and token, and `stdin`.
pub(crate) fn run(mock: &MockCloudflare, name: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(example(name))
        .args(args)
        .env_remove("CLOUDFLARE_EMAIL")
        .env_remove("CLOUDFLARE_API_KEY")
        .env("CLOUDFLARE_API_TOKEN", cloudflare_ssl_mock::API_TOKEN)
        .env("CLOUDFLARE_BASE_URL", mock.base_url())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the example starts");
    let written = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes());
    // A tool that refuses its arguments exits before it reads its input;
    // the closed pipe is its answer, not a failure of the test.
    if let Err(error) = written {
        assert_eq!(
            error.kind(),
            ErrorKind::BrokenPipe,
            "writing stdin: {error}"
        );
    }
    child.wait_with_output().expect("the example runs")
}

fn sorted_lines(bytes: &[u8]) -> Vec<String> {
    let mut lines: Vec<String> = String::from_utf8_lossy(bytes)
        .lines()
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `tool` with `args` against a fresh fake and asserts the bad-input
/// contract: exit 2, `says` and the usage line on stderr, nothing on
/// stdout, nothing sent.
pub(crate) async fn assert_refused(tool: &str, args: &[&str], says: &str) {
    let mock = MockCloudflare::builder().stateful(true).start().await;
    let output = run(&mock, tool, args, "");
    let stderr = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(says), "{args:?}: {stderr}");
    assert!(
        stderr.contains(&format!("usage: {tool}")),
        "{args:?}: {stderr}"
    );
    assert!(output.stdout.is_empty(), "{args:?}");
    assert!(mock.requests().is_empty(), "{args:?}: nothing sent");
}

pub(crate) const ZONE_A: &str = "0000000000000000000000000000000a";
const ZONE_B: &str = "0000000000000000000000000000000b";
const ZONE_C: &str = "0000000000000000000000000000000c";

async fn zones_with_settings() -> MockCloudflare {
    let mock = MockCloudflare::builder().stateful(true).start().await;
    mock.zone(ZONE_A).value(SslAutomaticModeValue::Custom);
    mock.zone(ZONE_B).value(SslAutomaticModeValue::Auto);
    mock.zone(ZONE_C)
        .value(SslAutomaticModeValue::Custom)
        .editable(false);
    mock
}

#[tokio::test]
async fn bulk_dry_run_sends_only_reads_and_says_what_would_change() {
    let mock = zones_with_settings().await;
    let zones = format!("{ZONE_A}\n{ZONE_B}\n{ZONE_C}\n");
    let output = run(
        &mock,
        "bulk_ssl_automatic_mode",
        &["auto", "--dry-run"],
        &zones,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        sorted_lines(&output.stdout),
        [
            format!("{ZONE_A}\tcustom\twould change"),
            format!("{ZONE_B}\tauto\tunchanged"),
            format!("{ZONE_C}\tcustom\tnot editable"),
        ]
    );
    assert!(mock.edit_ssl_automatic_mode().requests().is_empty());
    assert_eq!(mock.get_ssl_automatic_mode().requests().len(), 3);
    assert_eq!(
        mock.zone(ZONE_A).setting().value,
        SslAutomaticModeValue::Custom
    );
}

#[tokio::test]
async fn bulk_changes_only_what_differs_and_fails_on_a_setting_that_is_not_editable() {
    let mock = zones_with_settings().await;
    let zones = format!("{ZONE_A}\n{ZONE_B}\n{ZONE_C}\n");
    let output = run(&mock, "bulk_ssl_automatic_mode", &["auto"], &zones);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        sorted_lines(&output.stdout),
        [
            format!("{ZONE_A}\tauto\tchanged"),
            format!("{ZONE_B}\tauto\tunchanged"),
        ]
    );
    assert!(
        stderr(&output).contains("not editable"),
        "{}",
        stderr(&output)
    );
    let patched: Vec<String> = mock
        .edit_ssl_automatic_mode()
        .requests()
        .iter()
        .map(|request| request.path.clone())
        .collect();
    assert_eq!(patched.len(), 1, "{patched:?}");
    assert!(patched[0].contains(ZONE_A), "{patched:?}");
    assert_eq!(
        mock.zone(ZONE_A).setting().value,
        SslAutomaticModeValue::Auto
    );
}

#[tokio::test]
async fn bulk_with_bad_input_exits_2_and_sends_nothing() {
    let mock = zones_with_settings().await;
    let output = run(
        &mock,
        "bulk_ssl_automatic_mode",
        &["strict", "--dry-run"],
        ZONE_A,
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    assert!(mock.requests().is_empty());
}

/// A zone of five packs: two active, three in `validation_timed_out`
/// whose polls after the restart walk `scripts`.
async fn zone_with_timed_out_packs(scripts: [Vec<Step>; 3]) -> (MockCloudflare, Vec<String>) {
    let mock = MockCloudflare::builder().stateful(true).start().await;
    let zone = mock.zone(ZONE_A);
    zone.add_packs(2, "active");
    let before = zone.pack_ids();
    zone.add_packs(3, "validation_timed_out");
    let timed_out: Vec<String> = zone
        .pack_ids()
        .into_iter()
        .filter(|id| !before.contains(id))
        .collect();
    for (id, script) in timed_out.iter().zip(scripts) {
        zone.pack(id).script(script);
    }
    (mock, timed_out)
}

/// Runs `restart_timed_out_packs` on [`ZONE_A`] with `options`, polling
/// every 10 ms for at most 30 s.
fn restart(mock: &MockCloudflare, options: &[&str]) -> Output {
    let mut args = vec![ZONE_A, "--poll-interval-ms", "10", "--max-wait", "30"];
    args.extend(options);
    run(mock, "restart_timed_out_packs", &args, "")
}

/// `ZONE_A<TAB>pack<TAB>active` for each of `packs`, sorted.
fn all_active(packs: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = packs
        .iter()
        .map(|id| format!("{ZONE_A}\t{id}\tactive"))
        .collect();
    lines.sort();
    lines
}

#[tokio::test]
async fn restart_lists_restarts_and_waits_until_every_pack_is_active() {
    let walk = || vec![Step::status("pending_validation"), Step::status("active")];
    let (mock, timed_out) = zone_with_timed_out_packs([walk(), walk(), walk()]).await;
    let output = restart(&mock, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(sorted_lines(&output.stdout), all_active(&timed_out));
    // Every page of every status was asked for, and only the three packs
    // in validation_timed_out were PATCHed.
    let listed = mock.list_certificate_packs().requests();
    assert!(
        listed.iter().all(|request| request
            .query
            .as_deref()
            .is_some_and(|q| q.contains("status=all"))),
        "{listed:?}"
    );
    assert_eq!(mock.edit_certificate_pack().requests().len(), 3);
}

#[tokio::test]
async fn restart_exits_1_when_a_pack_fails_again_or_disappears() {
    let (mock, timed_out) = zone_with_timed_out_packs([
        vec![Step::status("pending_validation"), Step::status("active")],
        vec![
            Step::status("pending_validation"),
            Step::status("validation_timed_out"),
        ],
        vec![Step::status("pending_validation"), Step::gone()],
    ])
    .await;
    let output = restart(&mock, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let mut expected = vec![
        format!("{ZONE_A}\t{}\tactive", timed_out[0]),
        format!("{ZONE_A}\t{}\tvalidation_timed_out", timed_out[1]),
        format!("{ZONE_A}\t{}\tgone", timed_out[2]),
    ];
    expected.sort();
    assert_eq!(sorted_lines(&output.stdout), expected);
    assert!(
        stderr(&output).ends_with("3 restarted, 1 active, 2 failed\n"),
        "{}",
        stderr(&output)
    );
}

#[tokio::test]
async fn restart_with_bad_input_exits_2_and_sends_nothing() {
    let tool = "restart_timed_out_packs";
    assert_refused(tool, &["--max-wait", "10"], "name at least one zone").await;
    // The first zone is good: nothing is sent for it either.
    assert_refused(
        tool,
        &[ZONE_A, "zone/../other"],
        "invalid `zone_id`: holds '/', which would change the request's path",
    )
    .await;
    assert_refused(
        tool,
        &[ZONE_A, "--validation-method", "cname"],
        "--validation-method takes txt, http or email, not `cname`",
    )
    .await;
}

#[tokio::test]
async fn restart_with_a_validation_method_switches_each_timed_out_pack_through_verification() {
    let walk = || vec![Step::status("pending_validation"), Step::status("active")];
    let (mock, timed_out) = zone_with_timed_out_packs([walk(), walk(), walk()]).await;
    let output = restart(&mock, &["--validation-method", "http"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(sorted_lines(&output.stdout), all_active(&timed_out));
    assert!(mock.edit_certificate_pack().requests().is_empty());
    let mut switched: Vec<(String, Option<Value>)> = mock
        .edit_ssl_verification()
        .requests()
        .into_iter()
        .map(|request| {
            (
                request.path_params["certificate_pack_id"].clone(),
                request.json,
            )
        })
        .collect();
    switched.sort_by(|a, b| a.0.cmp(&b.0));
    let mut wanted: Vec<(String, Option<Value>)> = timed_out
        .iter()
        .map(|id| (id.clone(), Some(json!({ "validation_method": "http" }))))
        .collect();
    wanted.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(switched, wanted);
    for id in &timed_out {
        assert_eq!(
            mock.zone(ZONE_A).pack(id).pack_json()["validation_method"],
            "http"
        );
    }
}
