//! Interim 1xx responses. hyper, which serves wiremock's responses, cannot
//! send a 1xx as a response (its HTTP/1 server replaces any 1xx but 101
//! with an empty `500`: hyper 1.x `proto/h1/role.rs`), so these tests use a
//! raw server and send them as what they are on the wire: an interim
//! response the client skips before the final one (RFC 9110 §15.2).

use cloudflare_ssl::Error;
use cloudflare_ssl::types::SslAutomaticModeValue;

use crate::raw_server::{RawServer, json_response};
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
    for status in interim_statuses() {
        let mut bytes = interim(status);
        bytes.extend(json_response(200, &success));
        let server = RawServer::start(bytes).await;
        let setting = set_auto(&client_at(&server.url()))
            .await
            .unwrap_or_else(|error| panic!("HTTP {status}, then 200: {error}"));
        assert_eq!(
            setting.value,
            SslAutomaticModeValue::Custom,
            "HTTP {status}"
        );

        let mut bytes = interim(status);
        bytes.extend(json_response(400, &failure));
        let server = RawServer::start(bytes).await;
        let error = set_auto(&client_at(&server.url()))
            .await
            .expect_err("a failure");
        assert_eq!(error.codes(), [1008], "HTTP {status}, then 400: {error:?}");
        assert_eq!(
            error.status().map(|s| s.as_u16()),
            Some(400),
            "HTTP {status}"
        );
    }
}

#[tokio::test]
async fn an_interim_response_and_then_nothing_is_a_transport_error() {
    for status in interim_statuses() {
        let server = RawServer::start(interim(status)).await;
        let error = set_auto(&client_at(&server.url()))
            .await
            .expect_err("no answer");
        assert!(
            matches!(error, Error::Transport { .. }),
            "HTTP {status}, then nothing: {error:?}"
        );
    }
}

#[tokio::test]
async fn switching_protocols_unasked_is_an_unexpected_response() {
    let server = RawServer::start(b"HTTP/1.1 101 Switching Protocols\r\n\r\n".to_vec()).await;
    let error = set_auto(&client_at(&server.url())).await.expect_err("101");
    assert_eq!(unexpected(&error).status, Some(101));
}
