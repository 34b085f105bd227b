//! SSL verification read from a zone's packs and its PATCH, the DCV
//! delegation UUID and the Universal SSL settings, each per zone.

use cloudflare_ssl::types::{
    CertificatePackStatus, DesiredValidationMethod, GetSslVerificationQuery, SslVerification,
    SslVerificationEditRequest, UniversalSslSettings, ValidationMethod, ValidationRecord,
    VerificationCertificateStatus, VerificationInfo, VerificationValidationMethod,
};
use cloudflare_ssl::{Client, Error};
use cloudflare_ssl_mock::documented::ZONE_ID;
use cloudflare_ssl_mock::{MockCloudflare, Step};

use crate::support::{
    RawRequest, VERIFICATION_PATH, an_order, assert_conforms_to, order_of, txt_record, zone_url,
};

const OTHER_ZONE: &str = "0f0e0d0c0b0a09080706050403020100";

async fn verification(client: &Client) -> Vec<SslVerification> {
    client
        .get_ssl_verification(ZONE_ID, GetSslVerificationQuery::new())
        .await
        .expect("verification")
}

fn info(name: &str, target: &str) -> VerificationInfo {
    VerificationInfo::new()
        .record_name(name.to_owned())
        .record_target(target.to_owned())
}

/// `method` as the body of a verification PATCH.
fn switch_to(method: DesiredValidationMethod) -> SslVerificationEditRequest {
    SslVerificationEditRequest::new(method)
}

#[tokio::test]
async fn verification_lists_the_zone_packs_with_the_record_of_their_method() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock.client();
    let zone = mock.zone(ZONE_ID);
    let record = txt_record("_acme-challenge.example.com", "ca3-5749");
    zone.on_order([Step::status("pending_validation").validation_records([record])]);
    let validating = client
        .order_certificate_pack(ZONE_ID, an_order())
        .await
        .expect("ordered");
    client
        .get_certificate_pack(ZONE_ID, &validating.id)
        .await
        .expect("the script's step");
    let http = order_of(&["example.com"], ValidationMethod::Http);
    let initializing = client
        .order_certificate_pack(ZONE_ID, &http)
        .await
        .expect("ordered");
    zone.add_packs(1, "active").add_packs(1, "pending_deletion");
    let active = zone.pack_ids()[2].clone();

    let listed = verification(client).await;
    let ids: Vec<Option<&str>> = listed.iter().map(|v| v.cert_pack_uuid.as_deref()).collect();
    assert_eq!(
        ids,
        [
            Some(validating.id.as_str()),
            Some(initializing.id.as_str()),
            Some(active.as_str())
        ],
        "a pack being deleted is left out"
    );
    let first = &listed[0];
    assert_eq!(
        first.certificate_status,
        VerificationCertificateStatus::Authorizing
    );
    assert_eq!(first.verification_status, Some(false));
    assert_eq!(
        first.validation_method,
        Some(VerificationValidationMethod::Txt)
    );
    assert_eq!(
        first.verification_info,
        Some(info("_acme-challenge.example.com", "ca3-5749"))
    );
    let second = &listed[1];
    assert_eq!(
        second.certificate_status,
        VerificationCertificateStatus::Initializing
    );
    assert_eq!(second.verification_status, None, "unknown yet");
    assert_eq!(second.verification_info, None, "no record yet");
    assert_eq!(
        listed[2].certificate_status,
        VerificationCertificateStatus::Active
    );
    assert_eq!(listed[2].verification_status, Some(true));

    // The answer conforms, `retry` is taken, and another zone lists its own.
    let answer = RawRequest::get(
        &mock,
        zone_url(&mock, ZONE_ID, "/ssl/verification?retry=true"),
    )
    .send()
    .await;
    assert_conforms_to("get", VERIFICATION_PATH, "200", &answer.json());
    let other = client
        .get_ssl_verification(OTHER_ZONE, GetSslVerificationQuery::new().retry(true))
        .await
        .expect("verification");
    assert_eq!(other.len(), 1, "the default zone's documented pack");
}

