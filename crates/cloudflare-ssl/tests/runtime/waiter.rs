//! `wait_for_certificate_pack`, and the generic `Waiter` it is built on, on
//! tokio's paused clock against a scripted server in the test's runtime:
//! each test is a script of answers to successive polls.

use std::time::Duration;

use cloudflare_ssl::types::CertificatePackStatus;
use cloudflare_ssl::{Client, RateLimiter, WaitError, WaitTarget};
use serde_json::json;
use tokio::time::Instant;

use crate::raw_server::{RawServer, ScriptedServer, json_response, json_response_with};
use crate::support::*;

pub(crate) fn pack(status: &str) -> Vec<u8> {
    json_response(200, &pack_envelope(status).to_string())
}

fn pack_with_records(status: &str) -> Vec<u8> {
    let mut envelope = pack_envelope(status);
    envelope["result"]["validation_records"] = json!([{
        "txt_name": "_acme-challenge.example.com",
        "txt_value": "810b7d5f01154524b961ba0cd578acc2"
    }]);
    json_response(200, &envelope.to_string())
}

fn failure(status: u16, code: u32, headers: &[(&str, &str)]) -> Vec<u8> {
    let body = json!({
        "success": false,
        "errors": [{ "code": code, "message": "refused" }],
        "messages": [],
        "result": null
    });
    json_response_with(status, headers, &body.to_string())
}

async fn waiting(
    answers: Vec<Vec<u8>>,
    target: WaitTarget,
    max_wait: Duration,
) -> (
    Result<cloudflare_ssl::types::CertificatePack, WaitError>,
    Duration,
    ScriptedServer,
) {
    let server = ScriptedServer::start(answers).await;
    let client = client_at(&server.url());
    let (outcome, elapsed) = wait_with(&client, target, max_wait).await;
    (outcome, elapsed, server)
}

async fn wait_with(
    client: &Client,
    target: WaitTarget,
    max_wait: Duration,
) -> (
    Result<cloudflare_ssl::types::CertificatePack, WaitError>,
    Duration,
) {
    let started = Instant::now();
    let outcome = client
        .wait_for_certificate_pack(ZONE, PACK, target)
        .wait(max_wait)
        .await;
    (outcome, started.elapsed())
}

pub(crate) const HOUR: Duration = Duration::from_secs(3600);

#[tokio::test(start_paused = true)]
async fn a_script_of_statuses_ends_active_after_backed_off_polls() {
    let (outcome, elapsed, server) = waiting(
        vec![
            pack("initializing"),
            pack("pending_validation"),
            pack("pending_issuance"),
            pack("pending_deployment"),
            pack("active"),
        ],
        WaitTarget::Active,
        HOUR,
    )
    .await;
    let pack = outcome.expect("active");
    assert_eq!(pack.status, CertificatePackStatus::Active);
    let requests = server.requests();
    assert_eq!(requests.len(), 5);
    let get = format!("GET /zones/{ZONE}/ssl/certificate_packs/{PACK}");
    assert!(requests.iter().all(|r| *r == get), "{requests:?}");
    // 5 s, 10 s, 20 s, 40 s between polls, each within 20 % either way.
    let nominal = 75.0;
    let seconds = elapsed.as_secs_f64();
    assert!(
        (nominal * 0.8..=nominal * 1.2).contains(&seconds),
        "{seconds} s"
    );
}

#[tokio::test(start_paused = true)]
async fn the_intervals_stop_growing_at_the_maximum() {
    let mut answers = vec![pack("pending_validation"); 7];
    answers.push(pack("active"));
    let (outcome, elapsed, _server) = waiting(answers, WaitTarget::Active, HOUR).await;
    outcome.expect("active");
    // 5, 10, 20, 40, then 60 s three times: 255 s, not 5·(2⁷−1) = 635 s.
    let seconds = elapsed.as_secs_f64();
    assert!(
        (255.0 * 0.8..=255.0 * 1.2).contains(&seconds),
        "{seconds} s"
    );
}

