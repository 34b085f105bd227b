//! A keep-alive server for the benchmarks, built on the runtime suite's
//! request reader (`raw_server::read_request`).
//!
//! The servers of `raw_server.rs` answer one connection at a time and close
//! it after one answer (`connection: close`). A benchmark of a client's
//! calls needs what a real API gives: connections kept open for the pool to
//! reuse, many served at once (256 calls in flight), each request answered
//! by its path. This is the one piece the bench adds to the shared server;
//! it belongs in `raw_server.rs` beside the others.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

use crate::raw_server::read_request;

/// Answers by request line (`PATCH /zones/… HTTP/1.1`), each a complete
/// response.
pub type Answers = Vec<(String, Vec<u8>)>;

/// A server on 127.0.0.1, served from the runtime that starts it, that keeps
/// each connection open on a task of its own and answers every request with
/// the answer for its request line, or 404. Stops when dropped.
#[derive(Debug)]
pub struct KeepAliveServer {
    address: SocketAddr,
    task: JoinHandle<()>,
}

impl KeepAliveServer {
    pub async fn start(answers: Answers) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let answers = Arc::new(answers);
        let task = tokio::spawn(async move {
            // Dropped with this task when the server stops: ends every connection.
            let mut connections = JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                connections.spawn(serve(stream, Arc::clone(&answers)));
            }
        });
        Self { address, task }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for KeepAliveServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Answers the requests of one connection until the client closes it.
async fn serve(mut stream: TcpStream, answers: Arc<Answers>) {
    // Each answer is one write; don't let Nagle hold it back.
    let _ = stream.set_nodelay(true);
    let not_found = json_response(404, "{}");
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

/// A complete HTTP/1.1 response with a JSON `body` that leaves the
/// connection open (`raw_server::json_response` closes it).
pub fn json_response(status: u16, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status} Answer\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}
