//! Servers that write raw bytes, for what wiremock (hyper) cannot send: an
//! interim 1xx response, an endless body, a TLS stream; a scripted server
//! for tests on tokio's paused clock, which must serve from the test's own
//! runtime (wiremock serves from a thread of its own, and the paused clock
//! would jump ahead while a request is in flight there); and a keep-alive
//! server that answers by request line, as a real API does, which the
//! benchmarks (`tests/benches/client`) share. One request reader for all of
//! them.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// Reads one request: its head, then `content-length` bytes of body; returns
/// the request line (`GET /path?query HTTP/1.1`). `None` when the peer
/// closes or fails first.
pub async fn read_request(stream: &mut (impl AsyncRead + Unpin)) -> Option<String> {
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
                let head = String::from_utf8_lossy(&seen[..end]);
                return Some(head.lines().next().unwrap_or_default().to_owned());
            }
        }
    }
}

/// A complete HTTP/1.1 response with a JSON `body`, after which the server
/// closes the connection.
pub fn json_response(status: u16, body: &str) -> Vec<u8> {
    json_response_with(status, &[], body)
}

/// [`json_response`] with more headers.
pub fn json_response_with(status: u16, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut all = vec![("connection", "close")];
    all.extend_from_slice(headers);
    response(status, &all, body)
}

/// A complete HTTP/1.1 response with a JSON `body` that leaves the
/// connection open, for [`KeepAliveServer`].
pub fn keep_alive_json_response(status: u16, body: &str) -> Vec<u8> {
    response(status, &[], body)
}

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let extra: String = headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect();
    format!(
        "HTTP/1.1 {status} Answer\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{extra}\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Answers by request line (`PATCH /zones/… HTTP/1.1`), each a complete
/// response.
pub type Answers = Vec<(String, Vec<u8>)>;

/// A server on 127.0.0.1, served from the runtime that starts it, that keeps
/// each connection open on a task of its own (many at once) and answers
/// every request with the answer for its request line, or 404, as an API
/// does for a client's connection pool. Stops when dropped.
#[derive(Debug)]
pub struct KeepAliveServer {
    address: SocketAddr,
    accepted: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl KeepAliveServer {
    pub async fn start(answers: Answers) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let answers = Arc::new(answers);
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&accepted);
        let task = tokio::spawn(async move {
            // Dropped with this task when the server stops: ends every connection.
            let mut connections = JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::Relaxed);
                connections.spawn(serve_kept_alive(stream, Arc::clone(&answers)));
            }
        });
        Self {
            address,
            accepted,
            task,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// How many connections were opened to it so far.
    pub fn connections(&self) -> usize {
        self.accepted.load(Ordering::Relaxed)
    }
}

impl Drop for KeepAliveServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Answers the requests of one connection until the client closes it.
async fn serve_kept_alive(mut stream: TcpStream, answers: Arc<Answers>) {
    // Each answer is one write; don't let Nagle hold it back.
    let _ = stream.set_nodelay(true);
    let not_found = keep_alive_json_response(404, "{}");
    while let Some(line) = read_request(&mut stream).await {
        let answer = answers
            .iter()
            .find(|(request, _)| *request == line)
            .map_or(&not_found, |(_, answer)| answer);
        if stream.write_all(answer).await.is_err() {
            return;
        }
    }
}

/// A server on 127.0.0.1, served from the test's runtime, that answers the
/// n-th request with the n-th of its answers (the last one again once they
/// run out), one connection at a time, and records each request line.
/// Stops when dropped.
#[derive(Debug)]
pub struct ScriptedServer {
    address: SocketAddr,
    task: tokio::task::JoinHandle<()>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl ScriptedServer {
    pub async fn start(answers: Vec<Vec<u8>>) -> Self {
        Self::start_delayed(answers, std::time::Duration::ZERO).await
    }

    /// [`ScriptedServer::start`], answering each request `delay` (tokio's
    /// clock) after it was read and recorded.
    pub async fn start_delayed(answers: Vec<Vec<u8>>, delay: std::time::Duration) -> Self {
        assert!(!answers.is_empty(), "a script needs an answer");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let Some(line) = read_request(&mut stream).await else {
                    continue;
                };
                let answered = {
                    let mut seen = seen.lock().expect("requests");
                    seen.push(line);
                    seen.len() - 1
                };
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                let answer = &answers[answered.min(answers.len() - 1)];
                let _ = stream.write_all(answer).await;
                let _ = stream.shutdown().await;
            }
        });
        Self {
            address,
            task,
            requests,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Each request's method and target (`GET /zones/…?page=2`), in order.
    pub fn requests(&self) -> Vec<String> {
        self.requests
            .lock()
            .expect("requests")
            .iter()
            .map(|line| line.trim_end_matches(" HTTP/1.1").to_owned())
            .collect()
    }
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
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

    /// Waits `delay` (tokio's clock: paused in some tests) after each
    /// request before writing `response`.
    pub async fn delayed(response: Vec<u8>, delay: std::time::Duration) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                if read_request(&mut stream).await.is_some() {
                    tokio::time::sleep(delay).await;
                    let _ = stream.write_all(&response).await;
                }
                let _ = stream.shutdown().await;
            }
        });
        Self { address, task }
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
