//! Rate limits as Cloudflare sets them: no retries into a block, the
//! server's `x-should-retry`, the rate-limit headers on `RateLimited`, and
//! the optional client-side limiter shared by every clone of a client.

use std::time::{Duration, Instant};

use cloudflare_ssl::{Error, RateLimiter};
use wiremock::ResponseTemplate;

use crate::support::*;

fn blocked_for_five_minutes() -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("retry-after", "300")
        .insert_header("ratelimit", "\"default\";r=0;t=300")
        .set_body_json(serde_json::json!({
            "success": false,
            "errors": [{ "code": 971, "message": "Please wait and consider throttling your request speed" }],
            "messages": [],
            "result": null
        }))
}

#[tokio::test]
async fn a_429_asking_for_more_than_the_retry_cap_is_returned_at_once() {
    let server = server_answering(blocked_for_five_minutes()).await;
    let error = set_auto(&client(&server).with_max_retries(2))
        .await
        .expect_err("blocked");
    assert_eq!(requests_received(&server).await, 1, "no retry into a block");
    let Error::RateLimited {
        retry_after,
        attempts,
        errors,
        rate_limit,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*retry_after, Some(Duration::from_secs(300)));
    assert_eq!(*attempts, 1);
    assert_eq!(errors[0].code, 971);
    assert_eq!(rate_limit.limits[0].remaining, 0);
    assert!(error.is_rate_limited() && error.is_retryable());
}

#[tokio::test]
async fn a_429_within_the_cap_or_without_a_wait_is_retried() {
    for template in [
        ResponseTemplate::new(429).insert_header("retry-after", "0"),
        ResponseTemplate::new(429),
    ] {
        let server = server_answering(template).await;
        let error = set_auto(&client(&server).with_max_retries(1))
            .await
            .expect_err("still 429");
        assert!(
            matches!(error, Error::RateLimited { attempts: 2, .. }),
            "{error:?}"
        );
        assert_eq!(requests_received(&server).await, 2);
    }
}

#[tokio::test]
async fn x_should_retry_overrides_the_status_rules() {
    /// The requests a call allowed two retries sends to a server always
    /// answering `template`, which says whether to retry, and no wait.
    async fn requests_sent(template: ResponseTemplate, should_retry: &str) -> usize {
        let server = server_answering(
            template
                .insert_header("x-should-retry", should_retry)
                .insert_header("retry-after-ms", "0"),
        )
        .await;
        set_auto(&client(&server).with_max_retries(2))
            .await
            .expect_err("the server always refuses");
        requests_received(&server).await
    }
    // A 503 is retried by the status rules; the server says no.
    assert_eq!(requests_sent(ResponseTemplate::new(503), "false").await, 1);
    // A 400 is never retried by the status rules; the server says yes.
    let failure = ResponseTemplate::new(400).set_body_json(failure_1008());
    assert_eq!(requests_sent(failure, "true").await, 3);
}

#[tokio::test]
async fn the_limiter_is_shared_by_clones_and_derived_clients() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(setting_envelope("auto"))).await;
    // Two requests at once, then one an hour.
    let limiter = RateLimiter::new(3, Duration::from_secs(3 * 3600)).with_burst(2);
    let client = builder(&server)
        .rate_limiter(limiter)
        .build()
        .expect("client");
    let clone = client.clone();
    let derived = client.with_timeout(Duration::from_secs(5));
    set_auto(&clone).await.expect("first token");
    set_auto(&derived).await.expect("second token");
    let third = tokio::time::timeout(Duration::from_millis(300), set_auto(&client)).await;
    assert!(
        third.is_err(),
        "the bucket is shared, so the third call waits"
    );
    assert_eq!(requests_received(&server).await, 2);

    // Without a limiter nothing waits.
    let unlimited = crate::support::client(&server);
    for _ in 0..5 {
        set_auto(&unlimited).await.expect("no limiter");
    }
}

#[tokio::test]
async fn after_a_429_with_a_wait_every_call_through_the_limiter_pauses() {
    let server = answering_first(
        1,
        ResponseTemplate::new(429).insert_header("retry-after-ms", "400"),
        ResponseTemplate::new(200).set_body_json(setting_envelope("auto")),
    )
    .await;
    let client = builder(&server)
        .max_retries(0)
        .rate_limiter(RateLimiter::cloudflare())
        .build()
        .expect("client");
    let error = set_auto(&client).await.expect_err("429, not retried");
    assert!(error.is_rate_limited(), "{error:?}");
    let started = Instant::now();
    set_auto(&client.clone()).await.expect("after the pause");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "the second call left after {:?}, before the server's wait had passed",
        started.elapsed()
    );
}
