//! The three GETs on a mock nobody modelled a zone of: what they answer by
//! default, the default zone they share with the PATCHes, the operation
//! replies, and the checks of their query parameters.

use std::time::Duration;

use cloudflare_ssl::types::{
    CertificatePackDeploy, CertificatePackListStatus, CertificatePackStatus,
    ListCertificatePacksQuery, SslAutomaticModeValue,
};
use cloudflare_ssl_mock::codes;
use cloudflare_ssl_mock::documented::{CERTIFICATE_PACK_ID, ZONE_ID};
use serde_json::{Value, json};

use crate::support::{
    LIST_PATH, MODE_PATH, PACK_PATH, RawRequest, assert_conforms_to, list_url, mode_url, pack_url,
};

fn documented_result(example: &str) -> Value {
    let envelope: Value = serde_json::from_str(example).expect("documented example");
    envelope["result"].clone()
}

#[tokio::test]
async fn the_gets_answer_the_default_pack_and_setting_and_conform() {
    let mock = cloudflare_ssl_mock::start().await;
    let pack = RawRequest::get(&mock, pack_url(&mock)).send().await;
    assert_eq!(pack.status, 200, "{}", String::from_utf8_lossy(&pack.body));
    assert_conforms_to("get", PACK_PATH, "200", &pack.json());
    assert_eq!(
        pack.json()["result"],
        documented_result(cloudflare_ssl_mock::documented::EDIT_CERTIFICATE_PACK)
    );
    assert_eq!(pack.json()["errors"], json!([]), "a plain envelope");

    let setting = RawRequest::get(&mock, mode_url(&mock)).send().await;
    assert_eq!(setting.status, 200);
    assert_conforms_to("get", MODE_PATH, "200", &setting.json());
    assert_eq!(
        setting.json()["result"],
        documented_result(cloudflare_ssl_mock::documented::EDIT_SSL_AUTOMATIC_MODE)
    );

    // The default pack is `initializing`: listed only with `status=all`.
    let list = RawRequest::get(&mock, list_url(&mock, ZONE_ID, ""))
        .send()
        .await;
    assert_conforms_to("get", LIST_PATH, "200", &list.json());
    assert_eq!(list.json()["result"], json!([]));
    assert_eq!(
        list.json()["result_info"],
        json!({ "page": 1, "per_page": 20, "count": 0, "total_count": 0, "total_pages": 0 })
    );
    let all = RawRequest::get(&mock, list_url(&mock, ZONE_ID, "status=all"))
        .send()
        .await;
    assert_conforms_to("get", LIST_PATH, "200", &all.json());
    assert_eq!(all.json()["result"], json!([pack.json()["result"]]));
    assert_eq!(all.json()["result_info"]["total_pages"], 1);
    assert!(mock.violations().is_empty());
}

#[tokio::test]
async fn gets_and_patches_share_the_default_zone() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock.client();
    let zone = mock.default_zone();
    zone.pack(CERTIFICATE_PACK_ID).status("active");
    // Every zone id nobody modelled is the default zone.
    let pack = client
        .get_certificate_pack("0f0e0d0c0b0a09080706050403020100", CERTIFICATE_PACK_ID)
        .await
        .expect("pack");
    assert_eq!(pack.status, CertificatePackStatus::Active);
    assert_eq!(pack, zone.pack(CERTIFICATE_PACK_ID).pack());
    let page = client
        .list_certificate_packs(ZONE_ID, &ListCertificatePacksQuery::new())
        .await
        .expect("page");
    assert_eq!(page.items, [pack], "an active default pack is listed");

    zone.editable(false);
    let setting = client
        .get_ssl_automatic_mode(ZONE_ID)
        .await
        .expect("setting");
    assert!(!setting.editable, "editable comes from the setting");
    assert!(setting.next_scheduled_scan.is_some(), "auto: scheduled");
    assert_eq!(zone.setting(), setting);

    zone.value("custom");
    let setting = client
        .get_ssl_automatic_mode(ZONE_ID)
        .await
        .expect("setting");
    assert_eq!(setting.value, SslAutomaticModeValue::Custom);
    assert_eq!(setting.next_scheduled_scan, None, "only when auto");
    let raw = RawRequest::get(&mock, mode_url(&mock)).send().await;
    assert_eq!(raw.json()["result"].get("next_scheduled_scan"), None);

    mock.get_ssl_automatic_mode().reset();
    assert_eq!(
        zone.setting().value,
        SslAutomaticModeValue::Custom,
        "a reply's reset leaves the zone alone"
    );
}

