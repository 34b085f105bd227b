//! Per-operation handles that set what the mock answers: the reply of
//! each operation, and the default pack and setting (the resources of
//! zones no test modelled; see `model`).

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use cloudflare_ssl::types::{
    CertificatePack, CertificatePackStatus, CertificatePackType, ResponseInfo,
    SslAutomaticModeSetting, SslAutomaticModeValue,
};
use serde_json::{Value, json};

use crate::documented;
use crate::model::{documented_pack, documented_setting};
use crate::operation_id::OperationId;
use crate::recorded::RecordedRequest;
use crate::resource::{decoded, set_field};
use crate::server::{OperationState, RateLimit, Reply, Shared, error_entry};

mod sealed {
    /// The crate's side of [`OperationKind`](super::OperationKind): the
    /// operation as the enum the mock matches on, so that a handle reaches
    /// its operation's state without going through a string.
    pub trait Sealed {
        const OPERATION: crate::operation_id::OperationId;
    }
}

/// Which operation an [`Operation`] handle configures: one marker type per
/// operation of the fragment. Sealed.
pub trait OperationKind: sealed::Sealed {
    /// The fragment's `operationId`.
    const OPERATION_ID: &'static str = <Self as sealed::Sealed>::OPERATION.as_str();
}

/// The operations whose success answer is the default certificate pack
/// ([`GetCertificatePack`], [`EditCertificatePack`]): their handles set it.
/// Sealed.
pub trait PackOperation: OperationKind {}

/// The operations whose success answer is the default Automatic SSL/TLS
/// setting ([`GetSslAutomaticMode`], [`EditSslAutomaticMode`]): their
/// handles set it. Sealed.
pub trait SettingOperation: OperationKind {}

macro_rules! operation_kinds {
    ($($(#[$doc:meta])* $name:ident $(: $resource:ident)?;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name;

        impl sealed::Sealed for $name {
            const OPERATION: OperationId = OperationId::$name;
        }

        impl OperationKind for $name {}

        $(impl $resource for $name {})?
    )*};
}

operation_kinds! {
    /// `GET /zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}`
    /// (`get_certificate_pack`).
    GetCertificatePack: PackOperation;
    /// `GET /zones/{zone_id}/ssl/certificate_packs` (`list_certificate_packs`).
    ListCertificatePacks;
    /// `PATCH /zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}`
    /// (`edit_certificate_pack`).
    EditCertificatePack: PackOperation;
    /// `GET /zones/{zone_id}/settings/ssl_automatic_mode`
    /// (`get_ssl_automatic_mode`).
    GetSslAutomaticMode: SettingOperation;
    /// `PATCH /zones/{zone_id}/settings/ssl_automatic_mode`
    /// (`edit_ssl_automatic_mode`).
    EditSslAutomaticMode: SettingOperation;
}

/// What one operation answers, from
/// [`MockCloudflare::edit_certificate_pack`](crate::MockCloudflare::edit_certificate_pack),
/// [`MockCloudflare::get_certificate_pack`](crate::MockCloudflare::get_certificate_pack)
/// and the other operations' methods.
///
/// Every setter takes effect at once (there is nothing to mount) and
/// returns the handle, so they chain:
/// `mock.edit_certificate_pack().status("expired").delay(d);`.
///
/// An operation has two independent parts:
/// - its **resource** (the certificate pack, the setting): what a success
///   answer carries as `result`. Set with [`status`](Self::status),
///   [`value`](Self::value), [`set_pack`](Self::set_pack), … These set the
///   *default* pack and setting, which every zone not modelled with
///   [`MockCloudflare::zone`](crate::MockCloudflare::zone) answers with;
///   the `GET` and the `PATCH` of a resource share it.
/// - its **reply**: the success envelope around the resource (the default),
///   or a failure ([`api_error`](Self::api_error),
///   [`success_false`](Self::success_false), [`raw`](Self::raw), …) until
///   [`success`](Self::success) or [`reset`](Self::reset). Changing the
///   resource does not change the reply.
///
/// [`rate_limited`](Self::rate_limited) and [`delay`](Self::delay) apply on
/// top of either.
pub struct Operation<'a, O> {
    shared: &'a Shared,
    kind: PhantomData<O>,
}

