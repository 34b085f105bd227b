//! Handles on a zone, the packs it holds and their scripts: [`Zone`] (from
//! `mock.zone(id)` and `mock.default_zone()`), [`Pack`] and [`Step`]. The
//! one set of setters for what success answers carry.

use std::collections::VecDeque;
use std::fmt;
use std::time::Duration;

use cloudflare_ssl::types::{
    CertificatePack, CertificatePackStatus, CertificatePackType, SslAutomaticModeSetting,
    SslAutomaticModeValue,
};
use serde_json::{Value, json};

use crate::codes;
use crate::envelope::{checked_status, error_entry};
use crate::resource::{decoded, set_field};
use crate::state::Shared;
use crate::zones::{HeldPack, StepKind, ZoneState};

/// A zone: the certificate packs it holds, by id, and its Automatic
/// SSL/TLS setting. From `mock.zone(id)`, which models the zone `id` (a
/// zone of its own from then on, starting with no packs and the documented
/// setting), or `mock.default_zone()`, the zone every zone id not modelled
/// is (starting with the documented pack and setting).
///
/// `GET` and `PATCH` of a pack the zone does not hold answer 404
/// ([`codes::NOT_FOUND`]), and its list holds exactly its packs, in the
/// order they were added.
///
/// Setters take effect at once and chain, like the replies':
/// `mock.zone(ZONE).add_packs(3, "active").value("custom");`.
pub struct Zone<'a> {
    shared: &'a Shared,
    /// `None` for the default zone.
    id: Option<String>,
}

impl fmt::Debug for Zone<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Zone")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl<'a> Zone<'a> {
    /// The handle on the zone `id` (modelled from now on), or with `None`
    /// on the default zone.
    pub(crate) fn new(shared: &'a Shared, id: Option<&str>) -> Self {
        shared.lock().zones.zone_mut(id);
        Self {
            shared,
            id: id.map(str::to_owned),
        }
    }

    fn with<R>(&self, change: impl FnOnce(&mut ZoneState) -> R) -> R {
        change(self.shared.lock().zones.zone_mut(self.id.as_deref()))
    }

    /// The zone's id; `None` for the default zone, which every zone id not
    /// modelled is.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// Adds `pack`, found by its `id`; a pack the zone already holds with
    /// that id is replaced, in its place in the list.
    pub fn add_pack(&self, pack: &CertificatePack) -> &Self {
        self.add_pack_json(serde_json::to_value(pack).expect("CertificatePack serializes"))
    }

    /// [`add_pack`](Self::add_pack) with any JSON object, even one the
    /// fragment does not allow, as long as it has a string `id` to find it
    /// by.
    ///
    /// # Panics
    /// If `pack` has no string `id`.
    pub fn add_pack_json(&self, pack: Value) -> &Self {
        let Some(id) = pack.get("id").and_then(Value::as_str).map(str::to_owned) else {
            panic!("cloudflare-ssl-mock: a pack added to a zone needs a string `id`: {pack}");
        };
        self.with(|zone| {
            zone.put(HeldPack {
                id,
                json: pack,
                script: VecDeque::new(),
            });
        });
        self
    }

    /// Adds `count` packs in `status`: copies of the documented example
    /// pack, each with an id of its own (32 hex digits, unique across the
    /// mock; [`pack_ids`](Self::pack_ids) lists them).
    pub fn add_packs(&self, count: usize, status: impl Into<CertificatePackStatus>) -> &Self {
        let status = status.into();
        let mut state = self.shared.lock();
        let packs: Vec<HeldPack> = (0..count)
            .map(|_| state.zones.generated_pack(status.as_str()))
            .collect();
        let zone = state.zones.zone_mut(self.id.as_deref());
        for pack in packs {
            zone.put(pack);
        }
        drop(state);
        self
    }

    /// Removes the pack `id`, if the zone holds it: later requests for it
    /// answer 404.
    pub fn remove_pack(&self, id: &str) -> &Self {
        self.with(|zone| zone.packs.retain(|pack| pack.id != id));
        self
    }

    /// Whether the zone holds a pack `id` now.
    pub fn has_pack(&self, id: &str) -> bool {
        self.with(|zone| zone.pack_mut(id).is_some())
    }

    /// The ids of the packs the zone holds, in list order.
    pub fn pack_ids(&self) -> Vec<String> {
        self.with(|zone| zone.packs.iter().map(|pack| pack.id.clone()).collect())
    }

    /// The handle on the pack `id`: its fields and its script.
    ///
    /// # Panics
    /// If the zone does not hold it.
    pub fn pack(&self, id: &str) -> Pack<'a> {
        let pack = Pack {
            shared: self.shared,
            zone: self.id.clone(),
            id: id.to_owned(),
        };
        pack.with(|_| ());
        pack
    }

    /// Every pack the zone holds, as the client's type, in list order
    /// (whatever their status).
    ///
    /// # Panics
    /// If one was set to JSON that does not decode as a pack.
    pub fn packs(&self) -> Vec<CertificatePack> {
        let packs: Vec<Value> =
            self.with(|zone| zone.packs.iter().map(|p| p.json.clone()).collect());
        packs
            .iter()
            .map(|pack| decoded(pack, "certificate pack", serde_json::from_value))
            .collect()
    }

    fn with_setting<R>(&self, change: impl FnOnce(&mut Value) -> R) -> R {
        self.with(|zone| change(&mut zone.ssl_automatic_mode))
    }

    fn set_setting_field(&self, field: &str, value: Value) -> &Self {
        self.with_setting(|setting| set_field(setting, "setting", field, value));
        self
    }

    /// The zone's setting's `value`, documented (`auto`, `custom`) or not.
    pub fn value(&self, value: impl Into<SslAutomaticModeValue>) -> &Self {
        self.set_setting_field("value", json!(value.into().as_str()))
    }

    /// The zone's setting's `editable`.
    pub fn editable(&self, editable: bool) -> &Self {
        self.set_setting_field("editable", json!(editable))
    }

    /// The zone's whole setting.
    pub fn set_setting(&self, setting: &SslAutomaticModeSetting) -> &Self {
        let setting = serde_json::to_value(setting).expect("SslAutomaticModeSetting serializes");
        self.set_setting_json(setting)
    }

    /// The zone's whole setting as any JSON, even JSON the fragment does
    /// not allow.
    ///
    /// If it is not a JSON object, the field setters (`value`, `editable`)
    /// panic afterwards with a message saying so.
    pub fn set_setting_json(&self, setting: Value) -> &Self {
        self.with_setting(|own| *own = setting);
        self
    }

    /// The zone's setting as stored now (in stateful mode, after the
    /// requests so far; a `GET` leaves `next_scheduled_scan` out unless
    /// `value` is `auto`).
    ///
    /// # Panics
    /// If it was set to JSON that does not decode as a setting.
    pub fn setting(&self) -> SslAutomaticModeSetting {
        decoded(&self.setting_json(), "setting", serde_json::from_value)
    }

    /// [`setting`](Self::setting) as JSON.
    pub fn setting_json(&self) -> Value {
        self.with_setting(|setting| setting.clone())
    }
}

