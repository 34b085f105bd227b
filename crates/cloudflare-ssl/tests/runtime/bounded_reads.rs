//! Response bodies are read up to a limit, whatever the server sends.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use cloudflare_ssl::types::SslAutomaticModeValue;
use cloudflare_ssl::{Client, Error};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

use crate::raw_server::{RawServer, json_response, read_request};
use crate::support::*;

const GIB: u64 = 1 << 30;

/// A server that answers one request with `head`, then writes zeros (raw,
/// or as chunks of chunked encoding) until the client hangs up or `GIB`
/// bytes are out. Returns its URL and the count of body bytes it wrote.
async fn endless_body(head: &'static str, chunked: bool) -> (String, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let written = Arc::new(AtomicU64::new(0));
    let counter = written.clone();
    tokio::spawn(async move {
        let Ok((mut stream, _)) = listener.accept().await else {
            return;
        };
        if read_request(&mut stream).await.is_none()
            || stream.write_all(head.as_bytes()).await.is_err()
        {
            return;
        }
        let zeros = vec![b'0'; 64 * 1024];
        let frame = format!("{:x}\r\n", zeros.len());
        while counter.load(Ordering::Relaxed) < GIB {
            let sent = if chunked {
                stream.write_all(frame.as_bytes()).await.is_ok()
                    && stream.write_all(&zeros).await.is_ok()
                    && stream.write_all(b"\r\n").await.is_ok()
            } else {
                stream.write_all(&zeros).await.is_ok()
            };
            if !sent {
                return;
            }
            counter.fetch_add(zeros.len() as u64, Ordering::Relaxed);
        }
    });
    (url, written)
}

fn client_with_limit(url: &str, limit: usize) -> Client {
    builder_at(url)
        .max_retries(0)
        .max_response_bytes(limit)
        .build()
        .expect("client")
}

/// Calls a server that sends `head` and then an endless body, through a
/// client with this response limit (`None`: the default). The call must
/// fail, and the client must hang up: the server wrote no more than the
/// socket buffers took in, nowhere near the gibibyte it would send.
async fn call_endless_body(head: &'static str, chunked: bool, limit: Option<usize>) -> Error {
    let (url, written) = endless_body(head, chunked).await;
    let client = match limit {
        Some(limit) => client_with_limit(&url, limit),
        None => client_at(&url),
    };
    let error = set_auto(&client).await.expect_err("too long");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let written = written.load(Ordering::Relaxed);
    assert!(written < 64 << 20, "the server wrote {written} bytes");
    error
}

#[tokio::test]
async fn a_declared_one_gib_body_is_refused_before_it_is_read() {
    let head =
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1073741824\r\n\r\n";
    let error = call_endless_body(head, false, None).await;
    let reason = unexpected(&error).reason;
    assert!(
        reason.contains("too long") && reason.contains("Content-Length 1073741824"),
        "{reason}"
    );
    assert!(reason.contains("limit of 4194304 bytes"), "{reason}");
}

#[tokio::test]
async fn an_undeclared_endless_body_stops_at_the_limit() {
    let head =
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
    let error = call_endless_body(head, true, Some(256 * 1024)).await;
    let got = unexpected(&error);
    assert!(
        got.reason.contains("too long") && got.reason.contains("limit of 262144 bytes"),
        "{}",
        got.reason
    );
    assert_eq!(got.status, Some(200));
    assert!(got.body_prefix.starts_with("000"), "{:?}", got.body_prefix);
}

#[tokio::test]
async fn a_body_within_the_limit_is_read_whole() {
    let body = serde_json::to_string(&setting_envelope("custom")).expect("JSON");
    let server = RawServer::start(json_response(200, &body)).await;
    let url = server.url();
    let setting = client_with_limit(&url, body.len())
        .edit_ssl_automatic_mode(ZONE, SslAutomaticModeValue::Custom)
        .await
        .expect("exactly at the limit");
    assert_eq!(setting.value, SslAutomaticModeValue::Custom);
}
