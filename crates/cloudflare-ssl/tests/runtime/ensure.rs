//! `ensure_ssl_automatic_mode` and `plan_ssl_automatic_mode`: read before
//! write, with the requests each one sends.

use cloudflare_ssl::types::SslAutomaticModeValue;
use cloudflare_ssl::{EnsureError, Ensured, PlannedChange};

use crate::raw_server::{ScriptedServer, json_response};
use crate::support::*;

fn setting(value: &str, editable: bool) -> Vec<u8> {
    let mut envelope = setting_envelope(value);
    envelope["result"]["editable"] = editable.into();
    json_response(200, &envelope.to_string())
}

fn get() -> String {
    format!("GET /zones/{ZONE}/settings/ssl_automatic_mode")
}

#[tokio::test]
async fn a_setting_that_already_has_the_value_is_unchanged_and_no_patch_is_sent() {
    let server = ScriptedServer::start(vec![setting("auto", true)]).await;
    let client = client_at(&server.url());
    let ensured = client
        .ensure_ssl_automatic_mode(ZONE, SslAutomaticModeValue::Auto)
        .await
        .expect("ensured");
    assert!(matches!(&ensured, Ensured::Unchanged(_)), "{ensured:?}");
    assert!(!ensured.changed());
    assert_eq!(server.requests(), [get()]);
}

#[tokio::test]
async fn a_setting_that_is_not_editable_is_an_error_and_no_patch_is_sent() {
    let server = ScriptedServer::start(vec![setting("custom", false)]).await;
    let client = client_at(&server.url());
    let error = client
        .ensure_ssl_automatic_mode(ZONE, SslAutomaticModeValue::Auto)
        .await
        .expect_err("not editable");
    let EnsureError::NotEditable { current } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(current.value, SslAutomaticModeValue::Custom);
    assert!(error.to_string().contains("not editable"), "{error}");
    assert_eq!(server.requests(), [get()]);
}

#[tokio::test]
async fn a_setting_with_another_value_is_patched_and_changed() {
    let server = ScriptedServer::start(vec![setting("custom", true), setting("auto", true)]).await;
    let client = client_at(&server.url());
    let ensured = client
        .ensure_ssl_automatic_mode(ZONE, SslAutomaticModeValue::Auto)
        .await
        .expect("ensured");
    let Ensured::Changed(now) = &ensured else {
        panic!("{ensured:?}")
    };
    assert_eq!(now.value, SslAutomaticModeValue::Auto);
    let patch = format!("PATCH /zones/{ZONE}/settings/ssl_automatic_mode");
    assert_eq!(server.requests(), [get(), patch]);
}

#[tokio::test]
async fn a_plan_reads_only_and_says_what_would_change() {
    for (value, editable, expected) in [
        ("custom", true, PlannedChange::WouldChange),
        ("custom", false, PlannedChange::NotEditable),
        ("auto", false, PlannedChange::Unchanged),
    ] {
        let server = ScriptedServer::start(vec![setting(value, editable)]).await;
        let client = client_at(&server.url());
        let plan = client
            .plan_ssl_automatic_mode(ZONE, SslAutomaticModeValue::Auto)
            .await
            .expect("plan");
        assert_eq!(plan.change, expected, "{value} editable={editable}");
        assert_eq!(server.requests(), [get()]);
    }
}

#[tokio::test]
async fn an_unknown_value_is_refused_before_the_read() {
    let server = ScriptedServer::start(vec![setting("auto", true)]).await;
    let client = client_at(&server.url());
    let error = client
        .ensure_ssl_automatic_mode(ZONE, SslAutomaticModeValue::from("strict"))
        .await
        .expect_err("unknown");
    assert!(
        matches!(
            &error,
            EnsureError::Request(cloudflare_ssl::Error::InvalidInput {
                parameter: "value",
                ..
            })
        ),
        "{error:?}"
    );
    assert!(server.requests().is_empty());
}
