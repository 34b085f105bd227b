//! The resources behind the answers: certificate packs and Automatic
//! SSL/TLS settings, per zone, and what each operation reads or changes.
//!
//! Two tiers, so that tests written for the single-pack mock keep working:
//!
//! - a zone nobody modelled (no `mock.zone(id)`) answers from the *default*
//!   pack and setting, the resources of the operation handles
//!   (`mock.edit_certificate_pack().status(…)`): every pack id is that one
//!   pack, and every such zone shares that one setting;
//! - a modelled zone holds its own packs, by id (an id it does not hold is
//!   a 404), and its own setting, which follows the default one until it is
//!   set or changed for that zone.
//!
//! This is a model of what the documentation says, not Cloudflare's state
//! machine: nothing changes over time, only through the calls listed in the
//! crate's README and the scripts a test sets.

mod list;

use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

use crate::check::Routed;
use crate::codes;
use crate::documented;
use crate::operation_id::OperationId;
use crate::server::error_entry;
use crate::time::rfc3339;

/// How far after a stateful switch to `auto` the mock puts
/// `next_scheduled_scan`: the documentation does not say when the next scan
/// is, only that an enabled setting has one.
const NEXT_SCAN_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// One step of a held pack's script, taken by one `GET` of that pack.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum StepKind {
    /// The pack moves to this status, and the `GET` answers it.
    Status(String),
    /// The `GET` answers this failure envelope; the pack stays as it is.
    Failure { status: u16, errors: Vec<Value> },
    /// The `GET` answers 429 with `Retry-After`; the pack stays as it is.
    RateLimited(Duration),
    /// The pack is gone from its zone: this `GET` and every later request
    /// for it answer 404.
    Gone,
}

/// A pack a modelled zone holds.
#[derive(Debug, Clone)]
pub(crate) struct HeldPack {
    /// The id the pack is found by (its JSON's `id` when it was added).
    pub id: String,
    pub json: Value,
    pub script: VecDeque<StepKind>,
}

/// A modelled zone.
#[derive(Debug, Clone, Default)]
pub(crate) struct ZoneState {
    /// In the order they were added: the order of the list.
    pub packs: Vec<HeldPack>,
    /// `None` while the zone's setting is the default one.
    pub setting: Option<Value>,
}

impl ZoneState {
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
}

