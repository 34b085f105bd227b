//! `order_certificate_pack`, run as a user runs it against the fake
//! Cloudflare (stateful): its stdout and exit codes as the client crate's
//! README specifies them.

use cloudflare_ssl::types::ValidationRecord;
use cloudflare_ssl_mock::{MockCloudflare, Step};
use serde_json::json;

use crate::tools::{ZONE_A, assert_refused, run, stderr};

/// `order_certificate_pack`'s arguments for `hosts`, with `more` after.
fn order_args<'a>(hosts: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![ZONE_A];
    for host in hosts {
        args.extend(["--host", host]);
    }
    args.extend([
        "--ca",
        "lets_encrypt",
        "--validation",
        "txt",
        "--validity-days",
        "90",
    ]);
    args.extend(more);
    args
}

fn txt_record(name: &str, value: &str) -> ValidationRecord {
    ValidationRecord::new()
        .txt_name(name.into())
        .txt_value(value.into())
}

#[tokio::test]
async fn order_with_wait_prints_each_record_once_then_final_active() {
    let mock = MockCloudflare::builder().stateful(true).start().await;
    let apex = txt_record("_acme-challenge.example.com", "ca3-apex");
    let www = txt_record("_acme-challenge.www.example.com", "ca3-www");
    mock.zone(ZONE_A).on_order([
        Step::status("pending_validation").validation_records([apex.clone()]),
        // The first record again, and a second one: only the second is new.
        Step::status("pending_validation").validation_records([apex, www]),
        Step::status("pending_issuance"),
        Step::status("active"),
    ]);
    let args = order_args(
        &["example.com", "www.example.com"],
        &["--wait", "30", "--poll-interval-ms", "10"],
    );
    let output = run(&mock, "order_certificate_pack", &args, "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let [pack] = mock.zone(ZONE_A).pack_ids().try_into().expect("one pack");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!(
            "{ZONE_A}\t{pack}\tordered\tinitializing\n\
             {ZONE_A}\t{pack}\trecord\ttxt\t_acme-challenge.example.com\tca3-apex\n\
             {ZONE_A}\t{pack}\trecord\ttxt\t_acme-challenge.www.example.com\tca3-www\n\
             {ZONE_A}\t{pack}\tfinal\tactive\n"
        )
    );
    assert_eq!(mock.order_certificate_pack().requests().len(), 1);
    let order = mock.order_certificate_pack().requests()[0].json.clone();
    assert_eq!(
        order,
        Some(json!({
            "certificate_authority": "lets_encrypt",
            "hosts": ["example.com", "www.example.com"],
            "type": "advanced",
            "validation_method": "txt",
            "validity_days": 90,
        }))
    );
}

#[tokio::test]
async fn order_of_hosts_already_ordered_prints_the_existing_pack_and_sends_no_order() {
    let mock = MockCloudflare::builder().stateful(true).start().await;
    mock.zone(ZONE_A).quota_allocated(5);
    let first = run(
        &mock,
        "order_certificate_pack",
        &order_args(&["example.com", "*.example.com"], &[]),
        "",
    );
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let [pack] = mock.zone(ZONE_A).pack_ids().try_into().expect("one pack");
    // The same hosts, in another order and case.
    let again = run(
        &mock,
        "order_certificate_pack",
        &order_args(&["*.Example.com", "example.com"], &[]),
        "",
    );
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        format!("{ZONE_A}\t{pack}\texisting\tinitializing\n")
    );
    assert_eq!(mock.order_certificate_pack().requests().len(), 1);
}

#[tokio::test]
async fn order_with_the_quota_used_up_exits_1_and_orders_nothing() {
    let mock = MockCloudflare::builder().stateful(true).start().await;
    mock.zone(ZONE_A).quota_allocated(0);
    let output = run(
        &mock,
        "order_certificate_pack",
        &order_args(&["example.com"], &[]),
        "",
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    assert!(
        stderr(&output).contains("quota is used up (0 used of 0 allocated)"),
        "{}",
        stderr(&output)
    );
    assert!(mock.order_certificate_pack().requests().is_empty());
}

#[tokio::test]
async fn order_that_waits_for_a_pack_that_times_out_prints_its_final_status_and_exits_1() {
    let mock = MockCloudflare::builder().stateful(true).start().await;
    mock.zone(ZONE_A).on_order([
        Step::status("pending_validation"),
        Step::status("validation_timed_out"),
    ]);
    let args = order_args(
        &["example.com"],
        &["--wait", "30", "--poll-interval-ms", "10"],
    );
    let output = run(&mock, "order_certificate_pack", &args, "");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let [pack] = mock.zone(ZONE_A).pack_ids().try_into().expect("one pack");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!(
            "{ZONE_A}\t{pack}\tordered\tinitializing\n\
             {ZONE_A}\t{pack}\tfinal\tvalidation_timed_out\n"
        )
    );
}

#[tokio::test]
async fn order_with_bad_input_exits_2_naming_it_and_sends_nothing() {
    let cases: [(Vec<&str>, &str); 5] = [
        (
            order_args(&["*.example.com"], &["--validation", "http"]),
            "`validation_method`",
        ),
        (order_args(&[], &[]), "`hosts`"),
        (
            order_args(&["example.com"], &["--ca", "digicert"]),
            "`certificate_authority`",
        ),
        (
            order_args(&["example.com"], &["--validity-days", "60"]),
            "`validity_days`",
        ),
        (
            vec![
                ZONE_A,
                "--host",
                "example.com",
                "--validation",
                "txt",
                "--validity-days",
                "90",
            ],
            "--ca is required",
        ),
    ];
    for (args, named) in cases {
        assert_refused("order_certificate_pack", &args, named).await;
    }
}
