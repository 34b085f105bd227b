//! Open enums: the shape every generated enum shares, written once.
//!
//! typify closes the fragment's enums, so one value Cloudflare adds later
//! (as it added `expired` and `validation_timed_out`) would make a whole
//! response fail to decode. `cargo xtask codegen` therefore writes one
//! [`open_enums!`] invocation into `generated_open_enums.rs` that lists each
//! enum schema of the fragment: the type's name, its description and its
//! values. [`open_enum!`] writes each enum with its `Unknown` variant and
//! every impl, so that the code is the same for each enum by construction.
//!
//! Every enum is `#[non_exhaustive]`, and its `Unknown` variant holds an
//! [`UnknownValue`] (string enums) or an [`UnknownInteger`] (integer
//! enums): opaque types that only the enum's own conversions build, after
//! they matched every listed value. So an `Unknown` never holds a value its
//! enum lists, and equality and `match` agree: a value equal to `Active` is
//! the `Active` variant (smithy-rs #627 made its unknown value opaque for
//! the same reason).

mod unknown;

pub use unknown::{UnknownInteger, UnknownValue};

/// What every open enum of this crate offers. `Display` writes the wire
/// value.
pub trait OpenEnum: ::std::fmt::Display {
    /// The schema's name in the fragment, which is also the type's.
    const NAME: &'static str;
    /// Every value the fragment lists, in its order, written as on the
    /// wire (integers in decimal).
    const KNOWN_WIRE_VALUES: &'static [&'static str];
    /// Whether the fragment lists this value.
    fn is_known(&self) -> bool;
}

/// The enum: one variant per value, and `Unknown` holding `$unknown`.
macro_rules! enum_with_unknown {
    (
        $(#[$attribute:meta])*
        $name:ident($unknown:ty) [$($variant:ident = $value:literal),+]
    ) => {
        $(#[$attribute])*
        #[doc = ""]
        #[doc = "This enum is open: a value the OpenAPI fragment does not list decodes \
                 as `Unknown` holding the value exactly as received, and encodes back to \
                 that same value. Use `is_known()` to tell the two apart. The client \
                 refuses to *send* an `Unknown` value."]
        #[doc = ""]
        #[doc = "It is also `#[non_exhaustive]`: a `match` outside this crate needs a \
                 wildcard arm, and `Unknown` cannot be built there. Only the enum's \
                 conversions (`From`, `FromStr`, `Deserialize`) build a value, and they \
                 turn every listed value into its variant, so `Unknown` never holds one: \
                 a value equal to a variant always matches that variant's arm. A value a \
                 later version of the fragment lists decodes as its new variant, no longer \
                 as `Unknown`."]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`", $value, "`")]
                $variant,
            )+
            /// A value the fragment does not list, kept exactly as received
            /// (never one it lists).
            Unknown($unknown),
        }
    };
}

