//! SSL verification, read from the zone's packs (`GET …/ssl/verification`),
//! and a pack's validation method changed (`PATCH
//! …/ssl/verification/{certificate_pack_id}`).
//!
//! Neither the spec nor a documentation page says which packs the
//! verification lists. Its `certificate_status` has seven values
//! (`VerificationCertificateStatus`), `active` and `expired` among them,
//! and the fragment's example (from upstream's property examples) is an
//! `active` certificate: so the mock lists every pack whose status has a
//! counterpart there (see [`certificate_status`]), not only the ones being
//! validated. The mapping is the mock's choice.

use cloudflare_ssl::types::{
    CertificatePackStatus, ValidationMethod, VerificationCertificateStatus,
    VerificationValidationMethod,
};
use serde_json::{Map, Value, json};

use super::{HeldPack, Outcome, ZoneState, restart_validation};

impl ZoneState {
    /// `GET …/ssl/verification`: one entry per pack whose status has a
    /// verification counterpart, in list order. `retry` is checked and not
    /// modelled.
    pub fn verification(&self) -> Outcome {
        Outcome::result(Value::Array(self.packs.iter().filter_map(entry).collect()))
    }

    /// `PATCH …/ssl/verification/{id}`: with a `body` (stateful mode), the
    /// pack takes the method and its validation is restarted (the
    /// operation's description: "A PATCH request will request an immediate
    /// validation check on any certificate, and return the updated
    /// status"); the pack's `status` and method in use, or 404.
    ///
    /// `txt`, `http` and `email` become the pack's `validation_method`. A
    /// pack cannot hold `cname` (the fragment's `ValidationMethod`), so it
    /// is kept beside the pack, for the verification to show.
    pub fn edit_verification(&mut self, id: &str, body: Option<&Value>) -> Outcome {
        let Some(pack) = self.pack_mut(id) else {
            return Outcome::pack_not_found();
        };
        let method = body
            .and_then(|body| body.get("validation_method"))
            .and_then(Value::as_str);
        if let (Some(method), Value::Object(fields)) = (method, &mut pack.json) {
            if ValidationMethod::from(method).is_known() {
                fields.insert("validation_method".into(), json!(method));
                pack.verification_method = None;
            } else {
                pack.verification_method = Some(method.to_owned());
            }
            restart_validation(fields);
        }
        let mut result = Map::new();
        if let Some(status) = pack.json.get("status") {
            result.insert("status".into(), status.clone());
        }
        if let Some(method) = method_in_use(pack) {
            result.insert("validation_method".into(), json!(method));
        }
        Outcome::result(Value::Object(result))
    }
}

/// The verification entry of `pack`, if its status has a counterpart:
/// `cert_pack_uuid` (the pack's id), `certificate_status`,
/// `verification_status` (see [`verified`]), the method in use if
/// verification names it (`http`, `cname`, `txt`: not `email`), and
/// `verification_info`, the pack's first record for that method.
fn entry(pack: &HeldPack) -> Option<Value> {
    let status = pack.json.get("status").and_then(Value::as_str)?;
    let certificate_status = certificate_status(&CertificatePackStatus::from(status))?;
    let mut entry = Map::new();
    entry.insert("cert_pack_uuid".into(), json!(pack.id));
    if let Some(verified) = verified(&certificate_status) {
        entry.insert("verification_status".into(), json!(verified));
    }
    entry.insert(
        "certificate_status".into(),
        json!(certificate_status.as_str()),
    );
    let method = method_in_use(pack).filter(|m| VerificationValidationMethod::from(*m).is_known());
    if let Some(method) = method {
        entry.insert("validation_method".into(), json!(method));
        if let Some(info) = verification_info(&pack.json, method) {
            entry.insert("verification_info".into(), info);
        }
    }
    Some(Value::Object(entry))
}

/// A pack's status as verification's `certificate_status`; `None` for a
/// status with no counterpart (deleted or being deleted, staging, inactive,
/// undocumented, …), whose pack the verification leaves out. The mock's
/// choice, by name: validation is the CA *authorizing* the hosts, issuance
/// *issuing*, and every `…_timed_out` is *timing out*.
pub(super) fn certificate_status(
    status: &CertificatePackStatus,
) -> Option<VerificationCertificateStatus> {
    use CertificatePackStatus as Pack;
    use VerificationCertificateStatus as Verification;
    Some(match status {
        Pack::Initializing => Verification::Initializing,
        Pack::PendingValidation => Verification::Authorizing,
        Pack::PendingIssuance => Verification::Issuing,
        Pack::PendingDeployment => Verification::PendingDeployment,
        Pack::Active => Verification::Active,
        Pack::Expired => Verification::Expired,
        Pack::InitializingTimedOut
        | Pack::ValidationTimedOut
        | Pack::IssuanceTimedOut
        | Pack::DeploymentTimedOut => Verification::TimingOut,
        _ => return None,
    })
}

/// `verification_status` ("Status of the required verification
/// information, omitted if verification status is unknown"): `true` once
/// validation is behind the certificate, `false` while it is authorizing
/// or timing out, left out while it is initializing.
fn verified(status: &VerificationCertificateStatus) -> Option<bool> {
    match status {
        VerificationCertificateStatus::Initializing => None,
        VerificationCertificateStatus::Authorizing | VerificationCertificateStatus::TimingOut => {
            Some(false)
        }
        _ => Some(true),
    }
}

