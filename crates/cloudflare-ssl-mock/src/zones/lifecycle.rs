//! A pack's life in a zone: an order creates it, a delete removes it, and
//! the quota counts it.

use serde_json::{Value, json};

use super::{HeldPack, Outcome, ZoneState};

/// The fields of an order's body that its pack takes as they are: every
/// property of the fragment's `CertificatePackOrderRequest`, each also a
/// property of `CertificatePack`.
const ORDERED_FIELDS: &[&str] = &[
    "type",
    "hosts",
    "certificate_authority",
    "validation_method",
    "validity_days",
    "cloudflare_branding",
];

/// The pack type the quota's `advanced` counts.
const ADVANCED: &str = "advanced";

impl ZoneState {
    /// `POST …/certificate_packs/order`: a new pack `id`, in
    /// `initializing`, with the order's fields (`body`, checked against
    /// the fragment) and no certificate yet, walking the zone's next order
    /// script; the pack.
    pub fn order(&mut self, id: String, body: &Value) -> Outcome {
        let mut pack = json!({ "id": id, "status": "initializing", "certificates": [] });
        for field in ORDERED_FIELDS {
            if let Some(value) = body.get(field) {
                pack[*field] = value.clone();
            }
        }
        let mut held = HeldPack::new(id, pack);
        held.script = self.order_scripts.pop_front().unwrap_or_default();
        let result = held.json.clone();
        self.packs.push(held);
        Outcome::result(result)
    }

    /// `DELETE …/certificate_packs/{id}`: the pack leaves the zone (later
    /// requests for it are 404s, the list leaves it out); its id, as the
    /// fragment's `DeletedCertificatePack` has it. 404 for a pack the zone
    /// does not hold, a second delete included.
    pub fn delete_pack(&mut self, id: &str) -> Outcome {
        let Some(index) = self.packs.iter().position(|pack| pack.id == id) else {
            return Outcome::pack_not_found();
        };
        self.packs.remove(index);
        Outcome::result(json!({ "id": id }))
    }

    /// `GET …/certificate_packs/quota`: `advanced.used`, the packs of type
    /// `advanced` the zone holds, whatever their status (the packs orders
    /// create; the documented pack is `universal`), and `advanced.allocated`
    /// once a test set it (the fragment's example gives no number).
    pub fn quota(&self) -> Outcome {
        let used = self
            .packs
            .iter()
            .filter(|pack| pack.json.get("type").and_then(Value::as_str) == Some(ADVANCED))
            .count();
        let mut advanced = json!({ "used": used });
        if let Some(allocated) = self.quota_allocated {
            advanced["allocated"] = json!(allocated);
        }
        Outcome::result(json!({ "advanced": advanced }))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use super::super::StepKind;
    use super::super::tests::zones;
    use super::*;

    fn order() -> Value {
        json!({
            "type": "advanced", "hosts": ["example.com", "*.example.com"],
            "certificate_authority": "google", "validation_method": "txt",
            "validity_days": 90, "cloudflare_branding": true
        })
    }

    fn result(outcome: Outcome) -> Value {
        match outcome {
            Outcome::Success { result, .. } => result,
            other => panic!("not a success: {other:?}"),
        }
    }

    #[test]
    fn an_order_creates_an_initializing_pack_from_its_body_with_the_next_script() {
        let mut zones = zones();
        let zone = zones.zone_mut(Some("z"));
        let script = VecDeque::from([StepKind::Gone]);
        zone.order_scripts.push_back(script.clone());
        let pack = result(zone.order("p1".into(), &order()));
        assert_eq!(
            pack,
            json!({
                "id": "p1", "status": "initializing", "certificates": [],
                "type": "advanced", "hosts": ["example.com", "*.example.com"],
                "certificate_authority": "google", "validation_method": "txt",
                "validity_days": 90, "cloudflare_branding": true
            })
        );
        assert_eq!(zone.packs[0].script, script);
        result(zone.order("p2".into(), &order()));
        assert!(zone.packs[1].script.is_empty(), "one script per order");
    }

    #[test]
    fn the_quota_counts_advanced_packs_and_a_delete_uncounts_one() {
        let mut zones = zones();
        let zone = zones.zone_mut(None);
        assert_eq!(result(zone.quota()), json!({ "advanced": { "used": 0 } }));
        zone.quota_allocated = Some(2);
        result(zone.order("p1".into(), &order()));
        assert_eq!(
            result(zone.quota()),
            json!({ "advanced": { "used": 1, "allocated": 2 } })
        );
        assert_eq!(result(zone.delete_pack("p1")), json!({ "id": "p1" }));
        assert_eq!(result(zone.quota())["advanced"]["used"], 0);
        assert!(matches!(
            zone.delete_pack("p1"),
            Outcome::Failure { status: 404, .. }
        ));
    }
}
