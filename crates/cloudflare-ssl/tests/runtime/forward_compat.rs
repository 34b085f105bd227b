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
    assert!(
        matches!(&pack.status, CertificatePackStatus::Unknown(v) if v.as_str() == "quantum_entangled")
    );
    assert!(!pack.status.is_known());
    assert_eq!(pack.type_.as_str(), "post_quantum");
    assert!(
        matches!(&pack.certificate_authority, Some(CertificateAuthority::Unknown(v)) if v.as_str() == "new_ca")
    );
    assert!(
        matches!(&pack.validation_method, Some(ValidationMethod::Unknown(v)) if v.as_str() == "carrier_pigeon")
    );
    assert!(matches!(pack.validity_days, Some(ValidityDays::Unknown(v)) if v.get() == 180));
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
    assert!(matches!(
        pack.status,
        CertificatePackStatus::ValidationTimedOut
    ));
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

/// Every way a caller can turn the wire text `active` into a
/// `CertificatePackStatus`; none of them may end up in `Unknown`.
fn active_built_every_way() -> Vec<(&'static str, CertificatePackStatus)> {
    vec![
        ("From<&str>", CertificatePackStatus::from("active")),
        (
            "From<String>",
            CertificatePackStatus::from("active".to_owned()),
        ),
        ("FromStr", "active".parse().expect("infallible")),
        (
            "serde_json::from_str",
            serde_json::from_str("\"active\"").expect("decodes"),
        ),
        (
            "serde_json::from_value",
            serde_json::from_value(json!("active")).expect("decodes"),
        ),
        (
            "a decoded pack",
            serde_json::from_value::<cloudflare_ssl::types::CertificatePack>(
                pack_envelope("active")["result"].clone(),
            )
            .expect("decodes")
            .status,
        ),
    ]
}

#[test]
fn a_listed_string_value_built_any_way_is_its_variant() {
    for (how, status) in active_built_every_way() {
        assert!(
            matches!(status, CertificatePackStatus::Active),
            "{how} gave {status:?}, which does not match an `Active` arm"
        );
        assert_eq!(status, CertificatePackStatus::Active, "{how}");
        assert!(status.is_known(), "{how}");
    }
}

#[test]
fn a_listed_integer_value_built_any_way_is_its_variant() {
    let built = [
        ("From<i64>", ValidityDays::from(90)),
        ("FromStr", "90".parse().expect("an integer")),
        (
            "serde_json",
            serde_json::from_value(json!(90)).expect("decodes"),
        ),
    ];
    for (how, days) in built {
        assert!(
            matches!(days, ValidityDays::Days90),
            "{how} gave {days:?}, which does not match a `Days90` arm"
        );
        assert_eq!(days, ValidityDays::Days90, "{how}");
    }
}

#[test]
fn equal_values_are_the_same_variant_however_they_were_built() {
    let texts = CertificatePackStatus::KNOWN_VALUES
        .iter()
        .copied()
        .chain(["revoked", "Active", ""]);
    let built: Vec<CertificatePackStatus> = texts
        .clone()
        .flat_map(|text| {
            [
                CertificatePackStatus::from(text),
                CertificatePackStatus::from(text.to_owned()),
                text.parse().expect("infallible"),
                serde_json::from_value(json!(text)).expect("decodes"),
            ]
        })
        .collect();
    for a in &built {
        for b in &built {
            let same_variant = std::mem::discriminant(a) == std::mem::discriminant(b);
            assert_eq!(
                a == b,
                same_variant && a.as_str() == b.as_str(),
                "{a:?} vs {b:?}"
            );
        }
    }
    let distinct: std::collections::HashSet<_> = built.iter().collect();
    assert_eq!(distinct.len(), texts.count());
}

#[test]
fn wire_text_is_matched_exactly_and_near_misses_stay_unknown() {
    for near in ["Active", " active", "active ", "ACTIVE", "actïve", ""] {
        let status = CertificatePackStatus::from(near);
        assert!(
            matches!(&status, CertificatePackStatus::Unknown(v) if v.as_str() == near),
            "{near:?} gave {status:?}"
        );
        assert_ne!(status, CertificatePackStatus::Active, "{near:?}");
    }
    assert!(!ValidityDays::from(91).is_known());
    assert_ne!(ValidityDays::from(91), ValidityDays::Days90);
}

