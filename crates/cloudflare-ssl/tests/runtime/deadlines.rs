//! The per-attempt timeout, the overall deadline of a call, and derived
//! clients with other per-call settings.

use std::time::{Duration, Instant};

use cloudflare_ssl::{Error, TransportKind};
use wiremock::ResponseTemplate;

use crate::support::*;

#[tokio::test]
async fn the_deadline_cuts_a_hanging_attempt_short() {
    let server = slow_server(Duration::from_secs(5)).await;
    let client = builder(&server)
        .deadline(Duration::from_millis(300))
        .build()
        .expect("client");
    let started = Instant::now();
    let error = set_auto(&client).await.expect_err("deadline");
    assert_within(started, Duration::from_secs(3));
    let Error::DeadlineExceeded {
        deadline, attempts, ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!((*deadline, *attempts), (Duration::from_millis(300), 1));
    assert!(error.to_string().contains("deadline of 0.300 s"), "{error}");
}

#[tokio::test]
async fn no_back_off_is_slept_past_the_deadline() {
    // Each retry would wait 400 ms; with 10 retries allowed and a 1 s
    // deadline, the call ends with the last answer instead of sleeping
    // past it.
    let server =
        server_answering(ResponseTemplate::new(503).insert_header("retry-after-ms", "400")).await;
    let client = client(&server)
        .with_max_retries(10)
        .with_deadline(Duration::from_secs(1));
    let started = Instant::now();
    let error = set_auto(&client).await.expect_err("503");
    assert_within(started, Duration::from_secs(1));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{error:?}");
    let sent = requests_received(&server).await;
    assert!((2..=3).contains(&sent), "{sent} requests");
}

#[tokio::test]
async fn derived_clients_override_timeout_and_retries_and_leave_the_original_alone() {
    let slow = slow_server(Duration::from_millis(400)).await;
    let client = client(&slow);
    let error = set_auto(&client.with_timeout(Duration::from_millis(100)))
        .await
        .expect_err("the derived client times out");
    assert_transport(&error, TransportKind::Timeout);
    set_auto(&client)
        .await
        .expect("the original keeps its 60 s");

    let failing =
        server_answering(ResponseTemplate::new(503).insert_header("retry-after-ms", "0")).await;
    let client = crate::support::client(&failing).with_max_retries(2);
    set_auto(&client.with_max_retries(0))
        .await
        .expect_err("503");
    assert_eq!(requests_received(&failing).await, 1);
    set_auto(&client).await.expect_err("503");
    assert_eq!(requests_received(&failing).await, 4);
}