/// Every open enum of the fragment: `#[doc = "…"] Name: str [Variant =
/// "wire", …];` for a string enum, `Name: i64 [Variant = 14, …];` for an
/// integer enum. One invocation lists them all, so that the generated file
/// reads as the table it is; it also writes `OPEN_ENUM_NAMES`, and
/// re-exports the `Unknown` payloads beside the enums (so that `types`
/// offers them).
macro_rules! open_enums {
    ($(
        $(#[doc = $doc:expr])*
        $name:ident: $kind:ident [$($variant:ident = $value:literal),+ $(,)?];
    )*) => {
        pub use $crate::open_enum::{UnknownInteger, UnknownValue};

        /// The names of every open enum in this module, in the fragment's
        /// order.
        pub(crate) const OPEN_ENUM_NAMES: &[&str] = &[$(stringify!($name)),*];

        $(
            $crate::open_enum::open_enum! {
                $(#[doc = $doc])*
                $name: $kind [$($variant = $value),+]
            }
        )*
    };
}

/// One open enum of [`open_enums!`].
macro_rules! open_enum {
    (
        $(#[doc = $doc:expr])*
        $name:ident: str [$($variant:ident = $value:literal),+ $(,)?]
    ) => {
        $crate::open_enum::enum_with_unknown! {
            $(#[doc = $doc])*
            #[derive(Clone, Debug)]
            $name($crate::open_enum::UnknownValue<$name>) [$($variant = $value),+]
        }

        $crate::open_enum::compared_by_wire_value!($name, as_str);

        impl $name {
            /// Every value the fragment lists, in its order.
            pub const KNOWN_VALUES: &'static [&'static str] = &[$($value),+];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)+
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Whether the fragment lists this value, that is, whether it
            /// is not `Unknown`.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }

            /// The variant of a listed value; `None` for any other.
            fn listed(value: &str) -> ::std::option::Option<Self> {
                match value {
                    $($value => ::std::option::Option::Some(Self::$variant),)+
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::listed(value).unwrap_or_else(|| {
                    Self::Unknown($crate::open_enum::UnknownValue::new(value.to_owned()))
                })
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match Self::listed(&value) {
                    ::std::option::Option::Some(listed) => listed,
                    ::std::option::Option::None => {
                        Self::Unknown($crate::open_enum::UnknownValue::new(value))
                    }
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        $crate::open_enum::serde_by_wire_value!($name, ::std::string::String, as_str, serialize_str);

        impl $crate::open_enum::OpenEnum for $name {
            const NAME: &'static str = stringify!($name);
            const KNOWN_WIRE_VALUES: &'static [&'static str] = Self::KNOWN_VALUES;
            fn is_known(&self) -> bool {
                $name::is_known(self)
            }
        }
    };
    (
        $(#[doc = $doc:expr])*
        $name:ident: i64 [$($variant:ident = $value:literal),+ $(,)?]
    ) => {
        $crate::open_enum::enum_with_unknown! {
            $(#[doc = $doc])*
            #[derive(Clone, Copy, Debug)]
            $name($crate::open_enum::UnknownInteger<$name>) [$($variant = $value),+]
        }

        $crate::open_enum::compared_by_wire_value!($name, get);

        impl $name {
            /// Every value the fragment lists, in its order.
            pub const KNOWN_VALUES: &'static [i64] = &[$($value),+];

            /// The wire value.
            pub fn get(self) -> i64 {
                match self {
                    $(Self::$variant => $value,)+
                    Self::Unknown(value) => value.get(),
                }
            }

            /// Whether the fragment lists this value, that is, whether it
            /// is not `Unknown`.
            pub fn is_known(self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)+
                    other => Self::Unknown($crate::open_enum::UnknownInteger::new(other)),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::num::ParseIntError;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                value.parse::<i64>().map(Self::from)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.get(), f)
            }
        }

        $crate::open_enum::serde_by_wire_value!($name, i64, get, serialize_i64);

        impl $crate::open_enum::OpenEnum for $name {
            const NAME: &'static str = stringify!($name);
            const KNOWN_WIRE_VALUES: &'static [&'static str] = &[$(stringify!($value)),+];
            fn is_known(&self) -> bool {
                $name::is_known(*self)
            }
        }
    };
}

/// `PartialEq`, `Eq`, `Hash` and `Ord` by the wire value that the method
/// `$wire` returns. Since `Unknown` never holds a listed value, two values
/// are equal exactly when they are the same variant (with the same text,
/// for `Unknown`); the order is the wire values' order.
macro_rules! compared_by_wire_value {
    ($name:ident, $wire:ident) => {
        impl ::std::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.$wire() == other.$wire()
            }
        }

        impl ::std::cmp::Eq for $name {}

        impl ::std::hash::Hash for $name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.$wire().hash(state);
            }
        }

        impl ::std::cmp::PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl ::std::cmp::Ord for $name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                ::std::cmp::Ord::cmp(&self.$wire(), &other.$wire())
            }
        }
    };
}

/// serde by the wire value: `$get` returns it as `$wire` (a `&str` for
/// `String`), which `$serialize` writes.
macro_rules! serde_by_wire_value {
    ($name:ident, $wire:ty, $get:ident, $serialize:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.$serialize(self.$get())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = Self::from(<$wire as ::serde::Deserialize>::deserialize(deserializer)?);
                $crate::open_enum::warn_if_unknown!($name, value);
                ::std::result::Result::Ok(value)
            }
        }
    };
}