#[tokio::test(start_paused = true)]
async fn a_failure_status_ends_the_wait_with_that_pack() {
    let (outcome, _, server) = waiting(
        vec![pack("pending_validation"), pack("validation_timed_out")],
        WaitTarget::Active,
        HOUR,
    )
    .await;
    let error = outcome.expect_err("failed");
    let WaitError::Failed { last: pack } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(pack.status, CertificatePackStatus::ValidationTimedOut);
    assert_eq!(server.requests().len(), 2);
    assert!(
        error.to_string().contains("validation_timed_out"),
        "{error}"
    );
}

#[tokio::test(start_paused = true)]
async fn the_maximum_wait_ends_the_wait_with_the_last_pack_seen() {
    let max_wait = Duration::from_secs(120);
    let (outcome, elapsed, server) = waiting(
        vec![pack("pending_validation")],
        WaitTarget::Active,
        max_wait,
    )
    .await;
    let error = outcome.expect_err("timed out");
    let WaitError::TimedOut {
        max_wait: reported,
        polls,
        last,
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*reported, max_wait);
    assert_eq!(*polls as usize, server.requests().len());
    assert!((5..=6).contains(polls), "{polls} polls");
    let last = last.as_ref().expect("a pack was seen");
    assert_eq!(last.status, CertificatePackStatus::PendingValidation);
    assert!(elapsed <= max_wait, "{elapsed:?}");
}

