//! Stateful mode: a model of the documented behaviour.

use cloudflare_ssl::types::{
    CertificatePack, CertificatePackEditRequest, CertificatePackStatus, SslAutomaticModeSetting,
    SslAutomaticModeValue,
};
use cloudflare_ssl_mock::MockCloudflare;

use crate::support::{RawRequest, edit_mode_with, edit_pack_with};

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
    let before = mock.edit_ssl_automatic_mode().setting();
    let after = setting_for(&mock, SslAutomaticModeValue::Custom).await;
    assert_eq!(after.value, SslAutomaticModeValue::Custom);
    assert!(
        after.modified_on > before.modified_on,
        "modified_on moves on a change"
    );
    assert_eq!(mock.edit_ssl_automatic_mode().setting(), after);

    // The same value again changes nothing, not even modified_on.
    let again = setting_for(&mock, SslAutomaticModeValue::Custom).await;
    assert_eq!(again, after);
    let back = setting_for(&mock, SslAutomaticModeValue::Auto).await;
    assert_eq!(back.value, SslAutomaticModeValue::Auto);
}

#[tokio::test]
async fn restarting_validation_moves_a_timed_out_pack_to_pending_validation() {
    let mock = stateful().await;
    mock.edit_certificate_pack().status("validation_timed_out");
    let restart = CertificatePackEditRequest::default();
    let pack = pack_for(&mock, &restart).await;
    assert_eq!(pack.status, CertificatePackStatus::PendingValidation);
    assert_eq!(
        mock.edit_certificate_pack().pack().status,
        CertificatePackStatus::PendingValidation
    );
    // Any other status stays as it is.
    mock.edit_certificate_pack().status("active");
    let pack = pack_for(&mock, &restart).await;
    assert_eq!(pack.status, CertificatePackStatus::Active);
}

#[tokio::test]
async fn cloudflare_branding_is_stored() {
    let mock = stateful().await;
    let brand = CertificatePackEditRequest {
        cloudflare_branding: Some(true),
    };
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
        .rate_limited(1, std::time::Duration::ZERO);
    assert_eq!(custom().await.status, 429);
    assert_eq!(
        mock.edit_ssl_automatic_mode().setting().value,
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