impl<O: OperationKind> fmt::Debug for Operation<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Operation")
            .field("operation_id", &O::OPERATION_ID)
            .finish_non_exhaustive()
    }
}

impl<'a, O: OperationKind> Operation<'a, O> {
    pub(crate) fn new(shared: &'a Shared) -> Self {
        Self {
            shared,
            kind: PhantomData,
        }
    }

    fn with<R>(&self, change: impl FnOnce(&mut OperationState) -> R) -> R {
        change(self.shared.lock().operation_mut(O::OPERATION))
    }

    /// Back to the success envelope around the resource, undoing
    /// [`api_error`](Self::api_error), [`success_false`](Self::success_false),
    /// [`raw`](Self::raw) and `documented_failure`. The delay and any
    /// remaining rate-limited answers stay.
    pub fn success(&self) -> &Self {
        self.with(|op| op.reply = Reply::Success);
        self
    }

    /// Answer with Cloudflare's failure envelope (`success: false`,
    /// `result: null`, one `errors[]` entry per code) and HTTP `status`,
    /// e.g. `api_error(403, &[10000])`. The messages are Cloudflare's for
    /// codes the mock knows (1008, 10000, …) and a placeholder otherwise;
    /// use [`api_error_with`](Self::api_error_with) to choose them.
    ///
    /// The client retries 408, 409, 429 and 5xx, so with those every retry
    /// gets the same answer.
    ///
    /// # Panics
    /// If `status` is not between 200 and 599.
    pub fn api_error(&self, status: u16, codes: &[i64]) -> &Self {
        let errors = codes.iter().map(|code| error_entry(*code)).collect();
        self.failure(status, errors)
    }

    /// [`api_error`](Self::api_error) with the `errors[]` entries spelled out.
    ///
    /// # Panics
    /// If `status` is not between 200 and 599.
    pub fn api_error_with(&self, status: u16, errors: Vec<ResponseInfo>) -> &Self {
        let errors = errors
            .iter()
            .map(|entry| serde_json::to_value(entry).expect("ResponseInfo serializes"))
            .collect();
        self.failure(status, errors)
    }

    /// Answer HTTP 200 with `success: false` and these error codes, which
    /// Cloudflare sometimes does. For the setting operations the body
    /// echoes the zone's current setting as `result`, like the documented
    /// failure.
    pub fn success_false(&self, codes: &[i64]) -> &Self {
        self.api_error(200, codes)
    }

    fn failure(&self, status: u16, errors: Vec<Value>) -> &Self {
        let status = checked_status(status);
        self.with(|op| op.reply = Reply::Failure { status, errors });
        self
    }

    /// The next `times` requests to this operation get HTTP 429 with
    /// `Retry-After` (whole seconds, rounded up as Cloudflare sends it; plus
    /// `retry-after-ms` when `retry_after` has a fraction of a second) and
    /// error code [`RATE_LIMITED`](crate::codes::RATE_LIMITED); the requests
    /// after them get the normal answer. `Duration::ZERO` keeps retrying
    /// tests fast. Replaces any earlier count.
    pub fn rate_limited(&self, times: u32, retry_after: Duration) -> &Self {
        self.with(|op| {
            op.rate_limit = Some(RateLimit {
                remaining: times,
                retry_after,
            });
        });
        self
    }

    /// Every answer of this operation (rate-limited ones included) carries
    /// `cf-ray: ray`, the request id Cloudflare's edge adds and support
    /// asks for; the client reports it on errors and with the response.
    pub fn cf_ray(&self, ray: &str) -> &Self {
        self.header("cf-ray", ray)
    }

    /// Every answer carries Cloudflare's rate-limit headers, e.g.
    /// `rate_limit_headers("\"default\";r=50;t=30", "\"default\";q=1200;w=300")`
    /// (`Ratelimit` and `Ratelimit-Policy`, in the IETF draft's syntax
    /// Cloudflare uses). Any text is sent as it is, so unparsable values
    /// can be tested too.
    pub fn rate_limit_headers(&self, ratelimit: &str, policy: &str) -> &Self {
        self.header("ratelimit", ratelimit)
            .header("ratelimit-policy", policy)
    }

