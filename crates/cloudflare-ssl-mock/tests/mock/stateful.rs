//! Stateful mode (a model of the documented behaviour: a PATCH changes
//! what later answers, the GETs' included, say) and pack scripts.

use std::time::Duration;

use cloudflare_ssl::types::{
    CertificatePack, CertificatePackEditRequest, CertificatePackListStatus, CertificatePackStatus,
    ListCertificatePacksQuery, SslAutomaticModeSetting, SslAutomaticModeValue,
};
use cloudflare_ssl::{Error, WaitTarget};
use cloudflare_ssl_mock::documented::{CERTIFICATE_PACK_ID, ZONE_ID};
use cloudflare_ssl_mock::{MockCloudflare, Step, codes};

use crate::support::{RawRequest, edit_mode_with, edit_pack_with, retrying_client};

async fn stateful() -> MockCloudflare {
    MockCloudflare::builder().stateful(true).start().await
}

/// What the mock answers a request to set `value`.
async fn setting_for(
    mock: &MockCloudflare,
    value: SslAutomaticModeValue,
) -> SslAutomaticModeSetting {
    edit_mode_with(mock.client(), value).await.expect("setting")
}

/// What the mock answers the pack edit `request`.
async fn pack_for(mock: &MockCloudflare, request: &CertificatePackEditRequest) -> CertificatePack {
    edit_pack_with(mock.client(), request).await.expect("pack")
}

#[tokio::test]
async fn a_setting_patch_changes_what_later_answers_say() {
    let mock = stateful().await;
    let before = mock.default_zone().setting();
    let after = setting_for(&mock, SslAutomaticModeValue::Custom).await;
    assert_eq!(after.value, SslAutomaticModeValue::Custom);
    assert!(
        after.modified_on > before.modified_on,
        "modified_on moves on a change"
    );
    assert_eq!(mock.default_zone().setting(), after);

    // The same value again changes nothing, not even modified_on.
    let again = setting_for(&mock, SslAutomaticModeValue::Custom).await;
    assert_eq!(again, after);
    let back = setting_for(&mock, SslAutomaticModeValue::Auto).await;
    assert_eq!(back.value, SslAutomaticModeValue::Auto);
}

#[tokio::test]
async fn restarting_validation_moves_a_timed_out_pack_to_pending_validation() {
    let mock = stateful().await;
    let documented = mock.default_zone().pack(CERTIFICATE_PACK_ID);
    documented.status("validation_timed_out");
    let restart = CertificatePackEditRequest::default();
    let pack = pack_for(&mock, &restart).await;
    assert_eq!(pack.status, CertificatePackStatus::PendingValidation);
    assert_eq!(
        documented.pack().status,
        CertificatePackStatus::PendingValidation
    );
    // Any other status stays as it is.
    documented.status("active");
    let pack = pack_for(&mock, &restart).await;
    assert_eq!(pack.status, CertificatePackStatus::Active);
}

#[tokio::test]
async fn cloudflare_branding_is_stored() {
    let mock = stateful().await;
    let brand = CertificatePackEditRequest::new().cloudflare_branding(true);
    let pack = pack_for(&mock, &brand).await;
    assert_eq!(pack.cloudflare_branding, Some(true));
    let pack = pack_for(&mock, &CertificatePackEditRequest::default()).await;
    assert_eq!(
        pack.cloudflare_branding,
        Some(true),
        "an edit without it keeps it"
    );
}

