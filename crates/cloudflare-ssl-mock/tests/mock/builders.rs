//! One test (at least) per builder of an operation handle.

// tidy: long file: one test per builder of an operation handle, so that a
// new builder's missing test shows in one place.

use std::time::{Duration, Instant};

use cloudflare_ssl::types::{
    CertificatePackEditRequest, CertificatePackStatus, CertificatePackType, ResponseInfo,
    SslAutomaticModeValue,
};
use cloudflare_ssl::{Error, TransportKind};
use cloudflare_ssl_mock::documented::{self, CERTIFICATE_PACK_ID, ZONE_ID};
use cloudflare_ssl_mock::{MockCloudflare, codes};
use serde_json::json;

use crate::support::{MODE_PATH, PACK_PATH, assert_conforms, mode_url, pack_url, patch};

async fn edit_pack(mock: &MockCloudflare) -> Result<cloudflare_ssl::types::CertificatePack, Error> {
    mock.client()
        .edit_certificate_pack(
            ZONE_ID,
            CERTIFICATE_PACK_ID,
            &CertificatePackEditRequest::default(),
        )
        .await
}

async fn edit_mode(
    mock: &MockCloudflare,
) -> Result<cloudflare_ssl::types::SslAutomaticModeSetting, Error> {
    mock.client()
        .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Auto)
        .await
}

#[tokio::test]
async fn status_takes_documented_undocumented_and_enum_values() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_certificate_pack().status("expired");
    assert_eq!(
        edit_pack(&mock).await.expect("pack").status,
        CertificatePackStatus::Expired
    );
    mock.edit_certificate_pack()
        .status(CertificatePackStatus::ValidationTimedOut);
    assert_eq!(
        edit_pack(&mock).await.expect("pack").status,
        CertificatePackStatus::ValidationTimedOut
    );
    mock.edit_certificate_pack().status("revoked");
    let pack = edit_pack(&mock)
        .await
        .expect("an undocumented status still decodes");
    assert_eq!(
        pack.status,
        CertificatePackStatus::Unknown("revoked".into())
    );
    assert_eq!(
        patch(&pack_url(&mock), "{}").await.json()["result"]["status"],
        "revoked"
    );
}

#[tokio::test]
async fn type_takes_documented_undocumented_and_enum_values() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_certificate_pack()
        .type_(CertificatePackType::Advanced);
    assert_eq!(
        edit_pack(&mock).await.expect("pack").type_,
        CertificatePackType::Advanced
    );
    mock.edit_certificate_pack().type_("managed_hostname");
    assert_eq!(
        edit_pack(&mock).await.expect("pack").type_,
        CertificatePackType::ManagedHostname
    );
    mock.edit_certificate_pack().type_("quantum");
    assert_eq!(
        edit_pack(&mock).await.expect("pack").type_,
        CertificatePackType::Unknown("quantum".into())
    );
}

#[tokio::test]
async fn id_branding_and_whole_packs() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_certificate_pack()
        .id("3822ff90-ea29-44df-9e55-21300bb9419b")
        .cloudflare_branding(true);
    let pack = edit_pack(&mock).await.expect("pack");
    assert_eq!(pack.id, "3822ff90-ea29-44df-9e55-21300bb9419b");
    assert_eq!(pack.cloudflare_branding, Some(true));

    let mut custom = pack.clone();
    custom.hosts = vec!["example.net".into()];
    custom.status = CertificatePackStatus::Active;
    mock.edit_certificate_pack().set_pack(&custom);
    assert_eq!(edit_pack(&mock).await.expect("pack"), custom);
    assert_eq!(mock.edit_certificate_pack().pack(), custom);

    // JSON the fragment does not allow: the client says where it breaks.
    mock.edit_certificate_pack().set_pack_json(
        json!({ "id": "x", "status": "active", "type": "universal", "hosts": "one" }),
    );
    match edit_pack(&mock).await {
        Err(Error::UnexpectedResponse { json_path, .. }) => {
            let path = json_path.unwrap_or_default();
            assert!(path.starts_with("result"), "{path}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(mock.edit_certificate_pack().pack_json()["hosts"], "one");
}

#[tokio::test]
#[should_panic(expected = "not a JSON object")]
async fn pack_fields_need_an_object() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_certificate_pack()
        .set_pack_json(json!([]))
        .status("active");
}

#[tokio::test]
async fn value_sets_auto_custom_or_anything() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_ssl_automatic_mode()
        .value(SslAutomaticModeValue::Custom);
    assert_eq!(
        edit_mode(&mock).await.expect("setting").value,
        SslAutomaticModeValue::Custom
    );
    mock.edit_ssl_automatic_mode().value("auto");
    assert_eq!(
        edit_mode(&mock).await.expect("setting").value,
        SslAutomaticModeValue::Auto
    );
    mock.edit_ssl_automatic_mode().value("off");
    assert_eq!(
        edit_mode(&mock).await.expect("setting").value,
        SslAutomaticModeValue::Unknown("off".into())
    );
}