#[tokio::test]
async fn operation_replies_apply_to_the_gets() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock.client();
    mock.list_certificate_packs().api_error(403, &[10000]);
    let error = client
        .list_certificate_packs(ZONE_ID, &ListCertificatePacksQuery::new())
        .await
        .expect_err("403");
    assert_eq!(error.codes(), [10000]);
    assert_eq!(mock.list_certificate_packs().requests().len(), 1);

    mock.get_certificate_pack()
        .rate_limited(1, Duration::ZERO)
        .cf_ray("8c2d1f0a9b3e4d5c-AMS");
    let response = client
        .get_certificate_pack_with_response(ZONE_ID, CERTIFICATE_PACK_ID)
        .await
        .expect("after one retry");
    assert_eq!(response.attempts, 2);
    assert_eq!(response.cf_ray(), Some("8c2d1f0a9b3e4d5c-AMS"));
    assert_eq!(mock.get_certificate_pack().requests().len(), 2);
    assert!(mock.edit_certificate_pack().requests().is_empty());

    // Like the documented 1008 failure, a failed setting read echoes it.
    mock.get_ssl_automatic_mode().api_error(400, &[1008]);
    let answer = RawRequest::get(&mock, mode_url(&mock)).send().await;
    assert_eq!(answer.status, 400);
    assert_conforms_to("get", MODE_PATH, "4XX", &answer.json());
    assert_eq!(answer.json()["result"]["id"], "ssl_automatic_mode");
}

#[tokio::test]
async fn the_typed_client_sends_conforming_list_queries() {
    let mock = cloudflare_ssl_mock::start().await;
    let query = ListCertificatePacksQuery::new()
        .page(2)
        .per_page(5)
        .status(CertificatePackListStatus::All)
        .deploy(CertificatePackDeploy::Production);
    let page = mock
        .client()
        .list_certificate_packs(ZONE_ID, &query)
        .await
        .expect("page");
    assert!(page.items.is_empty(), "one default pack: page 2 is empty");
    let info = page.result_info.expect("result_info");
    assert_eq!(
        (info.page, info.per_page, info.count),
        (Some(2), Some(5), Some(0))
    );
    assert_eq!((info.total_count, info.total_pages), (Some(1), Some(1)));
    let request = mock.list_certificate_packs().requests().remove(0);
    let query = request.query.expect("a query");
    for pair in ["page=2", "per_page=5", "status=all", "deploy=production"] {
        assert!(query.split('&').any(|p| p == pair), "{query}");
    }
    mock.verify();
}

#[tokio::test]
async fn list_query_values_are_checked_against_the_fragment() {
    let mock = cloudflare_ssl_mock::start().await;
    for (query, needle) in [
        ("per_page=3", "`per_page` (\"3\") does not match"),
        ("per_page=51", "`per_page` (\"51\") does not match"),
        ("page=0", "`page` (\"0\") does not match"),
        ("per_page=abc", "not of the fragment's type `integer`"),
        ("status=some", "`status` (\"some\") does not match"),
        ("deploy=canary", "`deploy` (\"canary\") does not match"),
        ("page=1&page=2", "more than once"),
    ] {
        RawRequest::get(&mock, list_url(&mock, ZONE_ID, query))
            .refused(400, codes::INVALID_QUERY_PARAMETER, needle)
            .await;
    }
    RawRequest::get(&mock, list_url(&mock, ZONE_ID, "cursor=abc"))
        .refused(
            400,
            codes::NO_ROUTE,
            "query parameter(s) cursor are not documented for GET /zones/{zone_id}/ssl/certificate_packs",
        )
        .await;
    // `page` is the list's; the GET of one pack documents no query.
    RawRequest::get(&mock, format!("{}?page=1", pack_url(&mock)))
        .refused(400, codes::NO_ROUTE, "query parameter(s) page")
        .await;
}

#[tokio::test]
async fn a_violating_list_request_is_recorded_and_fails_the_mock() {
    let mock = cloudflare_ssl_mock::start().await;
    let answer = RawRequest::get(&mock, list_url(&mock, ZONE_ID, "per_page=3"))
        .send()
        .await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.codes(), [codes::INVALID_QUERY_PARAMETER]);
    let violations = mock.take_violations();
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(
        violations[0].request,
        format!("GET /client/v4/zones/{ZONE_ID}/ssl/certificate_packs?per_page=3")
    );
    assert!(
        violations[0].message.contains("less than the minimum of 5"),
        "{}",
        violations[0]
    );
    let recorded = mock.list_certificate_packs().requests().remove(0);
    assert_eq!(recorded.violations.len(), 1);
}

#[tokio::test]
async fn a_get_with_a_body_is_a_violation() {
    let mock = cloudflare_ssl_mock::start().await;
    RawRequest::get(&mock, mode_url(&mock))
        .body(r#"{"value":"auto"}"#)
        .refused(400, codes::INVALID_BODY, "the fragment documents none")
        .await;
}