#[tokio::test]
async fn failed_requests_change_nothing() {
    let mock = stateful().await;
    mock.edit_ssl_automatic_mode().api_error(400, &[1008]);
    let custom = || RawRequest::mode(&mock).body(r#"{"value":"custom"}"#).send();
    assert_eq!(custom().await.status, 400);
    mock.edit_ssl_automatic_mode()
        .success()
        .rate_limited(1, Duration::ZERO);
    assert_eq!(custom().await.status, 429);
    assert_eq!(
        mock.default_zone().setting().value,
        SslAutomaticModeValue::Auto
    );
}

#[tokio::test]
async fn stateless_by_default_and_switchable() {
    let mock = cloudflare_ssl_mock::start().await;
    let answer = setting_for(&mock, SslAutomaticModeValue::Custom).await;
    assert_eq!(
        answer.value,
        SslAutomaticModeValue::Auto,
        "the documented answer, whatever was asked"
    );
    mock.set_stateful(true);
    let answer = setting_for(&mock, SslAutomaticModeValue::Custom).await;
    assert_eq!(answer.value, SslAutomaticModeValue::Custom);
    mock.set_stateful(false);
    let answer = setting_for(&mock, SslAutomaticModeValue::Auto).await;
    assert_eq!(answer.value, SslAutomaticModeValue::Custom, "frozen again");
}

/// A stateful mock that models the documented zone, holding one pack in
/// `status`; the pack's id.
async fn stateful_zone(status: &str) -> (MockCloudflare, String) {
    let mock = stateful().await;
    let id = mock.zone(ZONE_ID).add_packs(1, status).pack_ids().remove(0);
    (mock, id)
}

#[tokio::test]
async fn a_setting_patch_is_seen_by_the_next_get() {
    // A zone nobody modelled (the default zone) and a modelled one.
    for modelled in [false, true] {
        let mock = stateful().await;
        if modelled {
            mock.zone(ZONE_ID);
        }
        let client = mock.client();
        let before = client.get_ssl_automatic_mode(ZONE_ID).await.expect("get");
        assert_eq!(before.value, SslAutomaticModeValue::Auto);
        assert!(before.next_scheduled_scan.is_some());

        setting_for(&mock, SslAutomaticModeValue::Custom).await;
        let after = client.get_ssl_automatic_mode(ZONE_ID).await.expect("get");
        assert_eq!(after.value, SslAutomaticModeValue::Custom, "{modelled}");
        assert!(after.modified_on > before.modified_on);
        assert_eq!(after.next_scheduled_scan, None, "custom: not scheduled");

        setting_for(&mock, SslAutomaticModeValue::Auto).await;
        let again = client.get_ssl_automatic_mode(ZONE_ID).await.expect("get");
        assert_eq!(again.value, SslAutomaticModeValue::Auto);
        assert!(again.next_scheduled_scan.is_some(), "auto: scheduled again");

        let default = mock.default_zone().setting();
        if modelled {
            assert_eq!(default, before, "the default stays as it was");
            assert_eq!(mock.zone(ZONE_ID).setting(), again);
        } else {
            assert_eq!(default, again);
        }
    }
}

#[tokio::test]
async fn restarting_validation_is_seen_by_get_and_list() {
    let (mock, id) = stateful_zone("validation_timed_out").await;
    let client = mock.client();
    let brand = CertificatePackEditRequest::new().cloudflare_branding(true);
    let edited = client
        .edit_certificate_pack(ZONE_ID, &id, &brand)
        .await
        .expect("edit");
    assert_eq!(edited.status, CertificatePackStatus::PendingValidation);
    let got = client
        .get_certificate_pack(ZONE_ID, &id)
        .await
        .expect("get");
    assert_eq!(got, edited);
    assert_eq!(got.cloudflare_branding, Some(true));
    let all = ListCertificatePacksQuery::new().status(CertificatePackListStatus::All);
    let page = client
        .list_certificate_packs(ZONE_ID, &all)
        .await
        .expect("list");
    assert_eq!(page.items, [edited]);
}

#[tokio::test]
async fn a_script_is_walked_by_successive_gets() {
    // Scripts run in stateless mode too: they are what the test set.
    let mock = cloudflare_ssl_mock::start().await;
    let zone = mock.zone(ZONE_ID);
    let id = zone.add_packs(1, "pending_validation").pack_ids().remove(0);
    zone.pack(&id)
        .script(["pending_validation", "pending_issuance", "active"]);
    let client = mock.client();
    let mut seen = Vec::new();
    for _ in 0..5 {
        let pack = client
            .get_certificate_pack(ZONE_ID, &id)
            .await
            .expect("get");
        seen.push(pack.status);
    }
    use CertificatePackStatus::{Active, PendingIssuance, PendingValidation};
    assert_eq!(
        seen,
        [PendingValidation, PendingIssuance, Active, Active, Active],
        "the last one stays"
    );
    assert_eq!(zone.pack(&id).remaining_steps(), 0);
    let listed = client
        .list_certificate_packs(ZONE_ID, &ListCertificatePacksQuery::new())
        .await
        .expect("list");
    assert_eq!(listed.items.len(), 1, "the list sees the step's status");
}

#[tokio::test]
async fn a_script_can_rate_limit_fail_once_and_lose_the_pack() {
    let mock = cloudflare_ssl_mock::start().await;
    let zone = mock.zone(ZONE_ID);
    let id = zone.add_packs(1, "pending_validation").pack_ids().remove(0);
    zone.pack(&id).script([
        Step::status("pending_issuance"),
        Step::rate_limited(Duration::from_secs(7)),
        Step::not_found(),
        Step::api_error(500, &[1000]),
        Step::status("active"),
        Step::gone(),
    ]);
    // No retries: each call is one request, one step.
    let client = retrying_client(&mock, 0);
    let get = || client.get_certificate_pack(ZONE_ID, &id);

    assert_eq!(
        get().await.expect("step 1").status,
        CertificatePackStatus::PendingIssuance
    );
    match get().await {
        Err(Error::RateLimited { retry_after, .. }) => {
            assert_eq!(retry_after, Some(Duration::from_secs(7)));
        }
        other => panic!("step 2: {other:?}"),
    }
    let error = get().await.expect_err("step 3");
    assert!(error.is_not_found());
    assert_eq!(error.codes(), [codes::NOT_FOUND]);
    assert!(zone.has_pack(&id), "a not_found step keeps the pack");
    assert_eq!(get().await.expect_err("step 4").codes(), [1000]);
    assert_eq!(
        get().await.expect("step 5").status,
        CertificatePackStatus::Active
    );
    assert!(get().await.expect_err("step 6").is_not_found());
    assert!(!zone.has_pack(&id), "gone");
    assert!(get().await.expect_err("after").is_not_found());
    assert!(zone.pack_ids().is_empty());
    assert!(mock.violations().is_empty());
}

#[tokio::test]
async fn the_client_waiter_follows_a_script_to_active() {
    let (mock, id) = stateful_zone("validation_timed_out").await;
    let client = mock.client();
    let restarted = client
        .edit_certificate_pack(ZONE_ID, &id, &CertificatePackEditRequest::default())
        .await
        .expect("restart");
    assert_eq!(restarted.status, CertificatePackStatus::PendingValidation);
    mock.zone(ZONE_ID).pack(&id).script([
        Step::status("pending_validation"),
        Step::rate_limited(Duration::ZERO),
        Step::status("pending_issuance"),
        Step::status("active"),
    ]);
    let pack = client
        .wait_for_certificate_pack(ZONE_ID, &id, WaitTarget::Active)
        .first_interval(Duration::ZERO)
        .max_interval(Duration::ZERO)
        // Reached in four polls; the bound only ends a broken run.
        .wait(Duration::from_secs(20))
        .await
        .expect("active");
    assert_eq!(pack.status, CertificatePackStatus::Active);
    assert_eq!(mock.zone(ZONE_ID).pack(&id).remaining_steps(), 0);
}