#[tokio::test]
async fn editable_and_whole_settings() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_ssl_automatic_mode().editable(false);
    let setting = edit_mode(&mock).await.expect("setting");
    assert!(!setting.editable);
    let mut custom = setting.clone();
    custom.next_scheduled_scan = None;
    custom.value = SslAutomaticModeValue::Custom;
    mock.edit_ssl_automatic_mode().set_setting(&custom);
    assert_eq!(edit_mode(&mock).await.expect("setting"), custom);
    assert_eq!(mock.edit_ssl_automatic_mode().setting(), custom);
    mock.edit_ssl_automatic_mode()
        .set_setting_json(json!({ "id": "ssl_automatic_mode" }));
    assert!(matches!(
        edit_mode(&mock).await,
        Err(Error::UnexpectedResponse { .. })
    ));
    assert_eq!(
        mock.edit_ssl_automatic_mode().setting_json(),
        json!({ "id": "ssl_automatic_mode" })
    );
}

#[tokio::test]
async fn api_error_sends_the_failure_envelope_with_codes_and_status() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_certificate_pack().api_error(403, &[10000, 9109]);
    match edit_pack(&mock).await {
        Err(Error::Api {
            status,
            errors,
            messages,
            ..
        }) => {
            assert_eq!(status.as_u16(), 403);
            let codes: Vec<i64> = errors.iter().map(|e| e.code).collect();
            assert_eq!(codes, [10000, 9109]);
            assert_eq!(errors[0].message, "Authentication error");
            assert!(messages.is_empty());
        }
        other => panic!("{other:?}"),
    }
    let answer = patch(&pack_url(&mock), "{}").await;
    assert_eq!(answer.status, 403);
    assert_eq!(answer.json()["success"], false);
    assert_eq!(answer.json()["result"], json!(null));
    assert_conforms(PACK_PATH, "4XX", &answer.json());

    mock.edit_ssl_automatic_mode().api_error_with(
        400,
        vec![ResponseInfo {
            code: 1008,
            message: "nope".into(),
            documentation_url: Some("https://example.com/doc".into()),
            source: None,
        }],
    );
    let error = edit_mode(&mock).await.expect_err("400");
    assert_eq!(
        error.to_string(),
        "Cloudflare API error 1008: nope (HTTP 400)"
    );
    assert_conforms(
        MODE_PATH,
        "4XX",
        &patch(&mode_url(&mock), r#"{"value":"auto"}"#).await.json(),
    );
}

#[tokio::test]
async fn api_errors_with_retryable_statuses_are_retried_by_the_client() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_ssl_automatic_mode().api_error(503, &[1000]);
    let client = mock
        .client_builder()
        .max_retries(1)
        .build()
        .expect("client");
    let error = client
        .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Auto)
        .await
        .expect_err("503");
    assert_eq!(error.codes(), [1000]);
    assert_eq!(mock.edit_ssl_automatic_mode().requests().len(), 2);
}

#[tokio::test]
#[should_panic(expected = "HTTP status 99 is not between 200 and 599")]
async fn api_error_rejects_impossible_statuses() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_certificate_pack().api_error(99, &[1000]);
}

