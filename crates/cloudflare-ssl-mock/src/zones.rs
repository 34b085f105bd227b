//! The resources behind the answers: zones, the certificate packs each
//! holds, its Automatic SSL/TLS and Universal SSL settings, its DCV
//! delegation UUID and quota, and what reading or changing them does.
//!
//! One kind of zone: the **default zone** is the zone every zone id answers
//! as until a test models it with `mock.zone(id)`; a modelled zone is a
//! zone of its own. Both hold packs by id (an id a zone does not hold is a
//! 404) and the rest. The default zone starts with the documented pack, a
//! modelled one with none; both with the documented settings and UUID.
//!
//! This is a model of what the documentation says, not Cloudflare's state
//! machine: nothing changes over time, only through the calls listed in the
//! crate's README and the scripts a test sets. The lifecycle (order,
//! delete, quota) is `lifecycle`'s; SSL verification, read from the packs,
//! is `verification`'s.

mod lifecycle;
mod list;
mod verification;

use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, SystemTime};

use serde_json::{Map, Value, json};

use crate::codes;
use crate::envelope::error_entry;
use crate::time::rfc3339;

/// How far after a stateful switch to `auto` the mock puts
/// `next_scheduled_scan`: the documentation does not say when the next scan
/// is, only that an enabled setting has one.
const NEXT_SCAN_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// One step of a held pack's script, taken by one `GET` of that pack.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum StepKind {
    /// The pack moves to `status`, takes `fields` (validation records, …),
    /// and the `GET` answers it.
    Status {
        status: String,
        fields: Map<String, Value>,
    },
    /// The `GET` answers this failure envelope; the pack stays as it is.
    Failure { status: u16, errors: Vec<Value> },
    /// The `GET` answers 429 with `Retry-After`; the pack stays as it is.
    RateLimited(Duration),
    /// The pack is gone from its zone: this `GET` and every later request
    /// for it answer 404.
    Gone,
}

/// A pack a zone holds.
#[derive(Debug, Clone)]
pub(crate) struct HeldPack {
    /// The id the pack is found by (its JSON's `id` when it was added).
    pub id: String,
    pub json: Value,
    pub script: VecDeque<StepKind>,
    /// The validation method a verification PATCH asked for when a pack's
    /// `validation_method` cannot hold it (`cname`): SSL verification
    /// shows it instead of the pack's.
    pub verification_method: Option<String>,
}

impl HeldPack {
    /// `json`, found by `id`, with no script.
    pub fn new(id: String, json: Value) -> Self {
        Self {
            id,
            json,
            script: VecDeque::new(),
            verification_method: None,
        }
    }
}

/// What every zone starts with, from the fragment's examples.
#[derive(Debug, Clone)]
pub(crate) struct Documented {
    /// The pack the default zone holds, which generated packs copy.
    pub pack: Value,
    /// The Automatic SSL/TLS setting.
    pub ssl_automatic_mode: Value,
    /// The Universal SSL settings.
    pub universal_ssl: Value,
    /// The DCV delegation UUID.
    pub dcv_delegation_uuid: String,
}

/// One zone.
#[derive(Debug, Clone)]
pub(crate) struct ZoneState {
    /// In the order they were added: the order of the list.
    pub packs: Vec<HeldPack>,
    /// The zone's Automatic SSL/TLS setting, as stored.
    pub ssl_automatic_mode: Value,
    /// The zone's Universal SSL settings, as stored.
    pub universal_ssl: Value,
    /// The `uuid` of the zone's DCV delegation CNAME targets.
    pub dcv_delegation_uuid: String,
    /// The quota's `advanced.allocated`, once a test set it.
    pub quota_allocated: Option<i64>,
    /// The scripts of the packs the zone's next orders create, one per
    /// order, first in first out.
    pub order_scripts: VecDeque<VecDeque<StepKind>>,
}

/// What a request to a modelled operation that gets the success reply is
/// answered.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// HTTP 200: the operation's envelope around `result` (and
    /// `result_info`, for a list).
    Success {
        result: Value,
        result_info: Option<Value>,
    },
    /// A failure envelope.
    Failure {
        status: u16,
        errors: Vec<Value>,
        result: Value,
    },
    /// HTTP 429 with `Retry-After`.
    RateLimited(Duration),
}