#[tokio::test]
async fn a_method_switch_restarts_a_timed_out_pack_in_stateful_mode() {
    let mock = MockCloudflare::builder().stateful(true).start().await;
    let client = mock.client();
    let zone = mock.zone(ZONE_ID);
    let http = order_of(&["example.com"], ValidationMethod::Http);
    let pack = client
        .order_certificate_pack(ZONE_ID, &http)
        .await
        .expect("ordered");
    let handle = zone.pack(&pack.id);
    handle.status("validation_timed_out").validation_records([
        ValidationRecord::new()
            .http_url("http://example.com/.well-known/pki-validation/x.txt".into())
            .http_body("ca3-x".into()),
        txt_record("_acme-challenge.example.com", "ca3-t"),
    ]);

    let answer = client
        .edit_ssl_verification(ZONE_ID, &pack.id, switch_to(DesiredValidationMethod::Txt))
        .await
        .expect("switched");
    assert_eq!(answer.status.as_deref(), Some("pending_validation"));
    assert_eq!(answer.validation_method, Some(DesiredValidationMethod::Txt));
    let stored = handle.pack();
    assert_eq!(stored.status, CertificatePackStatus::PendingValidation);
    assert_eq!(stored.validation_method, Some(ValidationMethod::Txt));
    let listed = verification(client).await;
    assert_eq!(
        listed[0].verification_info,
        Some(info("_acme-challenge.example.com", "ca3-t"))
    );

    // A pack cannot hold `cname`; the verification shows it all the same.
    handle.dcv_delegation_records([ValidationRecord::new()
        .cname("_acme-challenge.example.com".into())
        .cname_target("example.com.abc123def456ghi7.dcv.cloudflare.com".into())]);
    let answer = client
        .edit_ssl_verification(ZONE_ID, &pack.id, switch_to(DesiredValidationMethod::Cname))
        .await
        .expect("switched");
    assert_eq!(
        answer.validation_method,
        Some(DesiredValidationMethod::Cname)
    );
    assert_eq!(handle.pack().validation_method, Some(ValidationMethod::Txt));
    let listed = verification(client).await;
    assert_eq!(
        listed[0].validation_method,
        Some(VerificationValidationMethod::Cname)
    );
    assert_eq!(
        listed[0].verification_info,
        Some(info(
            "_acme-challenge.example.com",
            "example.com.abc123def456ghi7.dcv.cloudflare.com"
        ))
    );
}

#[tokio::test]
async fn a_method_switch_changes_nothing_without_stateful_mode() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock.client();
    let zone = mock.zone(ZONE_ID);
    let pack = client
        .order_certificate_pack(ZONE_ID, an_order())
        .await
        .expect("ordered");
    zone.pack(&pack.id).status("validation_timed_out");
    let answer = client
        .edit_ssl_verification(ZONE_ID, &pack.id, switch_to(DesiredValidationMethod::Http))
        .await
        .expect("answered");
    assert_eq!(answer.status.as_deref(), Some("validation_timed_out"));
    assert_eq!(answer.validation_method, Some(DesiredValidationMethod::Txt));
    assert_eq!(
        zone.pack(&pack.id).pack().validation_method,
        Some(ValidationMethod::Txt)
    );
}

#[tokio::test]
async fn a_method_switch_of_a_pack_the_zone_does_not_hold_is_a_404() {
    let mock = MockCloudflare::builder().stateful(true).start().await;
    mock.zone(ZONE_ID);
    let error = mock
        .client()
        .edit_ssl_verification(
            ZONE_ID,
            "a77f8bd7-3b47-46b4-a6f1-75cf98109948",
            switch_to(DesiredValidationMethod::Txt),
        )
        .await
        .expect_err("not held");
    assert!(matches!(error, Error::Api { .. }), "{error}");
    assert!(error.is_not_found(), "{error}");
}

#[tokio::test]
async fn each_zone_has_a_dcv_delegation_uuid_the_documented_one_by_default() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock.client();
    let uuid = |zone: &'static str| async move {
        client
            .get_dcv_delegation_uuid(zone)
            .await
            .expect("uuid")
            .uuid
    };
    assert_eq!(uuid(ZONE_ID).await.as_deref(), Some("abc123def456ghi7"));
    mock.zone(ZONE_ID).dcv_delegation_uuid("0123456789abcdef");
    assert_eq!(uuid(ZONE_ID).await.as_deref(), Some("0123456789abcdef"));
    assert_eq!(
        uuid(OTHER_ZONE).await.as_deref(),
        Some("abc123def456ghi7"),
        "the default zone keeps its own"
    );
}

#[tokio::test]
async fn universal_ssl_settings_are_per_zone_and_change_in_stateful_mode() {
    let mock = cloudflare_ssl_mock::start().await;
    let client = mock.client();
    let zone = mock.zone(ZONE_ID);
    let enabled = |zone: &'static str| async move {
        client
            .get_universal_ssl_settings(zone)
            .await
            .expect("settings")
            .enabled
    };
    assert_eq!(enabled(ZONE_ID).await, Some(true), "the documented default");
    zone.universal_ssl_enabled(false);
    assert_eq!(enabled(ZONE_ID).await, Some(false));
    assert_eq!(enabled(OTHER_ZONE).await, Some(true));

    let enable = UniversalSslSettings::new().enabled(true);
    let answer = client
        .edit_universal_ssl_settings(ZONE_ID, &enable)
        .await
        .expect("answered");
    assert_eq!(answer.enabled, Some(false), "stateless: nothing changes");
    mock.set_stateful(true);
    let answer = client
        .edit_universal_ssl_settings(ZONE_ID, &enable)
        .await
        .expect("answered");
    assert_eq!(answer.enabled, Some(true));
    assert_eq!(enabled(ZONE_ID).await, Some(true));
    assert_eq!(zone.universal_ssl_settings(), enable);
}
