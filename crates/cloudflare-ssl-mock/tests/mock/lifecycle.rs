//! A pack's lifecycle: an order creates it (and follows the zone's order
//! script), the quota counts it, a delete removes it; and orders that fail
//! cleanly, or ambiguously after the pack was created.

use std::time::Duration;

use cloudflare_ssl::types::{
    CertificateAuthority, CertificatePack, CertificatePackListStatus, CertificatePackStatus,
    CertificatePackType, ListCertificatePacksQuery, ValidationMethod, ValidityDays,
};
use cloudflare_ssl::{Client, Error, PollSchedule, TransportKind, WaitTarget};
use cloudflare_ssl_mock::Step;
use cloudflare_ssl_mock::documented::ZONE_ID;
use serde_json::json;

use crate::support::{
    ORDER_PATH, PACK_PATH, RawRequest, an_order, assert_conforms_to, order_of, txt_record, zone_url,
};

/// The ids of every pack `client` lists in the zone (`status=all`).
async fn listed(client: &Client) -> Vec<String> {
    let all = ListCertificatePacksQuery::new().status(CertificatePackListStatus::All);
    client
        .list_certificate_packs(ZONE_ID, &all)
        .await
        .expect("a page")
        .items
        .into_iter()
        .map(|pack| pack.id)
        .collect()
}

/// `advanced.used` and `advanced.allocated` of the zone's quota.
async fn quota(client: &Client) -> (Option<i64>, Option<i64>) {
    let quotas = client
        .get_certificate_pack_quotas(ZONE_ID)
        .await
        .expect("quotas");
    let advanced = quotas.advanced.expect("advanced");
    (advanced.used, advanced.allocated)
}

async fn ordered(client: &Client) -> CertificatePack {
    client
        .order_certificate_pack(ZONE_ID, an_order())
        .await
        .expect("an ordered pack")
}

#[tokio::test]
async fn an_order_creates_an_initializing_pack_from_its_body() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock.client();
    let zone = mock.zone(ZONE_ID);
    let order = order_of(&["example.com", "www.example.com"], ValidationMethod::Http)
        .cloudflare_branding(true);
    let pack = client
        .order_certificate_pack(ZONE_ID, &order)
        .await
        .expect("ordered");
    assert_eq!(pack.status, CertificatePackStatus::Initializing);
    assert_eq!(pack.hosts, ["example.com", "www.example.com"]);
    assert_eq!(pack.type_, CertificatePackType::Advanced);
    assert_eq!(
        pack.certificate_authority,
        Some(CertificateAuthority::LetsEncrypt)
    );
    assert_eq!(pack.validation_method, Some(ValidationMethod::Http));
    assert_eq!(pack.validity_days, Some(ValidityDays::Days90));
    assert_eq!(pack.cloudflare_branding, Some(true));
    assert!(pack.certificates.is_empty(), "nothing issued yet");
    assert_eq!(pack.validation_records, None, "no records yet");

    // The zone holds it (a stateless mock: orders change the zone anyway).
    assert_eq!(zone.pack_ids(), std::slice::from_ref(&pack.id));
    assert_eq!(zone.pack(&pack.id).pack(), pack);
    let got = client
        .get_certificate_pack(ZONE_ID, &pack.id)
        .await
        .expect("held");
    assert_eq!(got, pack);
    assert_eq!(listed(client).await, std::slice::from_ref(&pack.id));

    // A second order is another pack.
    let second = ordered(client).await;
    assert_ne!(second.id, pack.id);
    assert_eq!(zone.pack_ids().len(), 2);
}

#[tokio::test]
async fn the_order_answer_is_the_documented_envelope_and_conforms() {
    let mock = cloudflare_ssl_mock::start().await;
    let body = serde_json::to_string(&an_order()).expect("JSON");
    let answer = RawRequest::post(
        &mock,
        zone_url(&mock, ZONE_ID, "/ssl/certificate_packs/order"),
        &body,
    )
    .send()
    .await;
    assert_eq!(answer.status, 200);
    let answer = answer.json();
    assert_conforms_to("post", ORDER_PATH, "200", &answer);
    assert_eq!(
        (&answer["success"], &answer["errors"], &answer["messages"]),
        (&json!(true), &json!([]), &json!([]))
    );
    assert_eq!(answer["result"]["status"], "initializing");
    assert_eq!(
        mock.order_certificate_pack().requests()[0].json,
        Some(serde_json::from_str(&body).expect("JSON"))
    );
}

