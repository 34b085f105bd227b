//! The example programs, run as a user would run them against wiremock.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

/// The example binary, built next to this test binary (`cargo test` builds
/// examples); rebuilt when missing or older than any source of the crate,
/// so that `cargo test --test runtime` never runs a stale program.
fn example(name: &str) -> PathBuf {
    let deps = std::env::current_exe().expect("test binary path");
    let profile_dir = deps
        .parent()
        .and_then(|p| p.parent())
        .expect("target/<profile>");
    let binary = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let built = std::fs::metadata(&binary).and_then(|m| m.modified()).ok();
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let newest_source = ["src", "examples"]
        .iter()
        .flat_map(|dir| sources(&crate_dir.join(dir)))
        .chain([crate_dir.join("Cargo.toml")])
        .filter_map(|path| std::fs::metadata(path).and_then(|m| m.modified()).ok())
        .max();
    if built.is_none() || newest_source > built {
        let status = Command::new(env!("CARGO"))
            .args([
                "build",
                "--quiet",
                "--manifest-path",
                concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"),
            ])
            .args(["--example", name])
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building example {name} failed");
    }
    binary
}

/// Every file below `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .flat_map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                sources(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}

fn run(name: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(example(name));
    command.args(args);
    for variable in [
        "CLOUDFLARE_API_TOKEN",
        "CLOUDFLARE_EMAIL",
        "CLOUDFLARE_API_KEY",
        "CLOUDFLARE_BASE_URL",
    ] {
        command.env_remove(variable);
    }
    command.envs(env.iter().copied());
    command.output().expect("example runs")
}

/// An example's name, its arguments, its environment, and what stderr must say.
type BadRun<'a> = (&'a str, Vec<&'a str>, &'a [(&'a str, &'a str)], &'a str);

/// A server expecting `calls` `PATCH`es, whatever their path, and
/// answering each with `template`.
async fn expecting_patches(calls: u64, template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(template)
        .expect(calls)
        .mount(&server)
        .await;
    server
}