/// With the `tracing` feature, a decoded value the fragment does not list
/// is worth a warning: Cloudflare added something this client (and perhaps
/// the caller's `match`) does not know yet.
#[cfg(feature = "tracing")]
macro_rules! warn_if_unknown {
    ($name:ident, $value:ident) => {
        if let Self::Unknown(unknown) = &$value {
            ::tracing::warn!(
                open_enum = stringify!($name),
                value = %unknown,
                "a value the client does not know yet; kept as `Unknown`"
            );
        }
    };
}

#[cfg(not(feature = "tracing"))]
macro_rules! warn_if_unknown {
    ($name:ident, $value:ident) => {};
}

pub(crate) use {
    compared_by_wire_value, enum_with_unknown, open_enum, open_enums, serde_by_wire_value,
    warn_if_unknown,
};

#[cfg(test)]
mod tests {
    //! The macros on enums of the tests' own, so that these tests hold
    //! whatever the fragment lists (the conformance suite checks every
    //! generated enum against it).

    use super::OpenEnum;

    // Also imports `UnknownValue` and `UnknownInteger`, as in the
    // generated file.
    crate::open_enum::open_enums! {
        /// A string enum.
        Switch: str [On = "on", Off = "off", Unset = "unset"];
        /// An integer enum.
        Days: i64 [Week = 7, Month = 30];
    }

    #[test]
    fn every_listed_string_value_converts_to_a_variant_not_unknown() {
        for &value in Switch::KNOWN_VALUES {
            let switch = Switch::from(value);
            assert!(!matches!(switch, Switch::Unknown(_)), "{value}");
            assert!(switch.is_known(), "{value}");
            assert_eq!(switch.as_str(), value);
        }
        assert_eq!(Switch::from("off"), Switch::Off);
    }

    #[test]
    fn every_listed_integer_value_converts_to_a_variant_not_unknown() {
        for &value in Days::KNOWN_VALUES {
            let days = Days::from(value);
            assert!(!matches!(days, Days::Unknown(_)), "{value}");
            assert!(days.is_known(), "{value}");
            assert_eq!(days.get(), value);
        }
        assert_eq!(Days::from(30), Days::Month);
    }

    /// The list of names and each enum's `OpenEnum` agree, and an integer
    /// enum's wire values are its values as the wire writes them.
    #[test]
    fn the_names_and_wire_values_agree_with_the_enums() {
        assert_eq!(
            OPEN_ENUM_NAMES,
            [<Switch as OpenEnum>::NAME, <Days as OpenEnum>::NAME]
        );
        assert_eq!(
            <Switch as OpenEnum>::KNOWN_WIRE_VALUES,
            Switch::KNOWN_VALUES
        );
        for (wire, value) in Days::KNOWN_WIRE_VALUES.iter().zip(Days::KNOWN_VALUES) {
            let written = serde_json::to_string(&Days::from(*value)).expect("encodes");
            assert_eq!(&written, wire);
        }
        assert_eq!(Days::KNOWN_WIRE_VALUES.len(), Days::KNOWN_VALUES.len());
    }

    #[test]
    fn is_known_is_false_exactly_for_unknown() {
        let unknown = Switch::from("sometimes");
        assert!(matches!(&unknown, Switch::Unknown(value) if value.as_str() == "sometimes"));
        assert!(!unknown.is_known());
        assert!(!OpenEnum::is_known(&unknown));
        assert!(!Days::from(14).is_known());
        assert!(OpenEnum::is_known(&Days::Week));
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "Switch lists \"on\"")]
    fn the_crate_cannot_wrap_a_listed_string_as_unknown_unnoticed() {
        let _ = UnknownValue::<Switch>::new("on".to_owned());
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "Days lists 30")]
    fn the_crate_cannot_wrap_a_listed_integer_as_unknown_unnoticed() {
        let _ = UnknownInteger::<Days>::new(30);
    }
}
