//! How every kind of answer becomes an `Error`: Cloudflare's failure
//! envelopes, proxies' HTML, broken or empty JSON, timeouts, refused
//! connections and redirects. The one suite for error classification.

use std::time::Duration;

use cloudflare_ssl::types::SslAutomaticModeValue;
use cloudflare_ssl::{BODY_PREFIX_LEN, Error, TransportKind};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

#[tokio::test]
async fn documented_1008_failure_as_http_400_is_an_api_error_with_its_code() {
    let error = mode_error(ResponseTemplate::new(400).set_body_json(failure_1008())).await;
    let (errors, messages) = api_entries(&error);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, 1008);
    assert!(messages.is_empty());
    assert_eq!(
        error.to_string(),
        "Cloudflare API error 1008: Invalid SSL/TLS encryption configuration value, only auto or custom accepted (HTTP 400)"
    );
    assert_eq!(error.codes(), [1008]);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
}

#[tokio::test]
async fn http_200_with_success_false_is_an_api_error() {
    let error = mode_error(ResponseTemplate::new(200).set_body_json(failure_1008())).await;
    assert!(
        matches!(&error, Error::Api { status, .. } if status.as_u16() == 200),
        "{error:?}"
    );
    assert_eq!(error.codes(), [1008]);

    let mut without_result = failure_1008();
    without_result["result"] = json!(null);
    let error = mode_error(ResponseTemplate::new(200).set_body_json(without_result)).await;
    assert!(
        matches!(&error, Error::Api { status, .. } if status.as_u16() == 200),
        "{error:?}"
    );

    let mut pack_failure = failure_1008();
    pack_failure["result"] = json!(null);
    let error = pack_error(ResponseTemplate::new(200).set_body_json(pack_failure)).await;
    assert_eq!(error.codes(), [1008], "{error:?}");
}

#[tokio::test]
async fn four_xx_with_null_result_keeps_every_error_entry() {
    let body = json!({
        "success": false,
        "errors": [
            { "code": 1003, "message": "Invalid or missing zone id.", "documentation_url": "https://developers.cloudflare.com/" },
            { "code": 7003, "message": "No route for the URI", "source": { "pointer": "/zone_id" } }
        ],
        "messages": [{ "code": 1001, "message": "see the docs" }],
        "result": null
    });
    let error = pack_error(ResponseTemplate::new(404).set_body_json(body)).await;
    let (errors, messages) = api_entries(&error);
    assert_eq!(codes_and_messages(messages), [(1001, "see the docs")]);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(error.codes(), [1003, 7003]);
    assert_eq!(
        errors[0].documentation_url.as_deref(),
        Some("https://developers.cloudflare.com/")
    );
    assert_eq!(
        errors[1].source.as_ref().and_then(|s| s.pointer.as_deref()),
        Some("/zone_id")
    );
    assert_eq!(
        error.to_string(),
        "Cloudflare API error 1003: Invalid or missing zone id.; Cloudflare API error 7003: No route for the URI (HTTP 404)"
    );
}

#[tokio::test]
async fn server_error_with_cloudflare_envelope_is_an_api_error() {
    let body = json!({ "success": false, "errors": [{ "code": 10000, "message": "Internal error" }], "messages": [] });
    let error = pack_error(ResponseTemplate::new(500).set_body_json(body)).await;
    assert!(
        matches!(&error, Error::Api { status, .. } if status.as_u16() == 500),
        "{error:?}"
    );
    assert_eq!(error.codes(), [10000]);
}

