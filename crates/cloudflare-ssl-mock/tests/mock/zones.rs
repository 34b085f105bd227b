//! Modelled zones: packs found by id, the list page by page and filtered,
//! a zone's own setting.

use std::collections::HashSet;

use cloudflare_ssl::types::{
    CertificatePack, CertificatePackListStatus, CertificatePackStatus, ListCertificatePacksQuery,
    SslAutomaticModeValue,
};
use cloudflare_ssl::{Client, Error, Page, PagesEnd};
use cloudflare_ssl_mock::documented::{CERTIFICATE_PACK_ID, ZONE_ID};
use cloudflare_ssl_mock::{MockCloudflare, codes};
use serde_json::json;

use crate::support::{LIST_PATH, RawRequest, assert_conforms_to, list_url};

const OTHER_ZONE: &str = "0f0e0d0c0b0a09080706050403020100";

async fn list(client: &Client, query: &ListCertificatePacksQuery) -> Page<CertificatePack> {
    client
        .list_certificate_packs(ZONE_ID, query)
        .await
        .expect("a page")
}

fn ids(page: &Page<CertificatePack>) -> Vec<String> {
    page.items.iter().map(|pack| pack.id.clone()).collect()
}

/// `result_info` as (page, per_page, count, total_count, total_pages).
fn info(page: &Page<CertificatePack>) -> (i64, i64, i64, i64, i64) {
    let info = page.result_info.as_ref().expect("result_info");
    let field = |value: Option<i64>| value.expect("every field of result_info");
    (
        field(info.page),
        field(info.per_page),
        field(info.count),
        field(info.total_count),
        field(info.total_pages),
    )
}

#[tokio::test]
async fn a_pack_is_found_by_id_and_an_unknown_id_is_a_404_api_error() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock.client();
    let zone = mock.zone(ZONE_ID);
    zone.add_packs(2, "active");
    let held = zone.pack_ids();
    assert_eq!(held.len(), 2);
    assert_ne!(held[0], held[1]);
    for id in &held {
        let pack = client
            .get_certificate_pack(ZONE_ID, id)
            .await
            .expect("held");
        assert_eq!(&pack.id, id);
        assert_eq!(pack, zone.pack(id).pack());
    }

    let error = client
        .get_certificate_pack(ZONE_ID, CERTIFICATE_PACK_ID)
        .await
        .expect_err("not held");
    match &error {
        Error::Api { status, errors, .. } => {
            assert_eq!(status.as_u16(), 404);
            assert_eq!(errors[0].code, codes::NOT_FOUND);
        }
        other => panic!("{other:?}"),
    }
    assert!(error.is_not_found());
    let edit = client
        .edit_certificate_pack(ZONE_ID, CERTIFICATE_PACK_ID, &Default::default())
        .await
        .expect_err("a PATCH of a pack not held is a 404 too");
    assert!(edit.is_not_found());
    let answer = RawRequest::get(
        &mock,
        format!(
            "{}/zones/{ZONE_ID}/ssl/certificate_packs/{CERTIFICATE_PACK_ID}",
            mock.base_url()
        ),
    )
    .send()
    .await;
    assert_conforms_to(
        "get",
        "/zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}",
        "4XX",
        &answer.json(),
    );
    assert!(mock.violations().is_empty(), "a 404 is no violation");

    // A zone nobody modelled is the default zone: it holds the documented
    // pack, and only that one.
    let pack = client
        .get_certificate_pack(OTHER_ZONE, CERTIFICATE_PACK_ID)
        .await
        .expect("default pack");
    assert_eq!(pack.id, CERTIFICATE_PACK_ID);
    let error = client
        .get_certificate_pack(OTHER_ZONE, "any")
        .await
        .expect_err("not held by the default zone");
    assert!(error.is_not_found());
}

#[tokio::test]
async fn n_packs_are_listed_page_by_page_with_honest_result_info() {
    let mock = cloudflare_ssl_mock::start().await;
    let zone = mock.zone(ZONE_ID);
    zone.add_packs(12, CertificatePackStatus::Active);
    let client = mock.client();
    let by_five = |page| ListCertificatePacksQuery::new().page(page).per_page(5);

    let mut listed = Vec::new();
    for (page, expected) in [
        (1, (1, 5, 5, 12, 3)),
        (2, (2, 5, 5, 12, 3)),
        (3, (3, 5, 2, 12, 3)),
    ] {
        let answer = list(client, &by_five(page)).await;
        assert_eq!(info(&answer), expected, "page {page}");
        assert_eq!(
            answer.items.len() as i64,
            expected.2,
            "count is this page's"
        );
        listed.extend(ids(&answer));
    }
    assert_eq!(listed, zone.pack_ids(), "every pack once, in order");
    let past = list(client, &by_five(4)).await;
    assert!(past.items.is_empty());
    assert_eq!(info(&past), (4, 5, 0, 12, 3));

    let default = list(client, &ListCertificatePacksQuery::new()).await;
    assert_eq!(
        info(&default),
        (1, 20, 12, 12, 1),
        "per_page defaults to 20"
    );

    let raw = RawRequest::get(&mock, list_url(&mock, ZONE_ID, "page=3&per_page=5"))
        .send()
        .await;
    assert_conforms_to("get", LIST_PATH, "200", &raw.json());
    assert_eq!(
        raw.json()["result_info"],
        json!({ "page": 3, "per_page": 5, "count": 2, "total_count": 12, "total_pages": 3 })
    );
}