    /// Every answer carries `x-should-retry: true` or `false`, with which
    /// Cloudflare overrides the client's own rules for retrying a failure.
    pub fn should_retry(&self, retry: bool) -> &Self {
        self.header("x-should-retry", if retry { "true" } else { "false" })
    }

    /// Every answer carries the header `name: value` (added after the
    /// mock's own headers; set the same name twice to send it twice).
    /// [`reset`](Self::reset) removes them.
    ///
    /// # Panics
    /// If `name` or `value` is not a valid header name or value.
    pub fn header(&self, name: &str, value: &str) -> &Self {
        assert!(
            is_token(name),
            "cloudflare-ssl-mock: {name:?} is not a valid header name"
        );
        assert!(
            value
                .bytes()
                .all(|b| b == b'\t' || (b' '..=b'~').contains(&b)),
            "cloudflare-ssl-mock: {value:?} is not a valid header value"
        );
        self.with(|op| op.headers.push((name.to_owned(), value.to_owned())));
        self
    }

    /// Hold every answer of this operation (rate-limited ones included) for
    /// `delay` before sending it, e.g. to make a client timeout fire.
    /// `Duration::ZERO` turns it off.
    pub fn delay(&self, delay: Duration) -> &Self {
        self.with(|op| op.delay = delay);
        self
    }

    /// Answer exactly `body` with HTTP `status` and `Content-Type:
    /// content_type` (no `Content-Type` at all when it is empty): an HTML
    /// error page, a truncated body, JSON the fragment does not allow, …
    ///
    /// # Panics
    /// If `status` is not between 200 and 599, or `content_type` is not a
    /// valid header value.
    pub fn raw(&self, status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> &Self {
        let status = checked_status(status);
        assert!(
            content_type
                .bytes()
                .all(|b| b == b'\t' || (b' '..=b'~').contains(&b)),
            "cloudflare-ssl-mock: content type {content_type:?} is not a valid header value"
        );
        let body = body.into();
        self.with(|op| {
            op.reply = Reply::Raw {
                status,
                content_type: content_type.to_owned(),
                body,
            };
        });
        self
    }

    /// Everything back to the documented example: reply, no delay, no rate
    /// limit, no extra headers, and the default resource the operation
    /// answers with (shared by the `GET` and the `PATCH` of a pack or of
    /// the setting; a list has none).
    pub fn reset(&self) -> &Self {
        let mut state = self.shared.lock();
        *state.operation_mut(O::OPERATION) = OperationState::documented(O::OPERATION);
        match O::OPERATION {
            OperationId::GetCertificatePack | OperationId::EditCertificatePack => {
                state.resources.default_pack = documented_pack();
            }
            OperationId::GetSslAutomaticMode | OperationId::EditSslAutomaticMode => {
                state.resources.default_setting = documented_setting();
            }
            OperationId::ListCertificatePacks => {}
        }
        self
    }

    /// The requests routed to this operation so far, in order, conforming
    /// or not.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared
            .lock()
            .requests
            .iter()
            .filter(|r| r.operation.as_deref() == Some(O::OPERATION_ID))
            .cloned()
            .collect()
    }
}