impl Outcome {
    pub(crate) fn result(result: Value) -> Self {
        Self::Success {
            result,
            result_info: None,
        }
    }

    fn pack_not_found() -> Self {
        Self::Failure {
            status: 404,
            errors: vec![error_entry(codes::NOT_FOUND)],
            result: Value::Null,
        }
    }
}

impl ZoneState {
    /// A zone holding `packs`, with the documented settings and UUID.
    fn new(packs: Vec<HeldPack>, documented: &Documented) -> Self {
        Self {
            packs,
            ssl_automatic_mode: documented.ssl_automatic_mode.clone(),
            universal_ssl: documented.universal_ssl.clone(),
            dcv_delegation_uuid: documented.dcv_delegation_uuid.clone(),
            quota_allocated: None,
            order_scripts: VecDeque::new(),
        }
    }

    pub fn pack_mut(&mut self, id: &str) -> Option<&mut HeldPack> {
        self.packs.iter_mut().find(|pack| pack.id == id)
    }

    /// Adds `pack`, or replaces the pack with its id in place.
    pub fn put(&mut self, pack: HeldPack) {
        match self.pack_mut(&pack.id) {
            Some(held) => *held = pack,
            None => self.packs.push(pack),
        }
    }

    /// `GET` of a pack: the pack after its script's next step, or 404.
    pub fn get_pack(&mut self, id: &str) -> Outcome {
        let Some(index) = self.packs.iter().position(|pack| pack.id == id) else {
            return Outcome::pack_not_found();
        };
        let pack = &mut self.packs[index];
        match pack.script.pop_front() {
            None => Outcome::result(pack.json.clone()),
            Some(StepKind::Status { status, fields }) => {
                if let Value::Object(pack) = &mut pack.json {
                    pack.insert("status".into(), json!(status));
                    pack.extend(fields);
                }
                Outcome::result(pack.json.clone())
            }
            Some(StepKind::Failure { status, errors }) => Outcome::Failure {
                status,
                errors,
                result: Value::Null,
            },
            Some(StepKind::RateLimited(retry_after)) => Outcome::RateLimited(retry_after),
            Some(StepKind::Gone) => {
                self.packs.remove(index);
                Outcome::pack_not_found()
            }
        }
    }

    /// `PATCH` of a pack: with a `body` (stateful mode), the documented
    /// effects first (see [`edit_pack`]); the pack, or 404.
    pub fn edit_pack(&mut self, id: &str, body: Option<&Value>) -> Outcome {
        let Some(pack) = self.pack_mut(id) else {
            return Outcome::pack_not_found();
        };
        if let Some(body) = body {
            edit_pack(&mut pack.json, body);
        }
        Outcome::result(pack.json.clone())
    }

    /// The list: one page of the zone's packs (see `list::page`).
    pub fn list_packs(&self, query: &BTreeMap<String, Value>) -> Outcome {
        let packs: Vec<&Value> = self.packs.iter().map(|pack| &pack.json).collect();
        let (items, info) = list::page(&packs, query);
        Outcome::Success {
            result: Value::Array(items),
            result_info: Some(info),
        }
    }

    /// `GET` of the setting (see [`presented_setting`]).
    pub fn get_setting(&self) -> Outcome {
        Outcome::result(presented_setting(&self.ssl_automatic_mode))
    }

    /// `PATCH` of the setting: with a `body` (stateful mode), the
    /// documented effects first (see [`edit_setting`]); the setting.
    pub fn edit_setting(&mut self, body: Option<&Value>, now: SystemTime) -> Outcome {
        if let Some(body) = body {
            edit_setting(&mut self.ssl_automatic_mode, body, now);
        }
        Outcome::result(self.ssl_automatic_mode.clone())
    }

    /// `GET` of the Universal SSL settings: as stored.
    pub fn get_universal_ssl(&self) -> Outcome {
        Outcome::result(self.universal_ssl.clone())
    }

    /// `PATCH` of the Universal SSL settings: with a `body` (stateful
    /// mode), `enabled` is stored if the body has it (upstream: "Patch
    /// Universal SSL Settings for a Zone"); the settings.
    pub fn edit_universal_ssl(&mut self, body: Option<&Value>) -> Outcome {
        if let (Some(enabled), Value::Object(settings)) = (
            body.and_then(|body| body.get("enabled")),
            &mut self.universal_ssl,
        ) {
            settings.insert("enabled".into(), enabled.clone());
        }
        Outcome::result(self.universal_ssl.clone())
    }