#[tokio::test]
async fn html_pages_are_unexpected_responses_with_status_type_and_the_start_of_the_body() {
    // A proxy's page, long enough for the kept prefix to be cut.
    let page = format!(
        "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
        "<p>cloudflare</p>".repeat(100)
    );
    for status in [200u16, 403, 502, 520] {
        let error = pack_error(
            ResponseTemplate::new(status).set_body_raw(page.clone(), "text/html; charset=UTF-8"),
        )
        .await;
        let got = unexpected(&error);
        assert_eq!(got.status, Some(status));
        assert_eq!(
            got.content_type,
            Some("text/html; charset=UTF-8"),
            "HTTP {status}"
        );
        assert_eq!(got.body_prefix, &page[..BODY_PREFIX_LEN], "HTTP {status}");
        assert_eq!(got.json_path, None, "HTTP {status}: HTML has no JSON path");
        assert!(!got.reason.is_empty(), "HTTP {status}");
        let shown = error.to_string();
        assert!(
            shown.starts_with(&format!(
                "unexpected response from the Cloudflare API (HTTP {status}): "
            )),
            "{shown}"
        );
        assert!(
            shown.contains("content-type: text/html; charset=UTF-8"),
            "{shown}"
        );
        assert!(
            shown.contains("body starts: \"<!DOCTYPE html>") && shown.contains("502 Bad Gateway"),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn truncated_json_names_where_decoding_stopped() {
    let full = serde_json::to_string_pretty(&pack_envelope("active")).expect("JSON");
    // Cut right after the pack's second host.
    let cut = full
        .find("\"*.example.com\"")
        .expect("the pack's second host")
        + "\"*.example.com\"".len();
    let truncated = &full[..cut];
    let error =
        pack_error(ResponseTemplate::new(200).set_body_raw(truncated, "application/json")).await;
    let got = unexpected(&error);
    assert_eq!(got.status, Some(200));
    assert_eq!(got.content_type, Some("application/json"));
    assert_eq!(
        got.body_prefix,
        &truncated[..truncated.len().min(BODY_PREFIX_LEN)]
    );
    assert_eq!(got.json_path, Some("result.hosts"), "{error}");
    assert!(got.reason.contains("EOF"), "{}", got.reason);
    assert!(error.to_string().contains("at `result.hosts`"), "{error}");
}

#[tokio::test]
async fn a_wrong_type_deep_in_the_body_is_reported_with_its_json_path() {
    let mut body = pack_envelope("active");
    body["result"]["hosts"] = json!(["example.com", 42]);
    let error = pack_error(ResponseTemplate::new(200).set_body_json(body)).await;
    assert_eq!(unexpected(&error).json_path, Some("result.hosts[1]"));
    assert!(
        error.to_string().contains("at `result.hosts[1]`"),
        "{error}"
    );
}

#[tokio::test]
async fn empty_bodies_are_unexpected_responses() {
    for status in [200, 400, 503] {
        let error = mode_error(ResponseTemplate::new(status)).await;
        let got = unexpected(&error);
        assert_eq!(got.status, Some(status));
        assert!(got.body_prefix.is_empty(), "HTTP {status}");
        assert!(error.to_string().contains("empty body"), "{error}");
        if status == 200 {
            // A documented status: the emptiness is the whole reason.
            assert_eq!(got.reason, "empty body");
            assert!(error.to_string().ends_with("; empty body"), "{error}");
        }
    }
}

#[tokio::test]
async fn a_success_envelope_with_a_4xx_status_is_an_unexpected_response() {
    let error =
        mode_error(ResponseTemplate::new(404).set_body_json(setting_envelope("auto"))).await;
    assert!(
        matches!(&error, Error::UnexpectedResponse { status: Some(s), .. } if s.as_u16() == 404),
        "{error:?}"
    );
}

#[tokio::test]
async fn success_without_result_is_an_unexpected_response() {
    // Left out, or written as `null`: either way there is no result.
    for body in [
        json!({ "errors": [], "messages": [], "success": true }),
        json!({ "errors": [], "messages": [], "success": true, "result": null }),
    ] {
        let error = pack_error(ResponseTemplate::new(200).set_body_json(&body)).await;
        let Unexpected {
            reason,
            body_prefix,
            ..
        } = unexpected(&error);
        assert!(reason.contains("`result` is missing"), "{reason}");
        assert_eq!(
            body_prefix,
            &body.to_string(),
            "the body is kept, not reported as empty"
        );
    }
}

#[tokio::test]
async fn a_slow_server_trips_the_request_timeout() {
    let server = slow_server(Duration::from_secs(5)).await;
    let client = builder(&server)
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .expect("client");
    let error = set_auto(&client).await.expect_err("times out");
    assert!(
        matches!(
            error,
            Error::Transport {
                kind: TransportKind::Timeout,
                attempts: 1,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn nothing_listening_is_a_connect_error() {
    let client = client_for_closed_port(0);
    let error = set_auto(&client).await.expect_err("refused");
    assert_transport(&error, TransportKind::Connect);
}

#[tokio::test]
async fn json_arrays_are_never_read_as_envelopes() {
    for (status, body) in [
        (
            200,
            r#"[[], [], {"editable": true, "id": "ssl_automatic_mode", "modified_on": "2014-01-01T05:20:00Z", "value": "auto"}, true]"#,
        ),
        (200, r#"[false, [{"code": 1008, "message": "m"}]]"#),
        (400, r#"[false, [{"code": 1008, "message": "m"}]]"#),
    ] {
        let error =
            mode_error(ResponseTemplate::new(status).set_body_raw(body, "application/json")).await;
        assert_eq!(unexpected(&error).status, Some(status), "{error:?}");
    }
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = MockServer::start().await;
    let elsewhere = format!("{}/elsewhere", server.uri());
    Mock::given(method("PATCH"))
        .and(path(mode_path()))
        .respond_with(ResponseTemplate::new(301).insert_header("location", elsewhere.as_str()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/elsewhere"))
        .respond_with(ResponseTemplate::new(200).set_body_json(setting_envelope("auto")))
        .expect(0)
        .mount(&server)
        .await;
    let error = client(&server)
        .edit_ssl_automatic_mode(ZONE, SslAutomaticModeValue::Custom)
        .await
        .expect_err("a redirect is not the documented answer");
    assert!(
        matches!(&error, Error::UnexpectedResponse { status: Some(s), .. } if s.as_u16() == 301),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_server_that_never_accepts_trips_the_connect_timeout() {
    // A listener nobody accepts on: once its accept queue is full the kernel
    // drops further SYNs, so the client's connect hangs until it times out.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("listener");
    let address = listener.local_addr().expect("address");
    let mut filling = Vec::new();
    for _ in 0..1024 {
        match std::net::TcpStream::connect_timeout(&address, Duration::from_millis(50)) {
            Ok(stream) => filling.push(stream),
            Err(_) => break,
        }
    }
    let client = builder_at(&format!("http://{address}"))
        .connect_timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .expect("client");
    let outcome = tokio::time::timeout(Duration::from_secs(10), set_auto(&client))
        .await
        .expect("the connect timeout fires long before the request timeout");
    let error = outcome.expect_err("never connects");
    assert_transport(&error, TransportKind::Timeout);
    drop((filling, listener));
}

/// Cloudflare nests the real cause under `error_chain` (6003 → 6111): the
/// entry keeps it, and every other undeclared property, through the client.
#[tokio::test]
async fn an_error_entry_keeps_its_error_chain_and_undeclared_properties() {
    let body = json!({
        "success": false,
        "errors": [{
            "code": 6003,
            "message": "Invalid request headers",
            "error_chain": [{ "code": 6111, "message": "Invalid format for Authorization header" }],
            "hint": "added tomorrow"
        }],
        "messages": [],
        "result": null
    });
    let error = mode_error(ResponseTemplate::new(400).set_body_json(body)).await;
    let (errors, _) = api_entries(&error);
    let chain = errors[0].error_chain();
    assert_eq!(
        codes_and_messages(&chain),
        [(6111, "Invalid format for Authorization header")]
    );
    assert_eq!(errors[0].extra["hint"], "added tomorrow");
}

/// reqwest's error is reachable only through `source()`, behind the opaque
/// `TransportError`, whose kind is the variant's.
#[tokio::test]
async fn a_transport_error_keeps_reqwest_behind_its_source() {
    use std::error::Error as _;

    let error = set_auto(&client_for_closed_port(1))
        .await
        .expect_err("refused");
    let Error::Transport { kind, source, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*kind, TransportKind::Connect);
    assert_eq!(source.kind(), TransportKind::Connect);
    let transport = error
        .source()
        .and_then(|s| s.downcast_ref::<cloudflare_ssl::TransportError>())
        .expect("the source is the TransportError");
    assert_eq!(transport.to_string(), "could not connect");
    assert!(
        transport
            .source()
            .is_some_and(|inner| inner.is::<reqwest::Error>()),
        "{transport:?}"
    );
    assert_eq!(error.attempts(), 2);
}

/// `Error::attempts()`: every request sent, retries included; 0 when
/// nothing was sent.
#[tokio::test]
async fn attempts_counts_the_requests_sent() {
    let server = server_answering(ResponseTemplate::new(503).set_body_json(failure_1008())).await;
    let error = set_auto(&client(&server).with_max_retries(1))
        .await
        .expect_err("always 503");
    assert!(matches!(error, Error::Api { attempts: 2, .. }), "{error:?}");
    assert_eq!(error.attempts(), 2);

    let error = mode_error(ResponseTemplate::new(502).set_body_raw("<html>", "text/html")).await;
    assert!(
        matches!(error, Error::UnexpectedResponse { .. }),
        "{error:?}"
    );
    assert_eq!(error.attempts(), 1);

    let error = client(&server)
        .edit_ssl_automatic_mode("", SslAutomaticModeValue::Auto)
        .await
        .expect_err("an empty zone id");
    assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
    assert_eq!(error.attempts(), 0);
}
