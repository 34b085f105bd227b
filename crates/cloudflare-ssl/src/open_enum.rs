//! Open enums: the shape every generated enum shares, written once.
//!
//! typify closes the fragment's enums, so one value Cloudflare adds later
//! (as it added `expired` and `validation_timed_out`) would make a whole
//! response fail to decode. `cargo xtask codegen` therefore writes one
//! [`open_enums!`] invocation into `generated_open_enums.rs` that lists each
//! enum schema of the fragment: the type's name, its description and its
//! values. [`open_enum!`] writes each enum with its `Unknown` variant and
//! every impl, so that the code is the same for each enum by construction.

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
        pub enum $name {
            $(
                #[doc = concat!("`", $value, "`")]
                $variant,
            )+
            /// A value the fragment does not list, kept exactly as received.
            Unknown($unknown),
        }
    };
}

/// Every open enum of the fragment: `#[doc = "…"] Name: str [Variant =
/// "wire", …];` for a string enum, `Name: i64 [Variant = 14, …];` for an
/// integer enum. One invocation lists them all, so that the generated file
/// reads as the table it is; it also writes `OPEN_ENUM_NAMES`.
macro_rules! open_enums {
    ($(
        $(#[doc = $doc:expr])*
        $name:ident: $kind:ident [$($variant:ident = $value:literal),+ $(,)?];
    )*) => {
        /// The names of every open enum in this module, in the fragment's
        /// order.
        pub const OPEN_ENUM_NAMES: &[&str] = &[$(stringify!($name)),*];

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
            $name(::std::string::String) [$($variant = $value),+]
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

            /// Whether the fragment lists this value (also when it was
            /// built by hand as `Unknown`).
            pub fn is_known(&self) -> bool {
                Self::KNOWN_VALUES.contains(&self.as_str())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)+
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
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
            $name(i64) [$($variant = $value),+]
        }

        $crate::open_enum::compared_by_wire_value!($name, get);

        impl $name {
            /// Every value the fragment lists, in its order.
            pub const KNOWN_VALUES: &'static [i64] = &[$($value),+];

            /// The wire value.
            pub fn get(self) -> i64 {
                match self {
                    $(Self::$variant => $value,)+
                    Self::Unknown(value) => value,
                }
            }

            /// Whether the fragment lists this value (also when it was
            /// built by hand as `Unknown`).
            pub fn is_known(self) -> bool {
                Self::KNOWN_VALUES.contains(&self.get())
            }
        }

        impl ::std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)+
                    other => Self::Unknown(other),
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
/// `$wire` returns, so a hand-built `Unknown(…)` holding a listed value
/// equals its variant.
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
