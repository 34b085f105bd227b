//! The replies that fail only some requests (`times`), answer nothing at
//! all (`drop_connection`), or fail after doing what a success would
//! (`carried_out`), on any operation.

use std::time::Duration;

use cloudflare_ssl::types::SslAutomaticModeValue;
use cloudflare_ssl::{Error, TransportKind};
use cloudflare_ssl_mock::documented::ZONE_ID;
use cloudflare_ssl_mock::{MockCloudflare, codes};

use crate::support::{AUTH, RawRequest, edit_mode, edit_mode_with, mode_url, retrying_client};

#[tokio::test]
async fn times_limits_a_failure_to_the_next_requests() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = retrying_client(&mock, 0);
    mock.edit_ssl_automatic_mode()
        .api_error(503, &[1000])
        .times(2);
    for _ in 0..2 {
        let error = edit_mode_with(&client, SslAutomaticModeValue::Auto)
            .await
            .expect_err("503");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    }
    edit_mode_with(&client, SslAutomaticModeValue::Auto)
        .await
        .expect("back to the success answer");
    // A new failure starts without a count: it stays.
    mock.edit_ssl_automatic_mode().api_error(503, &[1000]);
    for _ in 0..3 {
        edit_mode_with(&client, SslAutomaticModeValue::Auto)
            .await
            .expect_err("503");
    }
    mock.edit_ssl_automatic_mode().times(0);
    edit_mode_with(&client, SslAutomaticModeValue::Auto)
        .await
        .expect("times(0) is success()");
}

#[tokio::test]
#[should_panic(expected = "counts a failure answer")]
async fn times_needs_a_failure_to_count() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.get_ssl_automatic_mode().times(1);
}

#[tokio::test]
async fn drop_connection_closes_it_without_an_answer() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.get_ssl_automatic_mode().drop_connection().times(1);
    let error = mock
        .client()
        .get_ssl_automatic_mode(ZONE_ID)
        .await
        .expect_err("no answer");
    match &error {
        Error::Transport { kind, attempts, .. } => {
            assert_eq!((*kind, *attempts), (TransportKind::Other, 1), "{error:?}");
        }
        other => panic!("{other:?}"),
    }
    // A raw client sees the same: no status, the connection closed.
    mock.get_ssl_automatic_mode().drop_connection();
    let raw = reqwest::Client::new()
        .get(mode_url(&mock))
        .header(AUTH.0, AUTH.1)
        .send()
        .await
        .expect_err("no response");
    assert!(raw.is_request() && !raw.is_timeout(), "{raw:?}");
    mock.get_ssl_automatic_mode().success();
    mock.client()
        .get_ssl_automatic_mode(ZONE_ID)
        .await
        .expect("answered again");
    assert_eq!(mock.get_ssl_automatic_mode().requests().len(), 3);
    // Only the operation that drops: the others answer meanwhile.
    mock.get_ssl_automatic_mode().drop_connection();
    edit_mode(&mock).await.expect("another operation");
}

#[tokio::test]
async fn a_non_conforming_request_is_refused_not_dropped() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_ssl_automatic_mode().drop_connection();
    RawRequest::mode(&mock)
        .body(r#"{"value":"on"}"#)
        .refused(
            400,
            codes::INVALID_SSL_AUTOMATIC_MODE_VALUE,
            "does not match",
        )
        .await;
}

#[tokio::test]
async fn a_carried_out_failure_changes_what_a_success_would() {
    let mock = MockCloudflare::builder().stateful(true).start().await;
    mock.edit_ssl_automatic_mode()
        .api_error(500, &[1000])
        .carried_out(true);
    let client = retrying_client(&mock, 0);
    edit_mode_with(&client, SslAutomaticModeValue::Custom)
        .await
        .expect_err("500");
    assert_eq!(
        mock.default_zone().setting().value,
        SslAutomaticModeValue::Custom
    );
    // Not carried out (the default): nothing changes.
    mock.edit_ssl_automatic_mode().carried_out(false);
    edit_mode_with(&client, SslAutomaticModeValue::Auto)
        .await
        .expect_err("500");
    assert_eq!(
        mock.default_zone().setting().value,
        SslAutomaticModeValue::Custom
    );
    // Rate-limited answers are never carried out.
    mock.edit_ssl_automatic_mode()
        .success()
        .carried_out(true)
        .rate_limited(1, Duration::ZERO);
    let error = edit_mode_with(&client, SslAutomaticModeValue::Auto)
        .await
        .expect_err("429");
    assert!(error.is_rate_limited(), "{error}");
    assert_eq!(
        mock.default_zone().setting().value,
        SslAutomaticModeValue::Custom
    );
}