#[test]
fn a_value_another_enum_lists_is_unknown_in_this_one() {
    let status = CertificatePackStatus::from("advanced");
    assert!(matches!(&status, CertificatePackStatus::Unknown(v) if v.as_str() == "advanced"));
    assert_eq!(
        CertificatePackType::from("advanced"),
        CertificatePackType::Advanced
    );
    let setting = SslAutomaticModeValue::from("active");
    assert!(matches!(&setting, SslAutomaticModeValue::Unknown(v) if v.as_str() == "active"));
}

#[test]
fn an_unknown_string_keeps_its_exact_text_through_serde_and_as_str() {
    for text in [
        "quantum_entangled",
        "Pending Validation ",
        "ünïcödé/\"quoted\"",
        "",
    ] {
        let status: CertificatePackStatus =
            serde_json::from_value(json!(text)).expect("any string decodes");
        let CertificatePackStatus::Unknown(unknown) = &status else {
            panic!("{text:?} decoded as {status:?}");
        };
        assert_eq!(unknown.as_str(), text);
        assert_eq!(unknown.to_string(), text);
        assert_eq!(status.as_str(), text);
        assert_eq!(status.to_string(), text);
        assert_eq!(serde_json::to_value(&status).expect("encodes"), json!(text));
        let again: CertificatePackStatus =
            serde_json::from_value(serde_json::to_value(&status).expect("encodes"))
                .expect("decodes");
        assert_eq!(again, status);
        assert_eq!(unknown.clone().into_string(), text);
    }
}

#[test]
fn an_unknown_integer_keeps_its_exact_value_through_serde_and_get() {
    for number in [180, 0, -1, i64::MIN, i64::MAX] {
        let days: ValidityDays = serde_json::from_value(json!(number)).expect("any i64 decodes");
        let ValidityDays::Unknown(unknown) = days else {
            panic!("{number} decoded as {days:?}");
        };
        assert_eq!(unknown.get(), number);
        assert_eq!(unknown.to_string(), number.to_string());
        assert_eq!(days.get(), number);
        assert_eq!(serde_json::to_value(days).expect("encodes"), json!(number));
    }
}

#[test]
fn an_unknown_value_debugs_as_before() {
    assert_eq!(
        format!("{:?}", CertificatePackStatus::from("revoked")),
        r#"Unknown("revoked")"#
    );
    assert_eq!(format!("{:?}", ValidityDays::from(180)), "Unknown(180)");
}

/// A field Cloudflare added that the generated types do not declare, in
/// `result` or in the envelope, is still readable from the success's raw
/// body: as bytes, as a JSON value, or as a type of the caller's.
#[tokio::test]
async fn undeclared_fields_of_a_success_are_readable_from_its_raw_body() {
    #[derive(serde::Deserialize)]
    struct Added {
        result: AddedToResult,
        envelope_note: String,
    }
    #[derive(serde::Deserialize)]
    struct AddedToResult {
        new_field: u32,
    }

    let mut body = pack_envelope("active");
    body["result"]["new_field"] = json!(42);
    body["envelope_note"] = json!("added at the top");
    let server = server_answering(ResponseTemplate::new(200).set_body_json(&body)).await;
    let response = client(&server)
        .edit_certificate_pack_with_response(ZONE, PACK, &CertificatePackEditRequest::new())
        .await
        .expect("decodes");

    assert_eq!(response.result.status, CertificatePackStatus::Active);
    assert_eq!(
        serde_json::from_slice::<Value>(response.raw_body()).expect("JSON"),
        body
    );
    let json = response.raw_json().expect("JSON");
    assert_eq!(json["result"]["new_field"], 42);
    assert_eq!(json["envelope_note"], "added at the top");
    let added: Added = response.raw_body_as().expect("the caller's type");
    assert_eq!(added.result.new_field, 42);
    assert_eq!(added.envelope_note, "added at the top");
    assert!(
        response.raw_body_as::<AddedToResult>().is_err(),
        "the body is the whole envelope"
    );
    assert!(
        format!("{response:?}").contains("body_len"),
        "Debug shows the body's length, not the body"
    );
}