/// What a conforming request that gets the success reply is answered.
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
    fn result(result: Value) -> Self {
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

/// Every pack and setting of a mock.
#[derive(Debug)]
pub(crate) struct Resources {
    /// The pack of every zone that is not modelled, whatever the id.
    pub default_pack: Value,
    /// The setting of every zone that is not modelled, and of a modelled
    /// one until it has its own.
    pub default_setting: Value,
    pub zones: BTreeMap<String, ZoneState>,
    /// Generated pack ids so far (ids are unique across the mock).
    generated: u64,
}

/// The documented example pack (the `result` of the pack edit example).
pub(crate) fn documented_pack() -> Value {
    documented::parsed(documented::EDIT_CERTIFICATE_PACK)["result"].take()
}

/// The documented example setting (the `result` of the setting example).
pub(crate) fn documented_setting() -> Value {
    documented::parsed(documented::EDIT_SSL_AUTOMATIC_MODE)["result"].take()
}

impl Resources {
    pub fn documented() -> Self {
        Self {
            default_pack: documented_pack(),
            default_setting: documented_setting(),
            zones: BTreeMap::new(),
            generated: 0,
        }
    }

    /// The zone, modelled from now on.
    pub fn zone_mut(&mut self, zone: &str) -> &mut ZoneState {
        self.zones.entry(zone.to_owned()).or_default()
    }

    /// A new pack: the documented example with an id no other generated
    /// pack has (32 hex digits, as the fragment's `Identifier`) and `status`.
    pub fn generated_pack(&mut self, status: &str) -> HeldPack {
        self.generated += 1;
        let id = format!("{:032x}", self.generated);
        let mut json = documented_pack();
        json["id"] = json!(id);
        json["status"] = json!(status);
        HeldPack {
            id,
            json,
            script: VecDeque::new(),
        }
    }

    /// The setting `zone` answers with now.
    pub fn setting(&self, zone: &str) -> &Value {
        self.zones
            .get(zone)
            .and_then(|z| z.setting.as_ref())
            .unwrap_or(&self.default_setting)
    }

    /// The setting to change for `zone`: its own (made from the default one
    /// if it had none) when it is modelled, else the default one.
    pub fn setting_mut(&mut self, zone: &str) -> &mut Value {
        let Self {
            zones,
            default_setting,
            ..
        } = self;
        match zones.get_mut(zone) {
            Some(zone) => zone.setting.get_or_insert_with(|| default_setting.clone()),
            None => default_setting,
        }
    }

    /// The answer to `routed` when its operation's reply is success; in
    /// `stateful` mode a PATCH first changes the resource.
    pub fn answer(&mut self, routed: &Routed, stateful: bool, now: SystemTime) -> Outcome {
        let param = |name: &str| routed.params.get(name).map_or("", String::as_str);
        let (zone, pack_id) = (param("zone_id"), param("certificate_pack_id"));
        let body = routed.body.as_ref().filter(|_| stateful);
        match routed.operation {
            OperationId::GetCertificatePack => self.get_pack(zone, pack_id),
            OperationId::EditCertificatePack => {
                let pack = match self.zones.get_mut(zone) {
                    None => &mut self.default_pack,
                    Some(held) => match held.pack_mut(pack_id) {
                        Some(pack) => &mut pack.json,
                        None => return Outcome::pack_not_found(),
                    },
                };
                if let Some(body) = body {
                    edit_pack(pack, body);
                }
                Outcome::result(pack.clone())
            }
            OperationId::ListCertificatePacks => {
                let packs: Vec<&Value> = match self.zones.get(zone) {
                    None => vec![&self.default_pack],
                    Some(held) => held.packs.iter().map(|pack| &pack.json).collect(),
                };
                list::page(&packs, &routed.query)
            }
            OperationId::GetSslAutomaticMode => {
                Outcome::result(presented_setting(self.setting(zone)))
            }
            OperationId::EditSslAutomaticMode => {
                if let Some(body) = body {
                    edit_setting(self.setting_mut(zone), body, now);
                }
                Outcome::result(self.setting(zone).clone())
            }
        }
    }

    /// `GET` of a pack: the default pack in a zone nobody modelled; else the
    /// held pack after its script's next step, or 404.
    fn get_pack(&mut self, zone: &str, id: &str) -> Outcome {
        let Some(held) = self.zones.get_mut(zone) else {
            return Outcome::result(self.default_pack.clone());
        };
        let Some(index) = held.packs.iter().position(|pack| pack.id == id) else {
            return Outcome::pack_not_found();
        };
        let pack = &mut held.packs[index];
        match pack.script.pop_front() {
            None => Outcome::result(pack.json.clone()),
            Some(StepKind::Status(status)) => {
                if let Value::Object(fields) = &mut pack.json {
                    fields.insert("status".into(), json!(status));
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
                held.packs.remove(index);
                Outcome::pack_not_found()
            }
        }
    }

    /// The `result` of a failure reply set on the operation: like the
    /// documented 1008 failure, a setting operation echoes the zone's
    /// setting; the others carry none.
    pub fn failure_result(&self, routed: &Routed) -> Value {
        let zone = routed.params.get("zone_id").map_or("", String::as_str);
        match routed.operation {
            OperationId::GetSslAutomaticMode | OperationId::EditSslAutomaticMode => {
                self.setting(zone).clone()
            }
            OperationId::GetCertificatePack
            | OperationId::ListCertificatePacks
            | OperationId::EditCertificatePack => Value::Null,
        }
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
    if fields.get("status").and_then(Value::as_str) == Some("validation_timed_out") {
        fields.insert("status".into(), json!("pending_validation"));
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
    fn a_zone_setting_follows_the_default_until_it_has_its_own() {
        let mut resources = Resources::documented();
        resources.zone_mut("z");
        resources.default_setting["editable"] = json!(false);
        assert_eq!(resources.setting("z")["editable"], false);
        resources.setting_mut("z")["value"] = json!("custom");
        resources.default_setting["editable"] = json!(true);
        assert_eq!(resources.setting("z")["editable"], false, "its own now");
        assert_eq!(resources.setting("z")["value"], "custom");
        assert_eq!(resources.setting("elsewhere")["value"], "auto");
    }

    #[test]
    fn generated_packs_have_distinct_identifier_shaped_ids() {
        let mut resources = Resources::documented();
        let first = resources.generated_pack("active");
        let second = resources.generated_pack("expired");
        assert_ne!(first.id, second.id);
        assert_eq!(first.id.len(), 32);
        assert_eq!(first.json["id"], json!(first.id));
        assert_eq!(second.json["status"], "expired");
    }
}
