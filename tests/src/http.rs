//! Clients pointed at local servers, and a raw HTTP/1.1 server for what
//! wiremock cannot send.

use std::net::SocketAddr;

use cloudflare_ssl::{Client, Credentials};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The credentials the suite's clients send: the pages' examples.
pub use cloudflare_ssl_mock::documented::{API_KEY as GLOBAL_KEY, API_TOKEN as TOKEN, EMAIL};

/// A client for `base_url` with an API token and no retries.
pub fn client(base_url: &str) -> Client {
    client_with(Credentials::api_token(TOKEN), base_url)
}

/// A client for `base_url` with these credentials and no retries.
pub fn client_with(credentials: Credentials, base_url: &str) -> Client {
    Client::builder(credentials)
        .base_url(base_url)
        .max_retries(0)
        .build()
        .expect("a client for a local server")
}

/// A current-thread tokio runtime, for property tests that drive async
/// calls case by case.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// A one-connection-at-a-time HTTP/1.1 server on 127.0.0.1 that answers
/// every request with the same raw bytes, then closes the connection.
///
/// hyper (under wiremock) refuses to send a 1xx status as a response; this
/// server writes whatever bytes it is given, so interim 1xx responses can
/// be tested.
#[derive(Debug)]
pub struct RawServer {
    address: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    /// Starts the server; it writes `response` after reading each request's
    /// head and body (found by `content-length`).
    pub async fn start(response: Vec<u8>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let address = listener.local_addr().expect("local address");
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                read_request(&mut stream).await;
                let _ = stream.write_all(&response).await;
                let _ = stream.shutdown().await;
            }
        });
        Self { address, task }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn uri(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads one request (head, then `content-length` bytes of body).
async fn read_request(stream: &mut tokio::net::TcpStream) {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let Ok(read) = stream.read(&mut buffer).await else {
            return;
        };
        if read == 0 {
            return;
        }
        data.extend_from_slice(&buffer[..read]);
        let Some(head_end) = data.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&data[..head_end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .and_then(|value| value.trim().parse().ok())
            .unwrap_or(0);
        if data.len() >= head_end + 4 + length {
            return;
        }
    }
}
