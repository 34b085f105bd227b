//! `dcv_plan` run as a user runs it, against the fake Cloudflare and the
//! fake DNS: its stdout in each format, `--check`, `--delegate`, its exit
//! codes, and bad input refused with nothing sent.

use std::process::{Command, Output};

use cloudflare_ssl_mock::MockCloudflare;
use cloudflare_ssl_mock::dns::FakeDns;
use serde_json::{Value, json};

use crate::dcv_check::{PACK_1, PACK_2, ZONE, cloudflare_with, cname, pack, txt};
use crate::tools::{assert_refused, example, run, stderr};

/// The UUID the fake Cloudflare answers with: the fragment's example.
const UUID: &str = "abc123def456ghi7";

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Two packs being validated (one TXT record and a delegation CNAME for
/// the first, an HTTP file for the second, from Let's Encrypt and Google)
/// and an active one, which the plan leaves out.
async fn zone() -> MockCloudflare {
    let first = pack(
        PACK_1,
        &["example.com", "*.example.com"],
        "lets_encrypt",
        json!([txt("_acme-challenge.example.com", "token-1")]),
        json!([cname(
            "_acme-challenge.example.com",
            "example.com.abc.dcv.cloudflare.com"
        )]),
    );
    let second = pack(
        PACK_2,
        &["www.example.com"],
        "google",
        json!([{ "http_url": "http://www.example.com/.well-known/pki-validation/w.txt", "http_body": "w-body" }]),
        json!([]),
    );
    let mut active = pack(
        "33333333333333333333333333333333",
        &["old.example.com"],
        "lets_encrypt",
        json!([txt("_acme-challenge.old.example.com", "old")]),
        json!([]),
    );
    active["status"] = json!("active");
    cloudflare_with(vec![first, active, second]).await
}

/// A DNS where the first pack's TXT record is published, nothing is in
/// conflict, and CAA allows both authorities.
fn dns_all_published() -> FakeDns {
    FakeDns::builder()
        .txt("_acme-challenge.example.com", "token-1")
        .caa("example.com", 0, "issue", "letsencrypt.org")
        .caa("example.com", 0, "issue", "pki.goog")
        .start()
        .expect("fake DNS")
}

fn plan_lines(states: [&str; 3]) -> String {
    format!(
        "{ZONE}\t{PACK_1}\ttxt\t_acme-challenge.example.com\ttoken-1\t{}\n\
         {ZONE}\t{PACK_1}\tcname\t_acme-challenge.example.com\texample.com.abc.dcv.cloudflare.com\t{}\n\
         {ZONE}\t{PACK_2}\thttp\thttp://www.example.com/.well-known/pki-validation/w.txt\tw-body\t{}\n",
        states[0], states[1], states[2]
    )
}

#[tokio::test]
async fn the_plan_as_tsv_lists_the_records_of_every_pack_being_validated() {
    let mock = zone().await;
    let output = run(&mock, "dcv_plan", &[ZONE], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), plan_lines(["to publish"; 3]));
    let lists = mock.list_certificate_packs().requests();
    assert_eq!(lists.len(), 1);
    let query = lists[0].query.as_deref().unwrap_or("");
    assert!(query.split('&').any(|pair| pair == "status=all"), "{query}");
    assert!(
        stderr(&output).contains("2 packs being validated, 3 records, 0 problems"),
        "{}",
        stderr(&output)
    );
}

#[tokio::test]
async fn the_plan_as_a_zone_file_holds_only_the_records() {
    let mock = zone().await;
    let output = run(&mock, "dcv_plan", &[ZONE, "--format", "bind"], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "; zone {ZONE} pack {PACK_1} (pending_validation): example.com, *.example.com\n\
             _acme-challenge.example.com. 300 IN TXT \"token-1\"\n\
             _acme-challenge.example.com. 300 IN CNAME example.com.abc.dcv.cloudflare.com.\n\
             ; zone {ZONE} pack {PACK_2} (pending_validation): www.example.com\n\
             ; http http://www.example.com/.well-known/pki-validation/w.txt w-body\n"
        )
    );
}

