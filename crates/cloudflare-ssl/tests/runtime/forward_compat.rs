//! Responses the fragment does not describe yet must still decode: Cloudflare
//! adds statuses and fields without notice.

use cloudflare_ssl::Error;
use cloudflare_ssl::types::{
    CertificateAuthority, CertificatePackEditRequest, CertificatePackStatus, CertificatePackType,
    SslAutomaticModeValue, ValidationMethod, ValidityDays,
};
use serde_json::{Value, json};
use wiremock::ResponseTemplate;

use crate::support::*;

async fn decode_pack(body: Value) -> Result<cloudflare_ssl::types::CertificatePack, Error> {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(body)).await;
    client(&server)
        .edit_certificate_pack(ZONE, PACK, &CertificatePackEditRequest::default())
        .await
}

#[tokio::test]
async fn unknown_enum_values_are_kept_verbatim() {
    let mut body = pack_envelope("quantum_entangled");
    let result = &mut body["result"];
    result["type"] = json!("post_quantum");
    result["certificate_authority"] = json!("new_ca");
    result["validation_method"] = json!("carrier_pigeon");
    result["validity_days"] = json!(180);
    let pack = decode_pack(body)
        .await
        .expect("unknown values are accepted");
    assert_eq!(
        pack.status,
        CertificatePackStatus::Unknown("quantum_entangled".into())
    );
    assert!(!pack.status.is_known());
    assert_eq!(pack.type_.as_str(), "post_quantum");
    assert_eq!(
        pack.certificate_authority,
        Some(CertificateAuthority::Unknown("new_ca".into()))
    );
    assert_eq!(
        pack.validation_method,
        Some(ValidationMethod::Unknown("carrier_pigeon".into()))
    );
    assert_eq!(pack.validity_days, Some(ValidityDays::Unknown(180)));
    let again = serde_json::to_value(&pack).expect("serializes");
    assert_eq!(again["status"], "quantum_entangled");
    assert_eq!(again["validity_days"], 180);
}

#[tokio::test]
async fn known_values_decode_to_their_variants() {
    let mut body = pack_envelope("validation_timed_out");
    body["result"]["validity_days"] = json!(90);
    let pack = decode_pack(body).await.expect("documented values");
    assert_eq!(pack.status, CertificatePackStatus::ValidationTimedOut);
    assert_eq!(pack.type_, CertificatePackType::Advanced);
    assert_eq!(pack.validity_days, Some(ValidityDays::Days90));
}

#[tokio::test]
async fn unknown_fields_missing_and_null_optionals_are_accepted() {
    let mut body = pack_envelope("active");
    body["brand_new_envelope_field"] = json!({ "nested": [1, 2] });
    let result = &mut body["result"];
    result["brand_new_field"] = json!("whatever");
    result["certificates"][0]["brand_new_certificate_field"] = json!(true);
    for optional in [
        "certificate_authority",
        "validation_errors",
        "validation_records",
        "dcv_delegation_records",
        "validity_days",
    ] {
        result[optional] = Value::Null;
    }
    let pack = decode_pack(body).await.expect("lenient decoding");
    assert_eq!(pack.certificate_authority, None);
    assert_eq!(pack.validation_records, None);
    assert_eq!(pack.dcv_delegation_records, None);
}

#[tokio::test]
async fn empty_optional_arrays_stay_empty_not_absent() {
    let mut body = pack_envelope("active");
    body["result"]["validation_errors"] = json!([]);
    let pack = decode_pack(body).await.expect("decodes");
    assert_eq!(pack.validation_errors, Some(Vec::new()));
    assert_eq!(
        serde_json::to_value(&pack).expect("serializes")["validation_errors"],
        json!([])
    );
}

#[tokio::test]
async fn ids_longer_than_32_and_more_than_50_hosts_are_accepted_in_responses() {
    let mut body = pack_envelope("active");
    let long_id = "f".repeat(64);
    let hosts: Vec<String> = (0..120).map(|i| format!("h{i}.example.com")).collect();
    body["result"]["id"] = json!(long_id);
    body["result"]["certificates"][0]["zone_id"] = json!(long_id);
    body["result"]["hosts"] = json!(hosts);
    let pack = decode_pack(body).await.expect("lenient decoding");
    assert_eq!(pack.id, long_id);
    assert_eq!(pack.hosts.len(), 120);
}

#[tokio::test]
async fn null_and_missing_next_scheduled_scan_are_accepted() {
    let mut body = setting_envelope("custom");
    body["result"]["next_scheduled_scan"] = Value::Null;
    let server = server_answering(ResponseTemplate::new(200).set_body_json(body)).await;
    let setting = client(&server)
        .edit_ssl_automatic_mode(ZONE, SslAutomaticModeValue::Custom)
        .await
        .expect("null");
    assert_eq!(setting.next_scheduled_scan, None);
    assert_eq!(setting.value, SslAutomaticModeValue::Custom);
}

#[test]
fn a_hand_built_unknown_holding_a_listed_value_is_that_value() {
    let by_hand = SslAutomaticModeValue::Unknown("auto".into());
    assert!(by_hand.is_known());
    assert_eq!(by_hand, SslAutomaticModeValue::Auto);
    assert_eq!(ValidityDays::Unknown(90), ValidityDays::Days90);
    assert!(ValidityDays::Unknown(90).is_known());
    assert!(!ValidityDays::Unknown(91).is_known());
    let set: std::collections::HashSet<_> = [
        CertificatePackStatus::Active,
        CertificatePackStatus::from("active"),
    ]
    .into();
    assert_eq!(set.len(), 1);
}