/// A pack a zone holds, from [`Zone::pack`]: its fields, and the script
/// its `GET`s walk through.
pub struct Pack<'a> {
    shared: &'a Shared,
    /// `None` for the default zone.
    zone: Option<String>,
    id: String,
}

impl fmt::Debug for Pack<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pack")
            .field("zone", &self.zone)
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl Pack<'_> {
    fn with<R>(&self, change: impl FnOnce(&mut HeldPack) -> R) -> R {
        let mut state = self.shared.lock();
        let zone = state.zones.zone_mut(self.zone.as_deref());
        let Some(pack) = zone.pack_mut(&self.id) else {
            let held: Vec<&str> = zone.packs.iter().map(|p| p.id.as_str()).collect();
            let which = match &self.zone {
                Some(id) => format!("zone {id:?}"),
                None => "the default zone".to_owned(),
            };
            let message = format!(
                "cloudflare-ssl-mock: {which} holds no pack {:?} (it holds {held:?}; a zone modelled with `zone(id)` starts without packs, the documented pack is the default zone's; a script's `gone` step removes its pack)",
                self.id
            );
            drop(state);
            panic!("{message}");
        };
        change(pack)
    }

    fn set_field(&self, field: &str, value: Value) -> &Self {
        self.with(|pack| set_field(&mut pack.json, "certificate pack", field, value));
        self
    }

    /// The pack's id (the one the zone finds it by).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The pack's `status`, documented or not.
    pub fn status(&self, status: impl Into<CertificatePackStatus>) -> &Self {
        self.set_field("status", json!(status.into().as_str()))
    }

    /// The pack's `type`, documented or not.
    pub fn type_(&self, type_: impl Into<CertificatePackType>) -> &Self {
        self.set_field("type", json!(type_.into().as_str()))
    }

    /// The pack's `cloudflare_branding`.
    pub fn cloudflare_branding(&self, cloudflare_branding: bool) -> &Self {
        self.set_field("cloudflare_branding", json!(cloudflare_branding))
    }

    /// The whole pack. Its `id` must stay the one the zone finds it by
    /// (remove it and add another to change it).
    ///
    /// # Panics
    /// If `pack.id` is another id.
    pub fn set_pack(&self, pack: &CertificatePack) -> &Self {
        self.set_pack_json(serde_json::to_value(pack).expect("CertificatePack serializes"))
    }

    /// The whole pack as any JSON, even JSON the fragment does not allow;
    /// without an `id`, or not even an object, it is still found by its id.
    ///
    /// # Panics
    /// If the JSON has a string `id` other than this pack's.
    pub fn set_pack_json(&self, pack: Value) -> &Self {
        if let Some(other) = pack.get("id").and_then(Value::as_str)
            && other != self.id
        {
            panic!(
                "cloudflare-ssl-mock: pack {:?} cannot take the id {other:?}; remove it and add the other pack instead",
                self.id
            );
        }
        self.with(|held| held.json = pack);
        self
    }

    /// The steps the next `GET`s of this pack take, one each, replacing any
    /// earlier script: `.script(["pending_validation", "pending_issuance",
    /// "active"])`. A status step changes the pack (the list and a `PATCH`
    /// see it too) and answers it; once the script is used up, `GET`s
    /// answer the pack as it stands, so the last status stays. See
    /// [`Step`] for failures, rate limits and a pack that goes away.
    ///
    /// Only a `GET` of this pack that gets the success reply takes a step:
    /// not the list, not a `PATCH`, not a request the reply's own
    /// `rate_limited` or `api_error` answered. Scripts run in stateless mode
    /// too.
    pub fn script<S: Into<Step>>(&self, steps: impl IntoIterator<Item = S>) -> &Self {
        let script = steps.into_iter().map(|step| step.into().0).collect();
        self.with(|pack| pack.script = script);
        self
    }

    /// How many steps of the script are left.
    pub fn remaining_steps(&self) -> usize {
        self.with(|pack| pack.script.len())
    }

    /// The pack as stored now, as the client's type.
    ///
    /// # Panics
    /// If it was set to JSON that does not decode as a pack.
    pub fn pack(&self) -> CertificatePack {
        decoded(
            &self.pack_json(),
            "certificate pack",
            serde_json::from_value,
        )
    }

    /// [`pack`](Self::pack) as JSON.
    pub fn pack_json(&self) -> Value {
        self.with(|pack| pack.json.clone())
    }
}