#[tokio::test]
async fn success_false_answers_http_200() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_certificate_pack().success_false(&[1000]);
    match edit_pack(&mock).await {
        Err(Error::Api { status, errors, .. }) => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(errors[0].code, 1000);
        }
        other => panic!("{other:?}"),
    }
    mock.edit_ssl_automatic_mode()
        .value("custom")
        .success_false(&[1008]);
    let answer = patch(&mode_url(&mock), r#"{"value":"auto"}"#).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["success"], false);
    assert_eq!(
        answer.json()["result"]["value"],
        "custom",
        "the setting is echoed"
    );
    match edit_mode(&mock).await {
        Err(Error::Api { status, errors, .. }) => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(
                errors[0].message,
                "Invalid SSL/TLS encryption configuration value, only auto or custom accepted"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn documented_failure_is_sent_verbatim() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_ssl_automatic_mode().documented_failure();
    let answer = patch(&mode_url(&mock), r#"{"value":"auto"}"#).await;
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.body,
        documented::EDIT_SSL_AUTOMATIC_MODE_FAILURE.as_bytes()
    );
    assert_conforms(MODE_PATH, "4XX", &answer.json());
    let error = edit_mode(&mock).await.expect_err("1008");
    assert_eq!(error.codes(), [1008]);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
}

#[tokio::test]
async fn rate_limited_for_the_first_calls_then_the_normal_answer() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_certificate_pack()
        .status("active")
        .rate_limited(2, Duration::ZERO);
    // The default client retries twice: the third attempt gets the pack.
    let pack = edit_pack(&mock).await.expect("after two 429s");
    assert_eq!(pack.status, CertificatePackStatus::Active);
    assert_eq!(mock.edit_certificate_pack().requests().len(), 3);

    mock.edit_certificate_pack()
        .rate_limited(1, Duration::from_secs(3));
    let answer = patch(&pack_url(&mock), "{}").await;
    assert_eq!(answer.status, 429);
    assert_eq!(answer.header("retry-after"), Some("3"));
    assert_eq!(answer.header("retry-after-ms"), None);
    assert_eq!(answer.codes(), [codes::RATE_LIMITED]);
    assert_conforms(PACK_PATH, "4XX", &answer.json());
    assert_eq!(
        patch(&pack_url(&mock), "{}").await.status,
        200,
        "then the normal answer"
    );
}

#[tokio::test]
async fn rate_limited_past_the_retries_is_a_rate_limit_error() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_ssl_automatic_mode()
        .rate_limited(5, Duration::from_millis(1500));
    let client = mock
        .client_builder()
        .max_retries(0)
        .build()
        .expect("client");
    match client
        .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Auto)
        .await
    {
        Err(Error::RateLimited {
            retry_after,
            attempts,
            errors,
            ..
        }) => {
            assert_eq!(retry_after, Some(Duration::from_millis(1500)));
            assert_eq!(attempts, 1);
            assert_eq!(errors[0].code, codes::RATE_LIMITED);
        }
        other => panic!("{other:?}"),
    }
    let answer = patch(&mode_url(&mock), r#"{"value":"auto"}"#).await;
    assert_eq!(
        answer.header("retry-after"),
        Some("2"),
        "whole seconds, rounded up"
    );
    assert_eq!(answer.header("retry-after-ms"), Some("1500"));
}

#[tokio::test]
async fn delay_holds_answers_long_enough_for_a_timeout() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_ssl_automatic_mode()
        .delay(Duration::from_millis(300));
    let started = Instant::now();
    edit_mode(&mock).await.expect("slow but fine");
    assert!(started.elapsed() >= Duration::from_millis(300));

    let impatient = mock
        .client_builder()
        .timeout(Duration::from_millis(50))
        .max_retries(0)
        .build()
        .expect("client");
    match impatient
        .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Auto)
        .await
    {
        Err(Error::Transport { kind, .. }) => assert_eq!(kind, TransportKind::Timeout),
        other => panic!("{other:?}"),
    }
    mock.edit_ssl_automatic_mode().delay(Duration::ZERO);
    let started = Instant::now();
    impatient
        .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Auto)
        .await
        .expect("no delay any more");
    assert!(started.elapsed() < Duration::from_millis(300));
    // The other operation was never delayed.
    edit_pack(&mock).await.expect("pack");
}

