//! The generic `Waiter` on a value that is not a certificate pack (the
//! Automatic SSL/TLS setting) with acceptors of its own, and poll
//! schedules: tokio's paused clock against a scripted server, as in
//! `waiter.rs`.

use std::time::Duration;

use cloudflare_ssl::types::{CertificatePackStatus, SslAutomaticModeValue};
use cloudflare_ssl::{Acceptance, PollSchedule, WaitError, WaitTarget, Waiter};
use tokio::time::Instant;

use crate::raw_server::{ScriptedServer, json_response};
use crate::support::*;
use crate::waiter::{HOUR, pack};

fn setting(value: &str, editable: bool) -> Vec<u8> {
    let mut envelope = setting_envelope(value);
    envelope["result"]["editable"] = editable.into();
    json_response(200, &envelope.to_string())
}

/// Waits, on a 1 s schedule, for the Automatic SSL/TLS setting to be
/// `auto`, and calls a setting that is not editable a failure.
async fn wait_for_auto(
    answers: Vec<Vec<u8>>,
) -> (
    Result<
        cloudflare_ssl::types::SslAutomaticModeSetting,
        WaitError<cloudflare_ssl::types::SslAutomaticModeSetting>,
    >,
    Duration,
    ScriptedServer,
) {
    let server = ScriptedServer::start(answers).await;
    let client = client_at(&server.url());
    let started = Instant::now();
    let outcome = Waiter::new(
        || client.get_ssl_automatic_mode(ZONE),
        |setting| match (&setting.value, setting.editable) {
            (SslAutomaticModeValue::Auto, _) => Acceptance::Done,
            (_, false) => Acceptance::Failed,
            _ => Acceptance::KeepPolling,
        },
    )
    .poll_schedule(PollSchedule::fixed(Duration::from_secs(1)))
    .wait(HOUR)
    .await;
    (outcome, started.elapsed(), server)
}

#[tokio::test(start_paused = true)]
async fn a_waiter_polls_any_value_until_its_acceptor_says_done() {
    let (outcome, elapsed, server) = wait_for_auto(vec![
        setting("custom", true),
        setting("custom", true),
        setting("auto", true),
    ])
    .await;
    assert_eq!(outcome.expect("auto").value, SslAutomaticModeValue::Auto);
    assert_eq!(
        server.requests(),
        vec![format!("GET /zones/{ZONE}/settings/ssl_automatic_mode"); 3]
    );
    // Two fixed intervals of 1 s, each within 20 % either way.
    let seconds = elapsed.as_secs_f64();
    assert!((1.6..=2.4).contains(&seconds), "{seconds} s");
}

#[tokio::test(start_paused = true)]
async fn a_custom_acceptor_saying_failed_ends_the_wait_with_that_value() {
    let (outcome, _, server) =
        wait_for_auto(vec![setting("custom", true), setting("custom", false)]).await;
    let error = outcome.expect_err("not editable");
    let WaitError::Failed { last } = &error else {
        panic!("{error:?}")
    };
    assert!(!last.editable);
    assert_eq!(
        error.last_value().map(|setting| &setting.value),
        Some(&SslAutomaticModeValue::Custom)
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_generic_wait_that_times_out_carries_the_last_value() {
    let server = ScriptedServer::start(vec![setting("custom", true)]).await;
    let client = client_at(&server.url());
    let outcome = Waiter::new(
        || client.get_ssl_automatic_mode(ZONE),
        |_| Acceptance::KeepPolling,
    )
    .poll_schedule(PollSchedule::fixed(Duration::from_secs(10)))
    .wait(Duration::from_secs(25))
    .await;
    let Err(WaitError::TimedOut { polls, last, .. }) = &outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(*polls as usize, server.requests().len());
    assert!((2..=3).contains(polls), "{polls} polls");
    assert_eq!(
        last.as_ref().map(|setting| &setting.value),
        Some(&SslAutomaticModeValue::Custom)
    );
}

#[tokio::test(start_paused = true)]
async fn a_fixed_schedule_set_in_one_call_paces_every_poll() {
    let server = ScriptedServer::start(vec![
        pack("pending_validation"),
        pack("pending_validation"),
        pack("pending_validation"),
        pack("active"),
    ])
    .await;
    let client = client_at(&server.url());
    let started = Instant::now();
    let outcome = client
        .wait_for_certificate_pack(ZONE, PACK, WaitTarget::Active)
        .poll_schedule(PollSchedule::fixed(Duration::from_millis(10)))
        .wait(HOUR)
        .await;
    outcome.expect("active");
    assert_eq!(server.requests().len(), 4);
    // Three intervals of 10 ms, each within 20 % either way: no doubling.
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    assert!((24.0..=36.0).contains(&millis), "{millis} ms");
}

#[tokio::test(start_paused = true)]
async fn a_schedule_doubles_from_its_first_interval_up_to_its_longest() {
    let mut answers = vec![pack("pending_validation"); 4];
    answers.push(pack("active"));
    let server = ScriptedServer::start(answers).await;
    let client = client_at(&server.url());
    let started = Instant::now();
    let schedule = PollSchedule::new(Duration::from_secs(1), Duration::from_secs(3));
    assert_eq!(
        (schedule.first_interval(), schedule.max_interval()),
        (Duration::from_secs(1), Duration::from_secs(3))
    );
    client
        .wait_for_certificate_pack(ZONE, PACK, WaitTarget::Active)
        .poll_schedule(schedule)
        .wait(HOUR)
        .await
        .expect("active");
    // 1, 2, then 3 s twice: 9 s.
    let seconds = started.elapsed().as_secs_f64();
    assert!((9.0 * 0.8..=9.0 * 1.2).contains(&seconds), "{seconds} s");
}

/// The route the docs give for tests against a server outside the test's
/// runtime: the real clock and a schedule in milliseconds.
#[tokio::test]
async fn on_the_real_clock_a_schedule_in_milliseconds_is_enough() {
    let server = ScriptedServer::start(vec![
        pack("initializing"),
        pack("pending_validation"),
        pack("active"),
    ])
    .await;
    let client = client_at(&server.url());
    let pack = client
        .wait_for_certificate_pack(ZONE, PACK, WaitTarget::Active)
        .poll_schedule(PollSchedule::fixed(Duration::from_millis(10)))
        .wait(Duration::from_secs(30))
        .await
        .expect("active");
    assert_eq!(pack.status, CertificatePackStatus::Active);
    assert_eq!(server.requests().len(), 3);
}