#[tokio::test]
async fn the_client_pager_walks_every_page_to_the_last() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.zone(ZONE_ID).add_packs(11, "active");
    let query = ListCertificatePacksQuery::new().per_page(5);
    let client = mock.client();
    let mut pages = client.certificate_pack_pages(ZONE_ID, query);
    let mut packs = Vec::new();
    while let Some(page) = pages.next_page().await {
        packs.extend(page.expect("every page").items);
    }
    assert_eq!(packs.len(), 11);
    assert_eq!(pages.stopped(), Some(&PagesEnd::LastPage));
    let distinct: HashSet<&str> = packs.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(distinct.len(), 11);
    assert_eq!(mock.list_certificate_packs().requests().len(), 3);
}

#[tokio::test]
async fn only_active_packs_are_listed_unless_status_all() {
    let mock = cloudflare_ssl_mock::start().await;
    let zone = mock.zone(ZONE_ID);
    zone.add_packs(3, "active")
        .add_packs(2, CertificatePackStatus::PendingValidation)
        .add_packs(1, "expired");
    let all_ids = zone.pack_ids();
    zone.pack(&all_ids[0]).status("validation_timed_out");
    let client = mock.client();

    let active = list(client, &ListCertificatePacksQuery::new()).await;
    assert_eq!(ids(&active), &all_ids[1..3]);
    assert_eq!(
        info(&active),
        (1, 20, 2, 2, 1),
        "total_count counts the listed"
    );
    assert!(
        active
            .items
            .iter()
            .all(|p| p.status == CertificatePackStatus::Active)
    );

    let all = list(
        client,
        &ListCertificatePacksQuery::new().status(CertificatePackListStatus::All),
    )
    .await;
    assert_eq!(ids(&all), all_ids);
    assert_eq!(info(&all), (1, 20, 6, 6, 1));
}

#[tokio::test]
async fn added_packs_are_kept_as_given_and_replaced_by_id() {
    let mock = cloudflare_ssl_mock::start().await;
    let zone = mock.zone(ZONE_ID);
    let mut pack = mock.default_zone().pack(CERTIFICATE_PACK_ID).pack();
    pack.id = "3822ff90-ea29-44df-9e55-21300bb9419b".into();
    pack.status = CertificatePackStatus::Active;
    zone.add_pack(&pack);
    let client = mock.client();
    let got = client
        .get_certificate_pack(ZONE_ID, &pack.id)
        .await
        .expect("held");
    assert_eq!(got, pack);

    pack.status = CertificatePackStatus::PendingDeployment;
    zone.add_pack(&pack);
    assert_eq!(zone.pack_ids(), [pack.id.clone()], "replaced, not added");
    assert_eq!(zone.packs(), [pack.clone()]);
    zone.remove_pack(&pack.id);
    assert!(!zone.has_pack(&pack.id));
    let error = client
        .get_certificate_pack(ZONE_ID, &pack.id)
        .await
        .expect_err("removed");
    assert!(error.is_not_found());
}

#[tokio::test]
async fn a_zone_has_its_own_setting() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.zone(ZONE_ID).value("custom").editable(false);
    let client = mock.client();
    let own = client.get_ssl_automatic_mode(ZONE_ID).await.expect("own");
    assert_eq!(own.value, SslAutomaticModeValue::Custom);
    assert!(!own.editable);
    assert_eq!(own.next_scheduled_scan, None);
    let other = client
        .get_ssl_automatic_mode(OTHER_ZONE)
        .await
        .expect("default");
    assert_eq!(other, mock.default_zone().setting());
    assert_eq!(other.value, SslAutomaticModeValue::Auto);
}

#[tokio::test]
#[should_panic(expected = "holds no pack \"missing\"")]
async fn a_pack_handle_needs_a_held_pack() {
    let mock = MockCloudflare::builder().start().await;
    mock.zone(ZONE_ID).add_packs(1, "active").pack("missing");
}