#[tokio::test]
async fn an_ordered_pack_walks_the_zone_script_to_active() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock.client();
    let zone = mock.zone(ZONE_ID);
    let record = txt_record("_acme-challenge.example.com", "ca3-5749");
    zone.on_order([
        Step::status("pending_validation"),
        Step::status("pending_validation").validation_records([record.clone()]),
        Step::status("pending_issuance"),
        Step::status("active"),
    ]);
    assert_eq!(zone.pending_order_scripts(), 1);
    let pack = ordered(client).await;
    assert_eq!(zone.pending_order_scripts(), 0, "the order took it");
    assert_eq!(zone.pack(&pack.id).remaining_steps(), 4);

    // A waiter for the records polls past the step without any.
    let with_records = client
        .wait_for_certificate_pack(ZONE_ID, &pack.id, WaitTarget::ValidationRecords)
        .poll_schedule(PollSchedule::fixed(Duration::from_millis(5)))
        .wait(Duration::from_secs(5))
        .await
        .expect("records");
    assert_eq!(with_records.validation_records, Some(vec![record]));
    let active = client
        .wait_for_certificate_pack(ZONE_ID, &pack.id, WaitTarget::Active)
        .poll_schedule(PollSchedule::fixed(Duration::from_millis(5)))
        .wait(Duration::from_secs(5))
        .await
        .expect("active");
    assert_eq!(active.status, CertificatePackStatus::Active);
    assert_eq!(mock.get_certificate_pack().requests().len(), 4);
}

#[tokio::test]
async fn each_order_takes_the_next_script_and_later_ones_none() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock.client();
    let zone = mock.zone(ZONE_ID);
    zone.on_order(["active"]).on_order(["expired"]);
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let pack = ordered(client).await;
        let got = client
            .get_certificate_pack(ZONE_ID, &pack.id)
            .await
            .expect("held");
        statuses.push(got.status);
    }
    assert_eq!(
        statuses,
        [
            CertificatePackStatus::Active,
            CertificatePackStatus::Expired,
            CertificatePackStatus::Initializing
        ]
    );
}

#[tokio::test]
async fn the_quota_counts_the_advanced_packs_orders_add_and_deletes_remove() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock.client();
    let zone = mock.zone(ZONE_ID);
    // Copies of the documented pack are `universal`: not counted.
    zone.add_packs(2, "active");
    assert_eq!(quota(client).await, (Some(0), None), "allocated until set");
    zone.quota_allocated(3);
    let first = ordered(client).await;
    ordered(client).await;
    assert_eq!(quota(client).await, (Some(2), Some(3)));
    client
        .delete_certificate_pack(ZONE_ID, &first.id)
        .await
        .expect("deleted");
    assert_eq!(quota(client).await, (Some(1), Some(3)));
    // Another zone has its own.
    let other = client
        .get_certificate_pack_quotas("0f0e0d0c0b0a09080706050403020100")
        .await
        .expect("quotas");
    assert_eq!(other.advanced.and_then(|a| a.used), Some(0));
}

#[tokio::test]
async fn quota_is_routed_before_a_pack_id_on_the_same_path() {
    let mock = cloudflare_ssl_mock::start().await;
    let zone = mock.zone(ZONE_ID);
    // A pack whose id is `quota` could only be reached if `{certificate_pack_id}`
    // won over the literal segment.
    zone.add_pack_json(
        json!({ "id": "quota", "type": "advanced", "hosts": ["example.com"],
                               "certificates": [], "status": "active" }),
    );
    zone.add_packs(1, "active");
    let answer = RawRequest::get(
        &mock,
        zone_url(&mock, ZONE_ID, "/ssl/certificate_packs/quota"),
    )
    .send()
    .await;
    assert_eq!(
        answer.json()["result"],
        json!({ "advanced": { "used": 1 } })
    );
    let pack_id = zone.pack_ids()[1].clone();
    let pack = mock
        .client()
        .get_certificate_pack(ZONE_ID, &pack_id)
        .await
        .expect("a pack");
    assert_eq!(pack.id, pack_id);
    let operations: Vec<Option<String>> =
        mock.requests().into_iter().map(|r| r.operation).collect();
    assert_eq!(
        operations,
        [
            Some("get_certificate_pack_quotas".to_owned()),
            Some("get_certificate_pack".to_owned())
        ]
    );
}

#[tokio::test]
async fn a_deleted_pack_is_a_404_and_leaves_the_list() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock.client();
    let zone = mock.zone(ZONE_ID);
    zone.add_packs(2, "active");
    let [kept, deleted] = <[String; 2]>::try_from(zone.pack_ids()).expect("two packs");
    let answer = client
        .delete_certificate_pack(ZONE_ID, &deleted)
        .await
        .expect("deleted");
    assert_eq!(answer.id.as_deref(), Some(deleted.as_str()));

    let error = client
        .get_certificate_pack(ZONE_ID, &deleted)
        .await
        .expect_err("gone");
    assert!(error.is_not_found(), "{error}");
    assert_eq!(listed(client).await, std::slice::from_ref(&kept));
    assert!(!zone.has_pack(&deleted));

    // A second delete finds nothing either.
    let again = client
        .delete_certificate_pack(ZONE_ID, &deleted)
        .await
        .expect_err("already deleted");
    assert!(again.is_not_found(), "{again}");
    let answer = RawRequest::get(
        &mock,
        zone_url(&mock, ZONE_ID, &format!("/ssl/certificate_packs/{kept}")),
    )
    .method(reqwest::Method::DELETE)
    .send()
    .await;
    assert_conforms_to("delete", PACK_PATH, "200", &answer.json());
    assert!(zone.pack_ids().is_empty());
}

