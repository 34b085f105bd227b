//! One test (at least) per builder of an operation handle.

use std::fmt::Debug;
use std::time::{Duration, Instant};

use cloudflare_ssl::types::{
    CertificatePackEditRequest, CertificatePackStatus, OpenEnum, ResponseInfo,
    SslAutomaticModeValue,
};
use cloudflare_ssl::{Error, TransportKind};
use cloudflare_ssl_mock::codes;
use cloudflare_ssl_mock::documented::{self, CERTIFICATE_PACK_ID, ZONE_ID};
use serde_json::json;

use crate::support::{
    MODE_PATH, PACK_PATH, RawRequest, assert_conforms, edit_mode, edit_mode_with, edit_pack,
    edit_pack_with, retrying_client,
};

/// An open-enum setter (`status`, `type_`, `value`) against the field the
/// client decodes it into: every value the fragment lists, set by its name,
/// comes back as that known value, and an undocumented name comes back
/// verbatim as an unknown one.
async fn check_open_enum_setter<E: OpenEnum + Debug>(
    set: impl Fn(&str),
    decoded: impl AsyncFn() -> E,
    undocumented: &str,
) {
    for name in E::KNOWN_WIRE_VALUES {
        set(name);
        let value = decoded().await;
        assert!(value.is_known(), "{name}: {value:?}");
        assert_eq!(value.to_string(), *name);
    }
    set(undocumented);
    let value = decoded().await;
    assert!(!value.is_known(), "{value:?}");
    assert_eq!(value.to_string(), undocumented);
}

#[tokio::test]
async fn status_type_and_value_take_documented_and_undocumented_names() {
    let mock = cloudflare_ssl_mock::start().await;
    let pack = async || edit_pack(&mock).await.expect("pack");
    let documented = mock.default_zone().pack(CERTIFICATE_PACK_ID);
    check_open_enum_setter(
        |name| {
            documented.status(name);
        },
        async || pack().await.status,
        "revoked",
    )
    .await;
    check_open_enum_setter(
        |name| {
            documented.type_(name);
        },
        async || pack().await.type_,
        "quantum",
    )
    .await;
    check_open_enum_setter(
        // The enum rather than the name: the setters take either.
        |name| {
            mock.default_zone().value(SslAutomaticModeValue::from(name));
        },
        async || edit_mode(&mock).await.expect("setting").value,
        "off",
    )
    .await;
}

#[tokio::test]
async fn id_branding_and_whole_packs() {
    let mock = cloudflare_ssl_mock::start().await;
    let zone = mock.default_zone();
    let documented = zone.pack(CERTIFICATE_PACK_ID);
    documented.cloudflare_branding(true);
    let pack = edit_pack(&mock).await.expect("pack");
    assert_eq!(pack.cloudflare_branding, Some(true));

    // Another id is another pack, found by it.
    let uuid = "3822ff90-ea29-44df-9e55-21300bb9419b";
    let mut other = pack.clone();
    other.id = uuid.into();
    zone.add_pack(&other);
    let answered = mock
        .client()
        .edit_certificate_pack(ZONE_ID, uuid, &CertificatePackEditRequest::default())
        .await
        .expect("the added pack");
    assert_eq!(answered.id, uuid);

    let mut custom = pack.clone();
    custom.hosts = vec!["example.net".into()];
    custom.status = CertificatePackStatus::Active;
    documented.set_pack(&custom);
    assert_eq!(edit_pack(&mock).await.expect("pack"), custom);
    assert_eq!(documented.pack(), custom);

    // JSON the fragment does not allow: the client says where it breaks.
    documented.set_pack_json(json!({ "status": "active", "type": "universal", "hosts": "one" }));
    match edit_pack(&mock).await {
        Err(Error::UnexpectedResponse { json_path, .. }) => {
            let path = json_path.unwrap_or_default();
            assert!(path.starts_with("result"), "{path}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(documented.pack_json()["hosts"], "one");
}

#[tokio::test]
#[should_panic(expected = "not a JSON object")]
async fn pack_fields_need_an_object() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.default_zone()
        .pack(CERTIFICATE_PACK_ID)
        .set_pack_json(json!([]))
        .status("active");
}

#[tokio::test]
async fn editable_and_whole_settings() {
    let mock = cloudflare_ssl_mock::start().await;
    let zone = mock.default_zone();
    zone.editable(false);
    let setting = edit_mode(&mock).await.expect("setting");
    assert!(!setting.editable);
    let mut custom = setting.clone();
    custom.next_scheduled_scan = None;
    custom.value = SslAutomaticModeValue::Custom;
    zone.set_setting(&custom);
    assert_eq!(edit_mode(&mock).await.expect("setting"), custom);
    assert_eq!(zone.setting(), custom);
    zone.set_setting_json(json!({ "id": "ssl_automatic_mode" }));
    assert!(matches!(
        edit_mode(&mock).await,
        Err(Error::UnexpectedResponse { .. })
    ));
    assert_eq!(zone.setting_json(), json!({ "id": "ssl_automatic_mode" }));
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
    let answer = RawRequest::pack(&mock).send().await;
    assert_eq!(answer.status, 403);
    assert_eq!(answer.json()["success"], false);
    assert_eq!(answer.json()["result"], json!(null));
    assert_conforms(PACK_PATH, "4XX", &answer.json());

    mock.edit_ssl_automatic_mode().api_error_with(
        400,
        vec![
            ResponseInfo::new(1008, "nope".into())
                .documentation_url("https://example.com/doc".into()),
        ],
    );
    let error = edit_mode(&mock).await.expect_err("400");
    assert_eq!(
        error.to_string(),
        "Cloudflare API error 1008: nope (HTTP 400)"
    );
    assert_conforms(
        MODE_PATH,
        "4XX",
        &RawRequest::mode(&mock).send().await.json(),
    );
}

#[tokio::test]
async fn api_errors_with_retryable_statuses_are_retried_by_the_client() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_ssl_automatic_mode().api_error(503, &[1000]);
    let error = edit_mode_with(&retrying_client(&mock, 1), SslAutomaticModeValue::Auto)
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
    mock.default_zone().value("custom");
    mock.edit_ssl_automatic_mode().success_false(&[1008]);
    let answer = RawRequest::mode(&mock).send().await;
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
async fn documented_failure_is_the_fragment_example() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_ssl_automatic_mode().documented_failure();
    let answer = RawRequest::mode(&mock).send().await;
    assert_eq!(answer.status, 400);
    // Byte for byte the page's text, not only the same JSON.
    assert_eq!(
        String::from_utf8_lossy(&answer.body),
        documented::EDIT_SSL_AUTOMATIC_MODE_FAILURE
    );
    assert_conforms(MODE_PATH, "4XX", &answer.json());
    let error = edit_mode(&mock).await.expect_err("1008");
    assert_eq!(error.codes(), [1008]);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
}

#[tokio::test]
async fn rate_limited_for_the_first_calls_then_the_normal_answer() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.default_zone()
        .pack(CERTIFICATE_PACK_ID)
        .status("active");
    mock.edit_certificate_pack().rate_limited(2, Duration::ZERO);
    // The default client retries twice: the third attempt gets the pack.
    let pack = edit_pack(&mock).await.expect("after two 429s");
    assert_eq!(pack.status, CertificatePackStatus::Active);
    assert_eq!(mock.edit_certificate_pack().requests().len(), 3);

    mock.edit_certificate_pack()
        .rate_limited(1, Duration::from_secs(3));
    let answer = RawRequest::pack(&mock).send().await;
    assert_eq!(answer.status, 429);
    assert_eq!(answer.header("retry-after"), Some("3"));
    assert_eq!(answer.header("retry-after-ms"), None);
    assert_eq!(answer.codes(), [codes::RATE_LIMITED]);
    assert_conforms(PACK_PATH, "4XX", &answer.json());
    assert_eq!(
        RawRequest::pack(&mock).send().await.status,
        200,
        "then the normal answer"
    );
}

