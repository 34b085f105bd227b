//! Stateful mode: a model of the documented behaviour.

use cloudflare_ssl::types::{
    CertificatePackEditRequest, CertificatePackStatus, SslAutomaticModeValue,
};
use cloudflare_ssl_mock::MockCloudflare;
use cloudflare_ssl_mock::documented::{CERTIFICATE_PACK_ID, ZONE_ID};

use crate::support::{mode_url, patch};

async fn stateful() -> MockCloudflare {
    MockCloudflare::builder().stateful(true).start().await
}

#[tokio::test]
async fn a_setting_patch_changes_what_later_answers_say() {
    let mock = stateful().await;
    let client = mock.client();
    let before = mock.edit_ssl_automatic_mode().setting();
    let after = client
        .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Custom)
        .await
        .expect("setting");
    assert_eq!(after.value, SslAutomaticModeValue::Custom);
    assert!(
        after.modified_on > before.modified_on,
        "modified_on moves on a change"
    );
    assert_eq!(mock.edit_ssl_automatic_mode().setting(), after);

    // The same value again changes nothing, not even modified_on.
    let again = client
        .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Custom)
        .await
        .expect("setting");
    assert_eq!(again, after);
    let back = client
        .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Auto)
        .await
        .expect("setting");
    assert_eq!(back.value, SslAutomaticModeValue::Auto);
}

#[tokio::test]
async fn restarting_validation_moves_a_timed_out_pack_to_pending_validation() {
    let mock = stateful().await;
    mock.edit_certificate_pack().status("validation_timed_out");
    let client = mock.client();
    let restart = CertificatePackEditRequest::default();
    let pack = client
        .edit_certificate_pack(ZONE_ID, CERTIFICATE_PACK_ID, &restart)
        .await
        .expect("pack");
    assert_eq!(pack.status, CertificatePackStatus::PendingValidation);
    assert_eq!(
        mock.edit_certificate_pack().pack().status,
        CertificatePackStatus::PendingValidation
    );
    // Any other status stays as it is.
    mock.edit_certificate_pack().status("active");
    let pack = client
        .edit_certificate_pack(ZONE_ID, CERTIFICATE_PACK_ID, &restart)
        .await
        .expect("pack");
    assert_eq!(pack.status, CertificatePackStatus::Active);
}

#[tokio::test]
async fn cloudflare_branding_is_stored() {
    let mock = stateful().await;
    let client = mock.client();
    let brand = CertificatePackEditRequest {
        cloudflare_branding: Some(true),
    };
    let pack = client
        .edit_certificate_pack(ZONE_ID, CERTIFICATE_PACK_ID, &brand)
        .await
        .expect("pack");
    assert_eq!(pack.cloudflare_branding, Some(true));
    let pack = client
        .edit_certificate_pack(
            ZONE_ID,
            CERTIFICATE_PACK_ID,
            &CertificatePackEditRequest::default(),
        )
        .await
        .expect("pack");
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
    patch(&mode_url(&mock), r#"{"value":"custom"}"#).await;
    mock.edit_ssl_automatic_mode()
        .success()
        .rate_limited(1, std::time::Duration::ZERO);
    assert_eq!(
        patch(&mode_url(&mock), r#"{"value":"custom"}"#)
            .await
            .status,
        429
    );
    assert_eq!(
        mock.edit_ssl_automatic_mode().setting().value,
        SslAutomaticModeValue::Auto
    );
}

#[tokio::test]
async fn stateless_by_default_and_switchable() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock.client();
    let answer = client
        .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Custom)
        .await
        .expect("setting");
    assert_eq!(
        answer.value,
        SslAutomaticModeValue::Auto,
        "the documented answer, whatever was asked"
    );
    mock.set_stateful(true);
    let answer = client
        .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Custom)
        .await
        .expect("setting");
    assert_eq!(answer.value, SslAutomaticModeValue::Custom);
    mock.set_stateful(false);
    let answer = client
        .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Auto)
        .await
        .expect("setting");
    assert_eq!(answer.value, SslAutomaticModeValue::Custom, "frozen again");
}
