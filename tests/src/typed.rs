//! From a fragment component name to its generated type, through the
//! tables `cargo xtask codegen` writes (`generated_operations.rs`): decoding
//! a document into the type of its schema, and checking every open enum.

use std::fmt::Debug;
use std::str::FromStr;

use cloudflare_ssl::types::OpenEnum;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A document decoded into a generated type and encoded again.
#[derive(Debug)]
pub struct Decoded {
    /// The typed value, for snapshots and messages.
    pub typed: Box<dyn Debug>,
    /// The typed value encoded back to JSON.
    pub reencoded: Value,
}

/// Decodes `json` into `T` and encodes it again; an `Err` says where
/// decoding failed. The generated `decode` (see `crate::table::decode`) calls it for each schema.
pub fn decode_as<T: DeserializeOwned + Serialize + Debug + 'static>(
    json: &Value,
) -> Result<Decoded, String> {
    let typed: T = serde_path_to_error::deserialize(json).map_err(|e| {
        format!(
            "does not decode into {}: at `{}`: {}",
            std::any::type_name::<T>(),
            e.path(),
            e.inner()
        )
    })?;
    let reencoded = serde_json::to_value(&typed)
        .map_err(|e| format!("{} does not encode: {e}", std::any::type_name::<T>()))?;
    Ok(Decoded {
        typed: Box::new(typed),
        reencoded,
    })
}

/// What the suite checks of one generated open enum: its [`OpenEnum`]
/// constants, and [`round_trip`] through the traits every open enum has.
#[derive(Debug, Clone, Copy)]
pub struct OpenEnumCase {
    /// [`OpenEnum::NAME`], the fragment's component schema.
    pub name: &'static str,
    /// [`OpenEnum::KNOWN_WIRE_VALUES`].
    pub known_wire_values: &'static [&'static str],
    /// Whether the wire values are JSON integers (else strings).
    pub integer: bool,
    /// [`round_trip`] for this enum, plus its `From` conversions.
    pub round_trip: fn(wire: &str, json: &Value) -> Result<bool, String>,
}

/// The traits [`round_trip`] goes through.
pub trait CheckedOpenEnum:
    OpenEnum + FromStr + Serialize + DeserializeOwned + PartialEq + Debug
{
}

impl<T> CheckedOpenEnum for T where
    T: OpenEnum + FromStr + Serialize + DeserializeOwned + PartialEq + Debug
{
}

impl OpenEnumCase {
    /// An enum written as JSON strings, also built `From<&str>` and
    /// `From<String>`.
    pub const fn string<T>() -> Self
    where
        T: CheckedOpenEnum + for<'a> From<&'a str> + From<String>,
    {
        Self::of::<T>(false, string_round_trip::<T>)
    }

    /// An enum written as JSON integers, also built `From<i64>`.
    pub const fn integer<T: CheckedOpenEnum + From<i64>>() -> Self {
        Self::of::<T>(true, integer_round_trip::<T>)
    }

    const fn of<T: CheckedOpenEnum>(
        integer: bool,
        round_trip: fn(&str, &Value) -> Result<bool, String>,
    ) -> Self {
        Self {
            name: T::NAME,
            known_wire_values: T::KNOWN_WIRE_VALUES,
            integer,
            round_trip,
        }
    }

    /// The JSON the enum writes for `wire`; `None` when an integer enum is
    /// given text that is not an integer.
    pub fn json(&self, wire: &str) -> Option<Value> {
        if self.integer {
            wire.parse::<i64>().ok().map(Value::from)
        } else {
            Some(Value::from(wire))
        }
    }

    /// [`OpenEnumCase::round_trip`] of `wire` written as [`OpenEnumCase::json`].
    pub fn check(&self, wire: &str) -> Result<bool, String> {
        let json = self
            .json(wire)
            .ok_or_else(|| format!("{}: {wire:?} is not an integer", self.name))?;
        (self.round_trip)(wire, &json)
    }
}

/// Parses `wire` with `FromStr` and checks that `Display` writes it back,
/// that serde writes `json` and reads it back to the same value, and that
/// `is_known` says whether `KNOWN_WIRE_VALUES` lists it. Returns
/// `is_known`; an `Err` says what disagreed.
pub fn round_trip<T: CheckedOpenEnum>(wire: &str, json: &Value) -> Result<bool, String> {
    let name = T::NAME;
    let parsed: T = wire
        .parse()
        .map_err(|_| format!("{name}: FromStr refuses {wire:?}"))?;
    let shown = parsed.to_string();
    if shown != wire {
        return Err(format!("{name}: Display writes {shown:?} for {wire:?}"));
    }
    let written = serde_json::to_value(&parsed).map_err(|e| format!("{name}: {e}"))?;
    if &written != json {
        return Err(format!(
            "{name}: serde writes {written} for {wire:?}, not {json}"
        ));
    }
    let read: T = serde_json::from_value(json.clone())
        .map_err(|e| format!("{name}: serde refuses {json}: {e}"))?;
    if read != parsed {
        return Err(format!(
            "{name}: serde reads {json} as {read:?}, FromStr reads {wire:?} as {parsed:?}"
        ));
    }
    let known = parsed.is_known();
    if known != T::KNOWN_WIRE_VALUES.contains(&wire) {
        return Err(format!("{name}: is_known is {known} for {wire:?}"));
    }
    Ok(known)
}

/// [`round_trip`], and `From<&str>` and `From<String>` agree with `FromStr`.
fn string_round_trip<T>(wire: &str, json: &Value) -> Result<bool, String>
where
    T: CheckedOpenEnum + for<'a> From<&'a str> + From<String>,
{
    let known = round_trip::<T>(wire, json)?;
    let parsed = wire.parse::<T>().ok();
    if Some(T::from(wire)) != parsed || Some(T::from(wire.to_owned())) != parsed {
        return Err(format!(
            "{}: From<&str> or From<String> disagrees with FromStr on {wire:?}",
            T::NAME
        ));
    }
    Ok(known)
}

/// [`round_trip`], and `From<i64>` agrees with `FromStr`.
fn integer_round_trip<T: CheckedOpenEnum + From<i64>>(
    wire: &str,
    json: &Value,
) -> Result<bool, String> {
    let known = round_trip::<T>(wire, json)?;
    let number: i64 = wire
        .parse()
        .map_err(|e| format!("{}: {wire:?}: {e}", T::NAME))?;
    if Some(T::from(number)) != wire.parse::<T>().ok() {
        return Err(format!(
            "{}: From<i64> disagrees with FromStr on {wire:?}",
            T::NAME
        ));
    }
    Ok(known)
}