#[tokio::test]
async fn rate_limited_past_the_retries_is_a_rate_limit_error() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_ssl_automatic_mode()
        .rate_limited(5, Duration::from_millis(1500));
    match edit_mode_with(&retrying_client(&mock, 0), SslAutomaticModeValue::Auto).await {
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
    let answer = RawRequest::mode(&mock).send().await;
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
    match edit_mode_with(&impatient, SslAutomaticModeValue::Auto).await {
        Err(Error::Transport { kind, .. }) => assert_eq!(kind, TransportKind::Timeout),
        other => panic!("{other:?}"),
    }
    mock.edit_ssl_automatic_mode().delay(Duration::ZERO);
    let started = Instant::now();
    edit_mode_with(&impatient, SslAutomaticModeValue::Auto)
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
    let answer = RawRequest::pack(&mock).send().await;
    assert_eq!(
        (answer.status, answer.header("content-type")),
        (502, Some("text/html"))
    );
    assert_eq!(answer.body, html.as_bytes());
    let client = retrying_client(&mock, 0);
    match edit_pack_with(&client, &CertificatePackEditRequest::default()).await {
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
    let answer = RawRequest::pack(&mock).send().await;
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
    mock.default_zone()
        .pack(CERTIFICATE_PACK_ID)
        .status(CertificatePackStatus::Expired);
    op.api_error(500, &[1000]);
    op.success();
    assert_eq!(
        edit_pack(&mock).await.expect("pack").status,
        CertificatePackStatus::Expired
    );
    op.delay(Duration::from_millis(10))
        .rate_limited(3, Duration::ZERO)
        .api_error(500, &[1000])
        .reset();
    let answer = RawRequest::pack(&mock).send().await;
    assert_eq!(answer.status, 200);
    // The documented answer, around the pack as the zone holds it: a
    // reply's reset leaves the zones alone.
    let mut expected: serde_json::Value =
        serde_json::from_str(documented::EDIT_CERTIFICATE_PACK).expect("json");
    expected["result"]["status"] = json!("expired");
    assert_eq!(answer.json(), expected);
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
    assert_eq!(response.cf_ray(), Some("8c1d2f3a4b5c6d7e-LHR"));
    assert_eq!(response.rate_limit().limits[0].remaining, 7);
    assert_eq!(response.rate_limit().policies[0].quota, 1200);

    mock.edit_certificate_pack().api_error(403, &[10000]);
    let error = edit_pack(&mock).await.expect_err("403");
    assert_eq!(error.cf_ray(), Some("8c1d2f3a4b5c6d7e-LHR"));

    mock.edit_certificate_pack().reset();
    let answer = RawRequest::pack(&mock).send().await;
    assert_eq!(answer.header("cf-ray"), None, "reset removes the headers");
}

#[tokio::test]
async fn should_retry_overrides_the_clients_retry_rules() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_ssl_automatic_mode()
        .api_error(503, &[1000])
        .should_retry(false);
    let client = retrying_client(&mock, 2);
    edit_mode_with(&client, SslAutomaticModeValue::Auto)
        .await
        .expect_err("503");
    assert_eq!(mock.edit_ssl_automatic_mode().requests().len(), 1);

    mock.edit_ssl_automatic_mode()
        .reset()
        .rate_limited(1, Duration::from_secs(300))
        .should_retry(true);
    let setting = edit_mode_with(&client, SslAutomaticModeValue::Auto)
        .await
        .expect("the server asked for the retry");
    assert_eq!(setting.value, SslAutomaticModeValue::Auto);
}