impl<O: PackOperation> Operation<'_, O> {
    fn with_pack<R>(&self, change: impl FnOnce(&mut Value) -> R) -> R {
        change(&mut self.shared.lock().resources.default_pack)
    }

    fn set_pack_field(&self, field: &str, value: Value) -> &Self {
        self.with_pack(|pack| set_field(pack, "certificate pack", field, value));
        self
    }

    /// The pack's `status`, documented or not: `.status("expired")`,
    /// `.status(CertificatePackStatus::ValidationTimedOut)`,
    /// `.status("revoked")` (not in the fragment: the client decodes it as
    /// `CertificatePackStatus::Unknown`).
    pub fn status(&self, status: impl Into<CertificatePackStatus>) -> &Self {
        self.set_pack_field("status", json!(status.into().as_str()))
    }

    /// The pack's `type`, documented or not: `.type_("advanced")`,
    /// `.type_(CertificatePackType::Advanced)`.
    pub fn type_(&self, type_: impl Into<CertificatePackType>) -> &Self {
        self.set_pack_field("type", json!(type_.into().as_str()))
    }

    /// The pack's `id`. The default pack is answered for any pack id in
    /// the path; this only changes what the answer says.
    pub fn id(&self, id: &str) -> &Self {
        self.set_pack_field("id", json!(id))
    }

    /// The pack's `cloudflare_branding`.
    pub fn cloudflare_branding(&self, cloudflare_branding: bool) -> &Self {
        self.set_pack_field("cloudflare_branding", json!(cloudflare_branding))
    }

    /// The whole pack.
    pub fn set_pack(&self, pack: &CertificatePack) -> &Self {
        let pack = serde_json::to_value(pack).expect("CertificatePack serializes");
        self.set_pack_json(pack)
    }

    /// The whole pack as any JSON, even JSON the fragment does not allow.
    ///
    /// If it is not a JSON object, the field setters (`status`, `type_`,
    /// `id`, `cloudflare_branding`) panic afterwards with a message saying so:
    /// there is no object to set a field in.
    pub fn set_pack_json(&self, pack: Value) -> &Self {
        self.with_pack(|default| *default = pack);
        self
    }

    /// The default pack a success answer carries now (in stateful mode,
    /// after the requests so far).
    ///
    /// # Panics
    /// If it was set to JSON that does not decode as a pack; see
    /// [`pack_json`](Self::pack_json).
    pub fn pack(&self) -> CertificatePack {
        decoded(
            &self.pack_json(),
            "certificate pack",
            serde_json::from_value,
        )
    }

    /// [`pack`](Self::pack) as JSON.
    pub fn pack_json(&self) -> Value {
        self.with_pack(|pack| pack.clone())
    }
}

impl<O: SettingOperation> Operation<'_, O> {
    fn with_setting<R>(&self, change: impl FnOnce(&mut Value) -> R) -> R {
        change(&mut self.shared.lock().resources.default_setting)
    }

    fn set_setting_field(&self, field: &str, value: Value) -> &Self {
        self.with_setting(|setting| set_field(setting, "setting", field, value));
        self
    }

    /// The setting's `value`: `.value(SslAutomaticModeValue::Custom)`,
    /// `.value("custom")`, or an undocumented one such as `.value("off")`
    /// (the client decodes it as `SslAutomaticModeValue::Unknown`).
    pub fn value(&self, value: impl Into<SslAutomaticModeValue>) -> &Self {
        self.set_setting_field("value", json!(value.into().as_str()))
    }

    /// The setting's `editable`.
    pub fn editable(&self, editable: bool) -> &Self {
        self.set_setting_field("editable", json!(editable))
    }

    /// The whole setting.
    pub fn set_setting(&self, setting: &SslAutomaticModeSetting) -> &Self {
        let setting = serde_json::to_value(setting).expect("SslAutomaticModeSetting serializes");
        self.set_setting_json(setting)
    }

    /// The whole setting as any JSON, even JSON the fragment does not allow.
    ///
    /// If it is not a JSON object, the field setters (`value`, `editable`)
    /// panic afterwards with a message saying so.
    pub fn set_setting_json(&self, setting: Value) -> &Self {
        self.with_setting(|default| *default = setting);
        self
    }

    /// Answer with the documentation's example failure, verbatim (code
    /// 1008, `success: false`, the setting echoed as `result`), with HTTP
    /// 400.
    pub fn documented_failure(&self) -> &Self {
        self.raw(
            400,
            "application/json",
            documented::EDIT_SSL_AUTOMATIC_MODE_FAILURE,
        )
    }

    /// The default setting a success answer carries now (in stateful mode,
    /// after the requests so far). A `GET` leaves `next_scheduled_scan`
    /// out of its answer unless `value` is `auto`.
    ///
    /// # Panics
    /// If it was set to JSON that does not decode as a setting; see
    /// [`setting_json`](Self::setting_json).
    pub fn setting(&self) -> SslAutomaticModeSetting {
        decoded(&self.setting_json(), "setting", serde_json::from_value)
    }

    /// [`setting`](Self::setting) as JSON.
    pub fn setting_json(&self) -> Value {
        self.with_setting(|setting| setting.clone())
    }
}

/// RFC 9110 `token` characters.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

pub(crate) fn checked_status(status: u16) -> u16 {
    assert!(
        (200..=599).contains(&status),
        "cloudflare-ssl-mock: HTTP status {status} is not between 200 and 599"
    );
    status
}