#[tokio::test(start_paused = true)]
async fn a_poll_in_flight_at_the_maximum_wait_is_cut_off() {
    let max_wait = Duration::from_secs(3);
    // The first poll is answered only after 10 s.
    let slow = RawServer::delayed(pack("active"), Duration::from_secs(10)).await;
    let client = client_at(&slow.url());
    let (outcome, elapsed) = wait_with(&client, WaitTarget::Active, max_wait).await;
    let error = outcome.expect_err("timed out");
    assert!(
        matches!(
            &error,
            WaitError::TimedOut {
                polls: 1,
                last: None,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(elapsed, max_wait);
}

#[tokio::test(start_paused = true)]
async fn a_404_mid_wait_is_a_gone_pack_with_the_last_one_seen() {
    let (outcome, _, server) = waiting(
        vec![
            pack("pending_validation"),
            failure(404, 1404, &[]),
            pack("active"),
        ],
        WaitTarget::Active,
        HOUR,
    )
    .await;
    let error = outcome.expect_err("gone");
    let WaitError::Gone { last, error: cause } = &error else {
        panic!("{error:?}")
    };
    assert!(cause.is_not_found(), "{cause:?}");
    assert_eq!(
        last.as_ref().map(|pack| &pack.status),
        Some(&CertificatePackStatus::PendingValidation)
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_429_during_polling_is_waited_out_and_polling_goes_on() {
    let server = ScriptedServer::start(vec![
        pack("pending_validation"),
        failure(429, 971, &[("retry-after", "45")]),
        pack("active"),
    ])
    .await;
    // No retries inside the call: the waiter itself waits the 429 out.
    let client = builder_at(&server.url())
        .max_retries(0)
        .build()
        .expect("client");
    let (outcome, elapsed) = wait_with(&client, WaitTarget::Active, HOUR).await;
    assert_eq!(
        outcome.expect("active").status,
        CertificatePackStatus::Active
    );
    assert_eq!(server.requests().len(), 3);
    // About 5 s before the 429, then its 45 s rather than the 10 s interval.
    let seconds = elapsed.as_secs_f64();
    assert!((49.0..=51.0).contains(&seconds), "{seconds} s");
}

#[tokio::test(start_paused = true)]
async fn a_429_asking_for_longer_than_the_maximum_wait_ends_it() {
    let (outcome, elapsed, server) = waiting(
        vec![failure(429, 971, &[("retry-after", "300")])],
        WaitTarget::Active,
        Duration::from_secs(120),
    )
    .await;
    let error = outcome.expect_err("timed out");
    assert!(
        matches!(&error, WaitError::TimedOut { polls: 1, .. }),
        "{error:?}"
    );
    // The client does not retry into a 300 s block, nor does the waiter.
    assert_eq!(server.requests().len(), 1);
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
}

#[tokio::test(start_paused = true)]
async fn polls_go_through_the_rate_limiter() {
    let server = ScriptedServer::start(vec![
        pack("pending_validation"),
        pack("pending_validation"),
        pack("active"),
    ])
    .await;
    // One request per 100 s: the limiter, not the 5 s interval, paces the polls.
    let client = builder_at(&server.url())
        .rate_limiter(RateLimiter::new(1, Duration::from_secs(100)).with_burst(1))
        .build()
        .expect("client");
    let (outcome, elapsed) = wait_with(&client, WaitTarget::Active, HOUR).await;
    outcome.expect("active");
    assert!(elapsed >= Duration::from_secs(199), "{elapsed:?}");
}

/// `Duration::MAX` for "no limit" must not overflow the clock: a pending
/// pack then ends the wait at once, the next poll being past any deadline.
#[tokio::test(start_paused = true)]
async fn intervals_and_waits_of_duration_max_do_not_overflow() {
    let server = ScriptedServer::start(vec![pack("pending_validation")]).await;
    let client = client_at(&server.url());
    let outcome = client
        .wait_for_certificate_pack(ZONE, PACK, WaitTarget::Active)
        .first_interval(Duration::MAX)
        .max_interval(Duration::MAX)
        .wait(Duration::MAX)
        .await;
    assert!(
        matches!(&outcome, Err(WaitError::TimedOut { polls: 1, .. })),
        "{outcome:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn an_active_pack_returns_at_once() {
    let (outcome, elapsed, server) = waiting(vec![pack("active")], WaitTarget::Active, HOUR).await;
    assert_eq!(
        outcome.expect("active").status,
        CertificatePackStatus::Active
    );
    assert_eq!(server.requests().len(), 1);
    assert_eq!(elapsed, Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn a_pack_already_past_the_target_fails_at_once() {
    let (outcome, elapsed, server) =
        waiting(vec![pack("active")], WaitTarget::ValidationRecords, HOUR).await;
    let error = outcome.expect_err("past");
    assert!(
        matches!(&error, WaitError::PastTarget { last: pack } if pack.status == CertificatePackStatus::Active),
        "{error:?}"
    );
    assert_eq!(error.last_pack().map(|p| p.id.as_str()), Some(PACK));
    assert_eq!(server.requests().len(), 1);
    assert_eq!(elapsed, Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn a_pack_already_failed_fails_at_once() {
    let (outcome, elapsed, server) = waiting(vec![pack("expired")], WaitTarget::Active, HOUR).await;
    assert!(
        matches!(outcome, Err(WaitError::Failed { .. })),
        "{outcome:?}"
    );
    assert_eq!((server.requests().len(), elapsed), (1, Duration::ZERO));
}

#[tokio::test(start_paused = true)]
async fn validation_records_are_waited_for_until_they_are_present() {
    let (outcome, _, server) = waiting(
        vec![
            pack("initializing"),
            pack("pending_validation"),
            pack_with_records("pending_validation"),
        ],
        WaitTarget::ValidationRecords,
        HOUR,
    )
    .await;
    let pack = outcome.expect("records");
    assert_eq!(pack.validation_records.map(|r| r.len()), Some(1));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn an_unknown_status_keeps_the_waiter_polling() {
    let (outcome, _, server) = waiting(
        vec![pack("quantum_validation"), pack("active")],
        WaitTarget::Active,
        HOUR,
    )
    .await;
    outcome.expect("active");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_refused_poll_ends_the_wait_with_its_error() {
    let (outcome, _, server) = waiting(
        vec![pack("pending_validation"), failure(403, 10000, &[])],
        WaitTarget::Active,
        HOUR,
    )
    .await;
    let error = outcome.expect_err("refused");
    let WaitError::Request { last, error: cause } = &error else {
        panic!("{error:?}")
    };
    assert!(cause.is_auth(), "{cause:?}");
    assert!(last.is_some());
    assert_eq!(server.requests().len(), 2);
}