    /// `GET` of the DCV delegation UUID.
    pub fn get_dcv_delegation_uuid(&self) -> Outcome {
        Outcome::result(json!({ "uuid": self.dcv_delegation_uuid }))
    }
}

/// Every zone of a mock.
#[derive(Debug)]
pub(crate) struct Zones {
    /// The zone every zone id not modelled answers as.
    default: ZoneState,
    modelled: BTreeMap<String, ZoneState>,
    /// What zones start with.
    documented: Documented,
    /// Generated pack ids so far (ids are unique across the mock).
    generated: u64,
}

impl Zones {
    /// The default zone holding the documented pack (found by its `id`),
    /// and no modelled zone.
    pub fn new(documented: Documented) -> Self {
        let id = documented
            .pack
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let pack = HeldPack::new(id, documented.pack.clone());
        Self {
            default: ZoneState::new(vec![pack], &documented),
            modelled: BTreeMap::new(),
            documented,
            generated: 0,
        }
    }

    /// The zone a request to `zone_id` reaches: the modelled one, or the
    /// default zone.
    pub fn reached(&mut self, zone_id: &str) -> &mut ZoneState {
        match self.modelled.get_mut(zone_id) {
            Some(zone) => zone,
            None => &mut self.default,
        }
    }

    /// `Some(id)`: the zone `id`, modelled from now on (no packs, the
    /// documented settings); `None`: the default zone.
    pub fn zone_mut(&mut self, id: Option<&str>) -> &mut ZoneState {
        let Some(id) = id else {
            return &mut self.default;
        };
        let documented = &self.documented;
        self.modelled
            .entry(id.to_owned())
            .or_insert_with(|| ZoneState::new(Vec::new(), documented))
    }

    /// An id no other generated pack has: 32 hex digits, as the
    /// fragment's `Identifier`.
    pub fn new_pack_id(&mut self) -> String {
        self.generated += 1;
        format!("{:032x}", self.generated)
    }

    /// A new pack: the documented one with a new id and `status`.
    pub fn generated_pack(&mut self, status: &str) -> HeldPack {
        let id = self.new_pack_id();
        let mut json = self.documented.pack.clone();
        if let Value::Object(fields) = &mut json {
            fields.insert("id".into(), json!(id));
            fields.insert("status".into(), json!(status));
        }
        HeldPack::new(id, json)
    }
}

/// Stateful `PATCH` of a pack: `cloudflare_branding` is stored if the body
/// has it, and a pack in `validation_timed_out` moves to
/// `pending_validation` (validation restarted), as the documentation says.
fn edit_pack(pack: &mut Value, body: &Value) {
    let Value::Object(fields) = pack else {
        return;
    };
    if let Some(branding) = body.get("cloudflare_branding") {
        fields.insert("cloudflare_branding".into(), branding.clone());
    }
    restart_validation(fields);
}

/// A pack in `validation_timed_out` moves to `pending_validation`: what
/// restarting validation does to it (the pack PATCH's description: "the
/// former is only a validation operation for a Certificate Pack in a
/// validation_timed_out status"), and what a verification PATCH's
/// "immediate validation check" does to it in the mock.
fn restart_validation(pack: &mut Map<String, Value>) {
    if pack.get("status").and_then(Value::as_str) == Some("validation_timed_out") {
        pack.insert("status".into(), json!("pending_validation"));
    }
}

/// Stateful `PATCH` of the setting: a new `value` is stored with
/// `modified_on` now; `next_scheduled_scan` goes with `custom` and, when
/// missing, comes with `auto` (a day from now: the mock's choice).
fn edit_setting(setting: &mut Value, body: &Value, now: SystemTime) {
    let (Value::Object(fields), Some(value)) = (setting, body.get("value")) else {
        return;
    };
    if fields.get("value") == Some(value) {
        return;
    }
    fields.insert("value".into(), value.clone());
    fields.insert("modified_on".into(), json!(rfc3339(now)));
    if value == "auto" {
        if fields.get("next_scheduled_scan").is_none_or(Value::is_null) {
            fields.insert(
                "next_scheduled_scan".into(),
                json!(rfc3339(now + NEXT_SCAN_AFTER)),
            );
        }
    } else {
        fields.remove("next_scheduled_scan");
    }
}