/// An API token and the base URL `uri`, as the examples read them.
fn token_env(uri: &str) -> [(&'static str, &str); 2] {
    [
        ("CLOUDFLARE_API_TOKEN", TOKEN),
        ("CLOUDFLARE_BASE_URL", uri),
    ]
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn ssl_automatic_mode_prints_the_result_and_exits_0() {
    let server = MockServer::start().await;
    patch_with_token(mode_path())
        .and(body_json(json!({ "value": "custom" })))
        .respond_with(ResponseTemplate::new(200).set_body_json(setting_envelope("custom")))
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    let output = run("ssl_automatic_mode", &[ZONE, "custom"], &token_env(&uri));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let printed: Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    assert_eq!(printed["value"], "custom");
    assert_eq!(printed["id"], "ssl_automatic_mode");
    assert!(
        text(&output.stdout).contains("\n  \"editable\": true"),
        "pretty-printed"
    );
}

#[tokio::test]
async fn edit_certificate_pack_sends_branding_and_prints_the_pack() {
    let server = MockServer::start().await;
    patch_with_global_key(pack_path())
        .and(body_json(json!({ "cloudflare_branding": true })))
        .respond_with(ResponseTemplate::new(200).set_body_json(pack_envelope("pending_validation")))
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    let env = [
        ("CLOUDFLARE_EMAIL", EMAIL),
        ("CLOUDFLARE_API_KEY", KEY),
        ("CLOUDFLARE_BASE_URL", uri.as_str()),
    ];
    let output = run(
        "edit_certificate_pack",
        &[ZONE, PACK, "--cloudflare-branding", "true"],
        &env,
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let printed: Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    assert_eq!(printed["status"], "pending_validation");
    assert_eq!(printed["id"], PACK);
}

#[tokio::test]
async fn api_refusals_print_status_codes_and_cf_ray_and_exit_1() {
    let server = expecting_patches(
        2,
        ResponseTemplate::new(400)
            .set_body_json(failure_1008())
            .insert_header("cf-ray", "8c1d2f3a4b5c6d7e-LHR"),
    )
    .await;
    let uri = server.uri();
    let env = token_env(&uri);
    for output in [
        run("ssl_automatic_mode", &[ZONE, "auto"], &env),
        run("edit_certificate_pack", &[ZONE, PACK], &env),
    ] {
        assert_eq!(output.status.code(), Some(1));
        assert_eq!(
            text(&output.stderr),
            "HTTP 400\n\
             1008: Invalid SSL/TLS encryption configuration value, only auto or custom accepted\n\
             cf-ray: 8c1d2f3a4b5c6d7e-LHR\n"
        );
        assert!(output.stdout.is_empty());
    }
}

#[tokio::test]
async fn a_rate_limit_prints_the_requested_wait_and_exits_1() {
    let server = expecting_patches(
        1,
        ResponseTemplate::new(429).insert_header("retry-after", "300"),
    )
    .await;
    let uri = server.uri();
    let env = token_env(&uri);
    let output = run("ssl_automatic_mode", &[ZONE, "auto"], &env);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr),
        "HTTP 429: rate limited; Cloudflare asks to wait 300 s\n"
    );
}

#[tokio::test]
async fn bad_input_and_missing_credentials_exit_2_and_send_nothing() {
    let server = expecting_patches(0, ResponseTemplate::new(200)).await;
    let uri = server.uri();
    let env = token_env(&uri);
    let cases: [BadRun; 6] = [
        (
            "ssl_automatic_mode",
            vec![ZONE, "strict"],
            &env,
            "auto or custom",
        ),
        (
            "ssl_automatic_mode",
            vec![ZONE],
            &env,
            "usage: ssl_automatic_mode",
        ),
        (
            "ssl_automatic_mode",
            vec!["../zone", "auto"],
            &env,
            "invalid `zone_id`",
        ),
        (
            "edit_certificate_pack",
            vec![ZONE, PACK, "--cloudflare-branding", "yes"],
            &env,
            "true or false",
        ),
        (
            "edit_certificate_pack",
            vec![ZONE, "a/b"],
            &env,
            "invalid `certificate_pack_id`",
        ),
        (
            "ssl_automatic_mode",
            vec![ZONE, "auto"],
            &[("CLOUDFLARE_BASE_URL", uri.as_str())],
            "CLOUDFLARE_API_TOKEN",
        ),
    ];
    for (name, args, env, expected) in cases {
        let output = run(name, &args, env);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name} {args:?}: {stderr}");
        assert!(stderr.contains(expected), "{name} {args:?}: {stderr}");
        assert!(output.stdout.is_empty());
    }
}

#[tokio::test]
async fn the_bulk_example_reads_first_patches_what_differs_and_reports_progress() {
    let server = MockServer::start().await;
    let refused = json!({
        "success": false, "errors": [{ "code": 10000, "message": "Authentication error" }],
        "messages": [], "result": null
    });
    // zone-3 refuses the read; zone-2 already has the value.
    Mock::given(method("GET"))
        .and(path("/zones/zone-3/settings/ssl_automatic_mode"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(refused)
                .insert_header("cf-ray", "ray-3"),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/zones/zone-2/settings/ssl_automatic_mode"))
        .respond_with(ResponseTemplate::new(200).set_body_json(setting_envelope("custom")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(setting_envelope("auto")))
        .expect(3)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(body_json(json!({ "value": "custom" })))
        .respond_with(ResponseTemplate::new(200).set_body_json(setting_envelope("custom")))
        .expect(3)
        .mount(&server)
        .await;
    let zones = std::env::temp_dir().join(format!("bulk-zones-{}.txt", std::process::id()));
    std::fs::write(
        &zones,
        "# zones to switch\nzone-1\nzone-2\n\nzone-3\nzone-4\nzone-5\n",
    )
    .expect("zones file");
    let uri = server.uri();
    let env = token_env(&uri);
    let zones_arg = zones.to_string_lossy().into_owned();
    let output = run(
        "bulk_ssl_automatic_mode",
        &["custom", &zones_arg, "--concurrency", "2"],
        &env,
    );
    let _ = std::fs::remove_file(&zones);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let mut lines: Vec<String> = text(&output.stdout).lines().map(str::to_owned).collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            "zone-1\tcustom\tchanged",
            "zone-2\tcustom\tunchanged",
            "zone-4\tcustom\tchanged",
            "zone-5\tcustom\tchanged"
        ]
    );
    assert!(stderr.contains("[5/5] "), "{stderr}");
    assert!(
        stderr.contains("zone-3: failed\nHTTP 403\n10000: Authentication error\ncf-ray: ray-3\n"),
        "{stderr}"
    );
    assert!(stderr.ends_with("4 done, 1 failed\n"), "{stderr}");
}

/// A list of packs answered for every page asked for, with this
/// `result_info`.
async fn listing_server(packs: Vec<Value>, result_info: Value) -> MockServer {
    let server = MockServer::start().await;
    let body = json!({
        "success": true, "errors": [], "messages": [],
        "result": packs, "result_info": result_info
    });
    Mock::given(method("GET"))
        .and(path(format!("/zones/{ZONE}/ssl/certificate_packs")))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_body_json(pack_envelope("pending_validation")))
        .expect(0)
        .mount(&server)
        .await;
    server
}

