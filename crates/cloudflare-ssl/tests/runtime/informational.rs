//! Interim 1xx responses. hyper, which serves wiremock's responses, cannot
//! send a 1xx as a response (its HTTP/1 server replaces any 1xx but 101
//! with an empty `500`: hyper 1.x `proto/h1/role.rs`), so these tests use a
//! raw server and send them as what they are on the wire: an interim
//! response the client skips before the final one (RFC 9110 §15.2).
//!
//! One scripted server and one client per test serve every status in turn:
//! building a client loads the system's trust store, which takes longer
//! than a request.

use cloudflare_ssl::Error;
use cloudflare_ssl::types::SslAutomaticModeValue;

use crate::raw_server::{RawServer, ScriptedServer, json_response};
use crate::support::*;

/// Every 1xx status but 101, which switches protocols rather than waits.
fn interim_statuses() -> impl Iterator<Item = u16> {
    (100u16..=199).filter(|status| *status != 101)
}

fn interim(status: u16) -> Vec<u8> {
    format!("HTTP/1.1 {status} Interim\r\n\r\n").into_bytes()
}

#[tokio::test]
async fn an_interim_response_is_skipped_and_the_final_one_decides() {
    let success = setting_envelope("custom").to_string();
    let failure = failure_1008().to_string();
    // Each interim status twice: before a success, then before a failure.
    let script = interim_statuses()
        .flat_map(|status| {
            [(200, success.as_str()), (400, failure.as_str())].map(|(final_status, body)| {
                let mut bytes = interim(status);
                bytes.extend(json_response(final_status, body));
                bytes
            })
        })
        .collect();
    let server = ScriptedServer::start(script).await;
    let client = client_at(&server.url());
    for status in interim_statuses() {
        let setting = set_auto(&client)
            .await
            .unwrap_or_else(|error| panic!("HTTP {status}, then 200: {error}"));
        assert_eq!(
            setting.value,
            SslAutomaticModeValue::Custom,
            "HTTP {status}"
        );

        let error = set_auto(&client).await.expect_err("a failure");
        assert_eq!(error.codes(), [1008], "HTTP {status}, then 400: {error:?}");
        assert_eq!(
            error.status().map(|s| s.as_u16()),
            Some(400),
            "HTTP {status}"
        );
    }
    assert_eq!(server.requests().len(), 2 * interim_statuses().count());
}

#[tokio::test]
async fn an_interim_response_and_then_nothing_is_a_transport_error() {
    let server = ScriptedServer::start(interim_statuses().map(interim).collect()).await;
    let client = client_at(&server.url());
    for status in interim_statuses() {
        let error = set_auto(&client).await.expect_err("no answer");
        assert!(
            matches!(error, Error::Transport { .. }),
            "HTTP {status}, then nothing: {error:?}"
        );
    }
    assert_eq!(server.requests().len(), interim_statuses().count());
}

#[tokio::test]
async fn switching_protocols_unasked_is_an_unexpected_response() {
    let server = RawServer::start(b"HTTP/1.1 101 Switching Protocols\r\n\r\n".to_vec()).await;
    let error = set_auto(&client_at(&server.url())).await.expect_err("101");
    assert_eq!(unexpected(&error).status, Some(101));
}