/// What `GET` answers for `setting`: as stored, except that
/// `next_scheduled_scan` is left out unless `value` is `auto` (the
/// operation's description: "If the system is disabled,
/// next_scheduled_scan will not be present").
fn presented_setting(setting: &Value) -> Value {
    let mut setting = setting.clone();
    if let Value::Object(fields) = &mut setting
        && fields.get("value").and_then(Value::as_str) != Some("auto")
    {
        fields.remove("next_scheduled_scan");
    }
    setting
}

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use super::*;

    pub(super) fn documented_setting() -> Value {
        json!({
            "editable": true, "id": "ssl_automatic_mode", "value": "auto",
            "modified_on": "2014-01-01T05:20:00.12345Z",
            "next_scheduled_scan": "2014-02-01T05:20:00.12345Z"
        })
    }

    pub(super) fn zones() -> Zones {
        Zones::new(Documented {
            pack: json!({ "id": "documented", "status": "initializing" }),
            ssl_automatic_mode: documented_setting(),
            universal_ssl: json!({ "enabled": true }),
            dcv_delegation_uuid: "abc123def456ghi7".into(),
        })
    }

    #[test]
    fn a_restart_moves_only_a_timed_out_pack() {
        let mut pack = json!({ "status": "validation_timed_out", "cloudflare_branding": false });
        edit_pack(&mut pack, &json!({}));
        assert_eq!(pack["status"], "pending_validation");
        assert_eq!(pack["cloudflare_branding"], false);
        pack["status"] = json!("active");
        edit_pack(&mut pack, &json!({ "cloudflare_branding": true }));
        assert_eq!(
            pack,
            json!({ "status": "active", "cloudflare_branding": true })
        );
    }

    #[test]
    fn the_next_scan_follows_the_value() {
        let now = UNIX_EPOCH + Duration::from_secs(1_388_534_400);
        let mut setting = documented_setting();
        edit_setting(&mut setting, &json!({ "value": "custom" }), now);
        assert_eq!(setting["value"], "custom");
        assert_eq!(setting["modified_on"], "2014-01-01T00:00:00.000000Z");
        assert_eq!(setting.get("next_scheduled_scan"), None);
        edit_setting(&mut setting, &json!({ "value": "auto" }), now);
        assert_eq!(
            setting["next_scheduled_scan"],
            "2014-01-02T00:00:00.000000Z"
        );

        let mut stored = documented_setting();
        stored["value"] = json!("custom");
        assert_eq!(presented_setting(&stored).get("next_scheduled_scan"), None);
        assert!(presented_setting(&documented_setting())["next_scheduled_scan"].is_string());
    }

    #[test]
    fn zones_not_modelled_are_the_default_zone_and_modelled_ones_their_own() {
        let mut zones = zones();
        zones.reached("elsewhere").ssl_automatic_mode["value"] = json!("custom");
        assert_eq!(
            zones.reached("anywhere").ssl_automatic_mode["value"],
            "custom"
        );
        assert_eq!(zones.zone_mut(None).packs[0].id, "documented");

        let modelled = zones.zone_mut(Some("z"));
        assert!(modelled.packs.is_empty(), "a modelled zone starts empty");
        assert_eq!(modelled.ssl_automatic_mode, documented_setting());
        modelled.ssl_automatic_mode["editable"] = json!(false);
        assert_eq!(zones.reached("z").ssl_automatic_mode["editable"], false);
        assert_eq!(zones.reached("y").ssl_automatic_mode["editable"], true);
        assert!(matches!(
            zones.reached("z").get_pack("documented"),
            Outcome::Failure { status: 404, .. }
        ));
    }

    #[test]
    fn generated_packs_have_distinct_identifier_shaped_ids() {
        let mut zones = zones();
        let first = zones.generated_pack("active");
        let second = zones.generated_pack("expired");
        assert_ne!(first.id, second.id);
        assert_eq!(first.id.len(), 32);
        assert_eq!(first.json["id"], json!(first.id));
        assert_eq!(second.json["status"], "expired");
        assert_eq!(first.json["status"], "active");
    }
}