/// A server that ignores `page`: page 2 comes back as page 1, so the
/// listing is incomplete and the timed-out pack on it is not restarted.
#[tokio::test]
async fn restart_treats_an_incomplete_listing_as_a_failure_and_restarts_nothing() {
    let timed_out = pack_envelope("validation_timed_out")["result"].clone();
    let server = listing_server(
        vec![timed_out],
        json!({ "page": 1, "per_page": 50, "count": 1, "total_count": 101, "total_pages": 3 }),
    )
    .await;
    let uri = server.uri();
    let output = run("restart_timed_out_packs", &[ZONE], &token_env(&uri));
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{ZONE}: failed\nthe listing is incomplete (1 item read): page 2 held only items already seen; nothing restarted\n"
        )),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("0 restarted, 0 active, 1 failed\n"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
    assert_eq!(requests_received(&server).await, 2, "two pages asked for");
}

/// An empty zone: page 1 with no packs is a complete listing.
#[tokio::test]
async fn restart_counts_an_empty_zone_as_complete_and_exits_0() {
    let server = listing_server(
        vec![],
        json!({ "page": 1, "per_page": 50, "count": 0, "total_count": 0, "total_pages": 0 }),
    )
    .await;
    let uri = server.uri();
    let output = run("restart_timed_out_packs", &[ZONE], &token_env(&uri));
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.ends_with(&format!(
            "{ZONE}: 0 packs listed\n0 restarted, 0 active, 0 failed\n"
        )),
        "{stderr}"
    );
    assert_eq!(requests_received(&server).await, 1);
}

#[tokio::test]
async fn the_fleet_tools_refuse_bad_options_with_exit_2_and_send_nothing() {
    let server = MockServer::start().await;
    let uri = server.uri();
    let env = token_env(&uri);
    let cases: [BadRun; 6] = [
        (
            "restart_timed_out_packs",
            vec![ZONE, "--max-wait", "soon"],
            &env,
            "--max-wait takes a whole number",
        ),
        (
            "restart_timed_out_packs",
            vec![ZONE, "--poll-interval-ms"],
            &env,
            "--poll-interval-ms takes a whole number",
        ),
        (
            "restart_timed_out_packs",
            vec![ZONE, "--dry-run"],
            &env,
            "unknown option --dry-run",
        ),
        (
            "restart_timed_out_packs",
            vec![ZONE],
            &[("CLOUDFLARE_BASE_URL", uri.as_str())],
            "CLOUDFLARE_API_TOKEN",
        ),
        (
            "bulk_ssl_automatic_mode",
            vec!["auto", "--concurrency", "0"],
            &env,
            "--concurrency takes a positive number",
        ),
        (
            "bulk_ssl_automatic_mode",
            vec!["auto", "a", "b"],
            &env,
            "wrong number of arguments",
        ),
    ];
    for (name, args, env, expected) in cases {
        let output = run(name, &args, env);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name} {args:?}: {stderr}");
        assert!(stderr.contains(expected), "{name} {args:?}: {stderr}");
        assert!(
            stderr.contains("usage: ") || expected == "CLOUDFLARE_API_TOKEN",
            "{stderr}"
        );
        assert!(output.stdout.is_empty());
    }
    assert_eq!(requests_received(&server).await, 0);
}