#[tokio::test]
async fn the_plan_as_json_is_one_array_of_zones() {
    let mock = zone().await;
    let output = run(&mock, "dcv_plan", &[ZONE, "--format", "json"], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let plans: Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    assert_eq!(plans.as_array().map(Vec::len), Some(1));
    assert_eq!(plans[0]["zone_id"], ZONE);
    assert_eq!(plans[0]["packs"][0]["id"], PACK_1);
    assert_eq!(
        plans[0]["packs"][0]["records"][0],
        json!({ "kind": "txt", "name": "_acme-challenge.example.com", "value": "token-1", "state": "to_publish" })
    );
    assert_eq!(plans[0]["packs"][1]["records"][0]["kind"], "http");
}

#[tokio::test]
async fn check_says_what_dns_holds_and_exits_0_when_nothing_stands_in_the_way() {
    let mock = zone().await;
    // The first pack's TXT record is published: its delegation CNAME, the
    // alternative for the same name, is in conflict with it, which the
    // line says, and which stands in nobody's way.
    let dns = dns_all_published();
    let nameserver = dns.addr().to_string();
    let output = run(
        &mock,
        "dcv_plan",
        &[ZONE, "--check", "--nameserver", &nameserver],
        "",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let records = plan_lines(["published", "conflict: TXT \"token-1\"", "not checked"]);
    let (first, second) = records.split_at(records.find(&format!("{ZONE}\t{PACK_2}")).unwrap_or(0));
    assert_eq!(
        stdout(&output),
        format!(
            "{first}\
             {ZONE}\t{PACK_1}\tcaa\texample.com\tletsencrypt.org\tallowed\n\
             {ZONE}\t{PACK_1}\tcaa\t*.example.com\tletsencrypt.org\tallowed\n\
             {second}\
             {ZONE}\t{PACK_2}\tcaa\twww.example.com\tpki.goog\tallowed\n"
        )
    );
    assert!(
        stderr(&output).contains("0 problems"),
        "{}",
        stderr(&output)
    );
}

#[tokio::test]
async fn check_exits_1_for_a_missing_record_or_a_blocking_caa() {
    let blocking = FakeDns::builder()
        .txt("_acme-challenge.example.com", "token-1")
        .caa("example.com", 0, "issue", "ssl.com")
        .start()
        .expect("fake DNS");
    let only_txt = pack(
        PACK_1,
        &["example.com"],
        "lets_encrypt",
        json!([txt("_acme-challenge.example.com", "token-1")]),
        json!([]),
    );
    let mock = cloudflare_with(vec![only_txt.clone()]).await;
    let output = run(
        &mock,
        "dcv_plan",
        &[
            ZONE,
            "--check",
            "--nameserver",
            &blocking.addr().to_string(),
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).ends_with(&format!(
            "{ZONE}\t{PACK_1}\tcaa\texample.com\tletsencrypt.org\tblocks: 0 issue \"ssl.com\"\n"
        )),
        "{}",
        stdout(&output)
    );

    let empty = FakeDns::builder().start().expect("fake DNS");
    let mock = cloudflare_with(vec![only_txt]).await;
    let output = run(
        &mock,
        "dcv_plan",
        &[ZONE, "--check", "--nameserver", &empty.addr().to_string()],
        "",
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).starts_with(&format!(
            "{ZONE}\t{PACK_1}\ttxt\t_acme-challenge.example.com\ttoken-1\tmissing\n"
        )),
        "{}",
        stdout(&output)
    );
}

#[tokio::test]
async fn delegate_adds_the_cnames_of_hosts_not_ordered_yet() {
    let mock = cloudflare_with(vec![]).await;
    let args = [
        ZONE,
        "--delegate",
        "new.example.com",
        "--delegate",
        "*.new.example.com",
        "--delegate",
        "api.new.example.com",
    ];
    let output = run(&mock, "dcv_plan", &args, "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "{ZONE}\t-\tcname\t_acme-challenge.new.example.com\tnew.example.com.{UUID}.dcv.cloudflare.com\tto publish\n\
             {ZONE}\t-\tcname\t_acme-challenge.api.new.example.com\tapi.new.example.com.{UUID}.dcv.cloudflare.com\tto publish\n"
        )
    );
    assert_eq!(mock.get_dcv_delegation_uuid().requests().len(), 1);

    let dns = FakeDns::builder()
        .cname(
            "_acme-challenge.new.example.com",
            &format!("new.example.com.{UUID}.dcv.cloudflare.com"),
        )
        .start()
        .expect("fake DNS");
    let mut checked: Vec<&str> = args.to_vec();
    let nameserver = dns.addr().to_string();
    checked.extend(["--check", "--nameserver", &nameserver, "--format", "bind"]);
    let output = run(&mock, "dcv_plan", &checked, "");
    assert_eq!(
        output.status.code(),
        Some(1),
        "api.new.example.com is missing"
    );
    assert_eq!(
        stdout(&output),
        format!(
            "; zone {ZONE}: DCV delegation for hosts not ordered yet\n\
             _acme-challenge.new.example.com. 300 IN CNAME new.example.com.{UUID}.dcv.cloudflare.com.\n\
             _acme-challenge.api.new.example.com. 300 IN CNAME api.new.example.com.{UUID}.dcv.cloudflare.com.\n"
        )
    );
}

#[tokio::test]
async fn a_refused_listing_is_a_failure_said_on_stderr() {
    let mock = zone().await;
    mock.list_certificate_packs().api_error(403, &[10000]);
    let output = run(&mock, "dcv_plan", &[ZONE], "");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    assert!(stderr(&output).contains("HTTP 403"), "{}", stderr(&output));
}

#[tokio::test]
async fn bad_input_exits_2_with_nothing_sent() {
    let mock = zone().await;
    let bad: [(&[&str], &str); 8] = [
        (&[], "name at least one zone"),
        (
            &[ZONE, "--format", "yaml"],
            "--format takes tsv, bind or json, not `yaml`",
        ),
        (
            &[ZONE, "--check", "--nameserver", "localhost"],
            "--nameserver takes IP:PORT, not `localhost`",
        ),
        (
            &[ZONE, "--nameserver", "127.0.0.1:53"],
            "--nameserver needs --check",
        ),
        (
            &[ZONE, ZONE, "--delegate", "a.example.com"],
            "--delegate needs exactly one ZONE_ID",
        ),
        (
            &[ZONE, "--delegate", "a..example.com"],
            "--delegate: `a..example.com` is not a host name: it has an empty label",
        ),
        (&[ZONE, "--frobnicate"], "unknown option --frobnicate"),
        (&[ZONE, "a zone"], "invalid `zone_id`: holds ' '"),
    ];
    for (args, says) in bad {
        assert_refused("dcv_plan", args, says).await;
    }
    let output = Command::new(example("dcv_plan"))
        .arg(ZONE)
        .env_remove("CLOUDFLARE_API_TOKEN")
        .env_remove("CLOUDFLARE_EMAIL")
        .env_remove("CLOUDFLARE_API_KEY")
        .env("CLOUDFLARE_BASE_URL", mock.base_url())
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(2),
        "missing credentials: {}",
        stderr(&output)
    );
    assert!(mock.requests().is_empty(), "nothing sent");
}
