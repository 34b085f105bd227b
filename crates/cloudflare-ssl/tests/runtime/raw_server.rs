//! Servers that write raw bytes, for what wiremock (hyper) cannot send: an
//! interim 1xx response, an endless body, a TLS stream. One request reader
//! for all of them.

use std::net::SocketAddr;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Reads one request: its head, then `content-length` bytes of body.
/// `None` when the peer closes or fails first.
pub async fn read_request(stream: &mut (impl AsyncRead + Unpin)) -> Option<()> {
    let mut seen = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let n = stream.read(&mut buffer).await.ok()?;
        if n == 0 {
            return None;
        }
        seen.extend_from_slice(&buffer[..n]);
        if let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&seen[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse().ok())
                .unwrap_or(0);
            if seen.len() >= end + 4 + length {
                return Some(());
            }
        }
    }
}

/// A complete HTTP/1.1 response with a JSON `body`, after which the server
/// closes the connection.
pub fn json_response(status: u16, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status} Answer\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A server on 127.0.0.1 that answers every request, one connection at a
/// time, with the same raw bytes, then closes the connection (or, from
/// [`RawServer::stalling`], holds it open and sends nothing more). Stops
/// when dropped.
#[derive(Debug)]
pub struct RawServer {
    address: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    pub async fn start(response: Vec<u8>) -> Self {
        Self::serve(response, false).await
    }

    /// Writes `response` (a head and part of a body, say) and then stalls.
    pub async fn stalling(response: Vec<u8>) -> Self {
        Self::serve(response, true).await
    }

    async fn serve(response: Vec<u8>, stall: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                if read_request(&mut stream).await.is_some() {
                    let _ = stream.write_all(&response).await;
                }
                if stall {
                    std::future::pending::<()>().await;
                }
                let _ = stream.shutdown().await;
            }
        });
        Self { address, task }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