#[tokio::test]
async fn raw_sends_exact_bytes_status_and_content_type() {
    let mock = cloudflare_ssl_mock::start().await;
    let html = "<html><body>502 Bad Gateway</body></html>";
    mock.edit_certificate_pack().raw(502, "text/html", html);
    let answer = patch(&pack_url(&mock), "{}").await;
    assert_eq!(
        (answer.status, answer.header("content-type")),
        (502, Some("text/html"))
    );
    assert_eq!(answer.body, html.as_bytes());
    let client = mock
        .client_builder()
        .max_retries(0)
        .build()
        .expect("client");
    match client
        .edit_certificate_pack(
            ZONE_ID,
            CERTIFICATE_PACK_ID,
            &CertificatePackEditRequest::default(),
        )
        .await
    {
        Err(Error::UnexpectedResponse {
            status,
            content_type,
            body_prefix,
            ..
        }) => {
            assert_eq!(status.map(|s| s.as_u16()), Some(502));
            assert_eq!(content_type.as_deref(), Some("text/html"));
            assert_eq!(body_prefix, html);
        }
        other => panic!("{other:?}"),
    }

    // Truncated JSON with HTTP 200, and no content type at all.
    mock.edit_certificate_pack()
        .raw(200, "", &b"{\"success\": tr"[..]);
    let answer = patch(&pack_url(&mock), "{}").await;
    assert_eq!(answer.header("content-type"), None);
    assert!(matches!(
        edit_pack(&mock).await,
        Err(Error::UnexpectedResponse { .. })
    ));
}

#[tokio::test]
#[should_panic(expected = "is not a valid header value")]
async fn raw_rejects_a_content_type_that_is_no_header_value() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_certificate_pack().raw(200, "text/html\n", "x");
}

#[tokio::test]
async fn success_and_reset_undo_the_builders() {
    let mock = cloudflare_ssl_mock::start().await;
    let op = mock.edit_certificate_pack();
    op.status("expired").api_error(500, &[1000]);
    op.success();
    assert_eq!(
        edit_pack(&mock).await.expect("pack").status,
        CertificatePackStatus::Expired
    );
    op.delay(Duration::from_millis(10))
        .rate_limited(3, Duration::ZERO)
        .reset();
    let answer = patch(&pack_url(&mock), "{}").await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json(),
        serde_json::from_str::<serde_json::Value>(documented::EDIT_CERTIFICATE_PACK).expect("json")
    );
}

#[tokio::test]
async fn cf_ray_and_rate_limit_headers_come_with_every_answer() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_certificate_pack()
        .cf_ray("8c1d2f3a4b5c6d7e-LHR")
        .rate_limit_headers("\"default\";r=7;t=30", "\"default\";q=1200;w=300");
    let response = mock
        .client()
        .edit_certificate_pack_with_response(
            ZONE_ID,
            CERTIFICATE_PACK_ID,
            &CertificatePackEditRequest::default(),
        )
        .await
        .expect("documented answer");
    assert_eq!(response.cf_ray().as_deref(), Some("8c1d2f3a4b5c6d7e-LHR"));
    assert_eq!(response.rate_limit().limits[0].remaining, 7);
    assert_eq!(response.rate_limit().policies[0].quota, 1200);

    mock.edit_certificate_pack().api_error(403, &[10000]);
    let error = edit_pack(&mock).await.expect_err("403");
    assert_eq!(error.cf_ray(), Some("8c1d2f3a4b5c6d7e-LHR"));

    mock.edit_certificate_pack().reset();
    let answer = patch(&pack_url(&mock), "{}").await;
    assert_eq!(answer.header("cf-ray"), None, "reset removes the headers");
}

#[tokio::test]
async fn should_retry_overrides_the_clients_retry_rules() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_ssl_automatic_mode()
        .api_error(503, &[1000])
        .should_retry(false);
    let client = mock
        .client_builder()
        .max_retries(2)
        .build()
        .expect("client");
    client
        .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Auto)
        .await
        .expect_err("503");
    assert_eq!(mock.edit_ssl_automatic_mode().requests().len(), 1);

    mock.edit_ssl_automatic_mode()
        .reset()
        .rate_limited(1, Duration::from_secs(300))
        .should_retry(true);
    let setting = client
        .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Auto)
        .await
        .expect("the server asked for the retry");
    assert_eq!(setting.value, SslAutomaticModeValue::Auto);
}