#[tokio::test]
async fn a_clean_order_failure_creates_no_pack() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock.client();
    let zone = mock.zone(ZONE_ID);
    zone.on_order(["active"]);
    mock.order_certificate_pack().api_error(400, &[1400]);
    let error = client
        .order_certificate_pack(ZONE_ID, an_order())
        .await
        .expect_err("refused");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(error.codes(), [1400]);
    assert!(zone.pack_ids().is_empty());
    assert_eq!(quota(client).await.0, Some(0));
    assert_eq!(zone.pending_order_scripts(), 1, "no order took the script");
}

#[tokio::test]
async fn an_ambiguous_502_creates_the_pack_once() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock.client();
    let zone = mock.zone(ZONE_ID);
    zone.on_order(["pending_validation"]);
    mock.order_certificate_pack()
        .api_error(502, &[10013])
        .carried_out(true)
        .times(1);
    let error = client
        .order_certificate_pack(ZONE_ID, an_order())
        .await
        .expect_err("502");
    assert!(
        matches!(&error, Error::Api { status, .. } if status.as_u16() == 502),
        "{error}"
    );
    assert_eq!(error.attempts(), 1, "an order is not retried after a 502");
    assert_eq!(mock.order_certificate_pack().requests().len(), 1);

    // Yet the pack is there, counted, with the script.
    let [pack_id] = <[String; 1]>::try_from(zone.pack_ids()).expect("one pack");
    assert_eq!(quota(client).await.0, Some(1));
    let pack = client
        .get_certificate_pack(ZONE_ID, &pack_id)
        .await
        .expect("held");
    assert_eq!(pack.status, CertificatePackStatus::PendingValidation);
    assert_eq!(pack.hosts, an_order().hosts);

    // `times(1)`: the next order gets the success answer.
    let next = ordered(client).await;
    assert_eq!(zone.pack_ids(), [pack_id, next.id]);
}

#[tokio::test]
async fn an_ambiguous_html_error_page_creates_the_pack() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock.client();
    let zone = mock.zone(ZONE_ID);
    mock.order_certificate_pack()
        .raw(
            502,
            "text/html",
            "<html><body>502 Bad Gateway</body></html>",
        )
        .carried_out(true);
    let error = client
        .order_certificate_pack(ZONE_ID, an_order())
        .await
        .expect_err("an HTML page");
    assert!(matches!(error, Error::UnexpectedResponse { .. }), "{error}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(zone.pack_ids().len(), 1);
    // Not `times`: every order fails so, and each is carried out.
    client
        .order_certificate_pack(ZONE_ID, an_order())
        .await
        .expect_err("still an HTML page");
    assert_eq!(zone.pack_ids().len(), 2);
}

#[tokio::test]
async fn a_dropped_connection_after_the_order_leaves_the_pack() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock.client();
    let zone = mock.zone(ZONE_ID);
    mock.order_certificate_pack()
        .drop_connection()
        .carried_out(true);
    let error = client
        .order_certificate_pack(ZONE_ID, an_order())
        .await
        .expect_err("no answer");
    assert!(
        matches!(&error, Error::Transport { kind, .. } if *kind != TransportKind::Timeout),
        "{error:?}"
    );
    assert!(error.status().is_none(), "no response at all");
    assert_eq!(error.attempts(), 1, "an order is not retried once sent");
    let requests = mock.order_certificate_pack().requests();
    assert_eq!(requests.len(), 1, "received, checked and recorded");
    assert!(requests[0].violations.is_empty());
    assert_eq!(zone.pack_ids().len(), 1);
    // Other operations answer as usual.
    assert_eq!(listed(client).await.len(), 1);
}

#[tokio::test]
async fn a_dropped_connection_that_was_not_carried_out_changes_nothing() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock.client();
    let zone = mock.zone(ZONE_ID);
    mock.order_certificate_pack().drop_connection();
    client
        .order_certificate_pack(ZONE_ID, an_order())
        .await
        .expect_err("no answer");
    assert!(zone.pack_ids().is_empty());
    assert_eq!(mock.order_certificate_pack().requests().len(), 1);
}

#[tokio::test]
async fn an_order_answered_after_the_client_timeout_creates_the_pack() {
    let mock = cloudflare_ssl_mock::start().await;
    let zone = mock.zone(ZONE_ID);
    let client = mock
        .client_builder()
        .timeout(Duration::from_millis(200))
        .build()
        .expect("client");
    // The success answer is made (and the pack created) when the request
    // arrives; wiremock holds it past the client's timeout.
    mock.order_certificate_pack().delay(Duration::from_secs(3));
    let error = client
        .order_certificate_pack(ZONE_ID, an_order())
        .await
        .expect_err("timed out");
    assert!(
        matches!(
            &error,
            Error::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.attempts(),
        1,
        "an order is not retried after a timeout"
    );
    assert_eq!(zone.pack_ids().len(), 1);
}