/// One step of a pack's [script](Pack::script): what one `GET` of the pack
/// answers. A status converts into a step, so a script of statuses alone
/// is a list of strings; mixed scripts spell each step out:
///
/// ```
/// # use std::time::Duration;
/// # use cloudflare_ssl_mock::Step;
/// let script = [
///     Step::status("pending_validation"),
///     Step::rate_limited(Duration::from_secs(7)),
///     Step::status("active"),
///     Step::gone(),
/// ];
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Step(pub(crate) StepKind);

impl Step {
    /// The pack moves to `status` (documented or not) and the `GET`
    /// answers it.
    pub fn status(status: impl Into<CertificatePackStatus>) -> Self {
        Self(StepKind::Status(status.into().as_str().to_owned()))
    }

    /// The `GET` answers Cloudflare's failure envelope with these codes and
    /// HTTP `status`, once; the pack stays as it is. The client retries
    /// 408, 409, 429 and 5xx, and each retry takes the next step.
    ///
    /// # Panics
    /// If `status` is not between 200 and 599.
    pub fn api_error(status: u16, codes: &[i64]) -> Self {
        Self(StepKind::Failure {
            status: checked_status(status),
            errors: codes.iter().map(|code| error_entry(*code)).collect(),
        })
    }

    /// The `GET` answers 404 with [`codes::NOT_FOUND`], once, as for a pack
    /// the zone does not hold; the pack stays (a pack not yet visible, a
    /// flaky read).
    pub fn not_found() -> Self {
        Self::api_error(404, &[codes::NOT_FOUND])
    }

    /// The `GET` answers 429 with `Retry-After` (whole seconds, rounded
    /// up; plus `retry-after-ms` for a fraction) and code
    /// [`codes::RATE_LIMITED`], once; the pack stays as it is.
    pub fn rate_limited(retry_after: Duration) -> Self {
        Self(StepKind::RateLimited(retry_after))
    }

    /// The pack is gone: the zone no longer holds it, so this `GET` and
    /// every later request for it answer 404 ([`codes::NOT_FOUND`]), and
    /// the list leaves it out. Steps after it are never taken.
    pub fn gone() -> Self {
        Self(StepKind::Gone)
    }
}

impl From<&str> for Step {
    fn from(status: &str) -> Self {
        Self::status(status)
    }
}

impl From<String> for Step {
    fn from(status: String) -> Self {
        Self::status(status)
    }
}

impl From<CertificatePackStatus> for Step {
    fn from(status: CertificatePackStatus) -> Self {
        Self::status(status)
    }
}