/// The method a verification PATCH set that a pack cannot hold, else the
/// pack's `validation_method`.
fn method_in_use(pack: &HeldPack) -> Option<&str> {
    pack.verification_method
        .as_deref()
        .or_else(|| pack.json.get("validation_method").and_then(Value::as_str))
}

/// `verification_info` for `method`: `record_name` and `record_target` of
/// the pack's first record that has both (TXT: `txt_name`, `txt_value`;
/// HTTP: `http_url`, `http_body`; CNAME: `cname`, `cname_target`, from
/// `dcv_delegation_records` first), as the fragment's `VerificationInfo`
/// describes them.
fn verification_info(pack: &Value, method: &str) -> Option<Value> {
    let (lists, name, target): (&[&str], _, _) = match method {
        "txt" => (&["validation_records"], "txt_name", "txt_value"),
        "http" => (&["validation_records"], "http_url", "http_body"),
        "cname" => (
            &["dcv_delegation_records", "validation_records"],
            "cname",
            "cname_target",
        ),
        _ => return None,
    };
    let records = lists
        .iter()
        .filter_map(|list| pack.get(*list).and_then(Value::as_array))
        .flatten();
    records.into_iter().find_map(|record| {
        let name = record.get(name)?.as_str()?;
        let target = record.get(target)?.as_str()?;
        Some(json!({ "record_name": name, "record_target": target }))
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::zones;
    use super::*;

    fn result(outcome: Outcome) -> Value {
        match outcome {
            Outcome::Success { result, .. } => result,
            other => panic!("not a success: {other:?}"),
        }
    }

    fn pack(id: &str, status: &str, method: &str) -> HeldPack {
        HeldPack::new(
            id.into(),
            json!({
                "id": id, "status": status, "validation_method": method,
                "validation_records": [
                    { "http_url": "http://a.example/.well-known/x", "http_body": "b" },
                    { "txt_name": "_acme-challenge.a.example", "txt_value": "v" }
                ],
                "dcv_delegation_records": [
                    { "cname": "_acme-challenge.a.example", "cname_target": "a.example.u.dcv.cloudflare.com" }
                ]
            }),
        )
    }

    #[test]
    fn packs_with_a_counterpart_are_listed_with_their_record() {
        let mut zones = zones();
        let zone = zones.zone_mut(Some("z"));
        zone.packs = vec![
            pack("v", "pending_validation", "txt"),
            pack("d", "pending_deletion", "txt"),
            pack("e", "active", "email"),
            pack("h", "validation_timed_out", "http"),
        ];
        assert_eq!(
            result(zone.verification()),
            json!([
                { "cert_pack_uuid": "v", "certificate_status": "authorizing",
                  "verification_status": false, "validation_method": "txt",
                  "verification_info": { "record_name": "_acme-challenge.a.example", "record_target": "v" } },
                { "cert_pack_uuid": "e", "certificate_status": "active", "verification_status": true },
                { "cert_pack_uuid": "h", "certificate_status": "timing_out",
                  "verification_status": false, "validation_method": "http",
                  "verification_info": { "record_name": "http://a.example/.well-known/x", "record_target": "b" } },
            ])
        );
    }

    #[test]
    fn a_method_change_restarts_validation_and_cname_stays_beside_the_pack() {
        let mut zones = zones();
        let zone = zones.zone_mut(Some("z"));
        zone.packs = vec![pack("h", "validation_timed_out", "http")];
        let answer = zone.edit_verification("h", Some(&json!({ "validation_method": "txt" })));
        assert_eq!(
            result(answer),
            json!({ "status": "pending_validation", "validation_method": "txt" })
        );
        assert_eq!(zone.packs[0].json["validation_method"], "txt");

        let answer = zone.edit_verification("h", Some(&json!({ "validation_method": "cname" })));
        assert_eq!(result(answer)["validation_method"], "cname");
        assert_eq!(
            zone.packs[0].json["validation_method"], "txt",
            "a pack holds no cname"
        );
        let listed = result(zone.verification());
        assert_eq!(listed[0]["validation_method"], "cname");
        assert_eq!(
            listed[0]["verification_info"]["record_target"],
            "a.example.u.dcv.cloudflare.com"
        );

        // Without a body (stateless), nothing changes.
        let answer = zone.edit_verification("h", None);
        assert_eq!(
            result(answer),
            json!({ "status": "pending_validation", "validation_method": "cname" })
        );
        assert!(matches!(
            zone.edit_verification("nope", None),
            Outcome::Failure { status: 404, .. }
        ));
    }

    #[test]
    fn every_status_with_a_counterpart_is_mapped_and_ended_ones_are_not() {
        let listed = CertificatePackStatus::KNOWN_VALUES
            .iter()
            .filter(|status| certificate_status(&CertificatePackStatus::from(**status)).is_some())
            .count();
        assert_eq!(listed, 10);
        for ended in [
            "deleted",
            "pending_deletion",
            "inactive",
            "staging_active",
            "new_one",
        ] {
            assert_eq!(
                certificate_status(&CertificatePackStatus::from(ended)),
                None,
                "{ended}"
            );
        }
    }
}
