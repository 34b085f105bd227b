//! Recorded requests.

use cloudflare_ssl::types::{CertificatePackEditRequest, SslAutomaticModeValue};
use cloudflare_ssl_mock::documented::{CERTIFICATE_PACK_ID, ZONE_ID};
use serde_json::json;

use crate::support::{RawRequest, edit_mode, edit_mode_with, global_key_mock, mode_url};

#[tokio::test]
async fn requests_keep_method_path_params_headers_and_json() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock.client();
    let zone = mock.default_zone();
    let mut pack = zone.pack(CERTIFICATE_PACK_ID).pack_json();
    pack["id"] = json!("7e7b8deba8538af625850b7b2530034c");
    zone.add_pack_json(pack);
    client
        .edit_certificate_pack(
            ZONE_ID,
            "7e7b8deba8538af625850b7b2530034c",
            &CertificatePackEditRequest::new().cloudflare_branding(false),
        )
        .await
        .expect("pack");
    edit_mode_with(client, SslAutomaticModeValue::Custom)
        .await
        .expect("setting");

    let requests = mock.requests();
    assert_eq!(requests.len(), 2);
    let pack = &requests[0];
    assert_eq!(pack.method, "PATCH");
    assert_eq!(
        pack.path,
        format!(
            "/client/v4/zones/{ZONE_ID}/ssl/certificate_packs/7e7b8deba8538af625850b7b2530034c"
        )
    );
    assert_eq!(pack.query, None);
    assert_eq!(pack.operation.as_deref(), Some("edit_certificate_pack"));
    assert_eq!(pack.path_param("zone_id"), Some(ZONE_ID));
    assert_eq!(
        pack.path_param("certificate_pack_id"),
        Some("7e7b8deba8538af625850b7b2530034c")
    );
    assert_eq!(pack.json, Some(json!({ "cloudflare_branding": false })));
    assert_eq!(pack.body, br#"{"cloudflare_branding":false}"#);
    assert_eq!(pack.header("Content-Type"), Some("application/json"));
    assert!(
        pack.header("user-agent")
            .is_some_and(|ua| ua.starts_with("cloudflare-ssl/"))
    );
    assert!(pack.violations.is_empty());

    assert_eq!(mock.edit_ssl_automatic_mode().requests(), requests[1..]);
    assert_eq!(requests[1].json, Some(json!({ "value": "custom" })));
    assert_eq!(
        requests[1].request_line(),
        format!("PATCH /client/v4/zones/{ZONE_ID}/settings/ssl_automatic_mode")
    );
    assert_eq!(mock.edit_certificate_pack().requests().len(), 1);
}

#[tokio::test]
async fn debug_output_hides_credentials() {
    let mock = cloudflare_ssl_mock::start().await;
    edit_mode(&mock).await.expect("setting");
    let printed = format!("{:?} {mock:?}", mock.requests());
    assert!(
        !printed.contains(cloudflare_ssl_mock::API_TOKEN),
        "{printed}"
    );
    assert!(printed.contains("<redacted>"), "{printed}");

    let legacy = global_key_mock().await;
    edit_mode(&legacy).await.expect("setting");
    let printed = format!("{:?} {legacy:?}", legacy.requests());
    for secret in [cloudflare_ssl_mock::EMAIL, cloudflare_ssl_mock::API_KEY] {
        assert!(!printed.contains(secret), "{secret} in {printed}");
    }
}

#[tokio::test]
async fn non_conforming_requests_are_recorded_too() {
    let mock = cloudflare_ssl_mock::start().await;
    let url = format!("{}?x=1", mode_url(&mock));
    RawRequest::mode(&mock)
        .method(reqwest::Method::DELETE)
        .url(url)
        .headers(&[])
        .body("")
        .send()
        .await;
    let request = &mock.requests()[0];
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.query.as_deref(), Some("x=1"));
    assert_eq!(request.operation, None);
    assert_eq!(request.json, None);
    assert_eq!(request.violations.len(), 2, "{:?}", request.violations);
    mock.take_violations();
}
