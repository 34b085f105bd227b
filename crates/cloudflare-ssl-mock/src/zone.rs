//! Handles on a zone and the packs it holds: [`Zone`] (from
//! `mock.zone(id)` and `mock.default_zone()`) and [`Pack`]. The one set of
//! setters for what success answers carry; the steps of scripts are
//! `step.rs`'s.

use std::fmt;

use cloudflare_ssl::types::{
    CertificatePack, CertificatePackStatus, CertificatePackType, SslAutomaticModeSetting,
    SslAutomaticModeValue, UniversalSslSettings, ValidationRecord,
};
use serde_json::{Value, json};

use crate::resource::{decoded, set_field};
use crate::state::Shared;
use crate::step::{Step, records_json};
use crate::zones::{HeldPack, ZoneState};

/// A zone: the certificate packs it holds, by id, its Automatic SSL/TLS
/// and Universal SSL settings, its DCV delegation UUID, its quota, and the
/// scripts of the packs its next orders create. From `mock.zone(id)`,
/// which models the zone `id` (a zone of its own from then on, starting
/// with no packs and the documented settings and UUID), or
/// `mock.default_zone()`, the zone every zone id not modelled is (starting
/// with the documented pack, settings and UUID).
///
/// `GET` and `PATCH` of a pack the zone does not hold answer 404
/// ([`codes::NOT_FOUND`](crate::codes::NOT_FOUND)), and its list holds exactly its packs, in the
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
        self.with(|zone| zone.put(HeldPack::new(id, pack)));
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

    /// The script of the pack the zone's next order creates: the steps its
    /// `GET`s take, as [`Pack::script`] (the order itself answers the pack
    /// in `initializing`). Each call queues one script for one order, first
    /// in first out; an order with none queued gets no script, so its pack
    /// stays in `initializing` until a test moves it:
    ///
    /// ```
    /// # async fn f(mock: &cloudflare_ssl_mock::MockCloudflare, records: Vec<cloudflare_ssl::types::ValidationRecord>) {
    /// # use cloudflare_ssl_mock::Step;
    /// mock.zone("023e105f4ecef8ad9ca31a8372d0c353").on_order([
    ///     Step::status("pending_validation").validation_records(records),
    ///     Step::status("pending_issuance"),
    ///     Step::status("active"),
    /// ]);
    /// # }
    /// ```
    pub fn on_order<S: Into<Step>>(&self, steps: impl IntoIterator<Item = S>) -> &Self {
        let script = steps.into_iter().map(|step| step.into().0).collect();
        self.with(|zone| zone.order_scripts.push_back(script));
        self
    }

    /// How many order scripts ([`on_order`](Self::on_order)) no order has
    /// taken yet.
    pub fn pending_order_scripts(&self) -> usize {
        self.with(|zone| zone.order_scripts.len())
    }

    /// The quota's `advanced.allocated`. Until it is set the quota leaves
    /// it out, as the fragment's example does; `advanced.used` is always
    /// the number of packs of type `advanced` the zone holds (orders add
    /// them, deletes remove them). The mock does not refuse an order past
    /// the quota.
    pub fn quota_allocated(&self, allocated: i64) -> &Self {
        self.with(|zone| zone.quota_allocated = Some(allocated));
        self
    }

    /// The zone's DCV delegation UUID (`GET …/dcv_delegation/uuid`), the
    /// `<uuid>` of its delegation CNAME targets
    /// (`<host>.<uuid>.dcv.cloudflare.com`). Default: the fragment's
    /// example, `abc123def456ghi7`.
    pub fn dcv_delegation_uuid(&self, uuid: &str) -> &Self {
        self.with(|zone| zone.dcv_delegation_uuid = uuid.to_owned());
        self
    }

    /// The zone's Universal SSL `enabled` (default: the fragment's example,
    /// `true`).
    pub fn universal_ssl_enabled(&self, enabled: bool) -> &Self {
        self.with(|zone| {
            set_field(
                &mut zone.universal_ssl,
                "Universal SSL settings",
                "enabled",
                json!(enabled),
            )
        });
        self
    }

    /// The zone's Universal SSL settings as stored now (in stateful mode,
    /// after the PATCHes so far).
    ///
    /// # Panics
    /// If they do not decode (they always do: only `enabled` is ever set).
    pub fn universal_ssl_settings(&self) -> UniversalSslSettings {
        let settings = self.with(|zone| zone.universal_ssl.clone());
        decoded(&settings, "Universal SSL settings", serde_json::from_value)
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

    /// The pack's `validation_records`: the TXT, HTTP or e-mail records
    /// to publish for validation (a script's status step can bring them
    /// too: [`Step::validation_records`]).
    pub fn validation_records(&self, records: impl IntoIterator<Item = ValidationRecord>) -> &Self {
        self.set_field("validation_records", records_json(records))
    }

    /// The pack's `dcv_delegation_records`: the CNAMEs of delegated DCV.
    pub fn dcv_delegation_records(
        &self,
        records: impl IntoIterator<Item = ValidationRecord>,
    ) -> &Self {
        self.set_field("dcv_delegation_records", records_json(records))
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
