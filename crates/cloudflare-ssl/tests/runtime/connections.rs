//! Calls share the client's connection pool: calls in a row, and calls
//! through clones and derived clients, go over one kept-alive connection
//! (the benchmarks' server, `raw_server::KeepAliveServer`, counts them).

use std::time::Duration;

use crate::raw_server::{KeepAliveServer, keep_alive_json_response};
use crate::support::*;

#[tokio::test]
async fn calls_in_a_row_and_through_clones_reuse_one_connection() {
    let request = format!("GET /zones/{ZONE}/settings/ssl_automatic_mode HTTP/1.1");
    let answer = keep_alive_json_response(200, &setting_envelope("auto").to_string());
    let server = KeepAliveServer::start(vec![(request, answer)]).await;
    let client = client_at(&server.url());
    let derived = client.with_timeout(Duration::from_secs(5));
    for caller in [&client, &client.clone(), &derived, &client] {
        let setting = caller
            .get_ssl_automatic_mode(ZONE)
            .await
            .expect("the setting");
        assert_eq!(setting.value.as_str(), "auto");
    }
    assert_eq!(
        server.connections(),
        1,
        "every call after the first reuses the connection"
    );
}
