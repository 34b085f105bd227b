//! The payloads of the open enums' `Unknown` variants: opaque, so that
//! only an enum's own conversions make one, and only for a value the enum
//! does not list (see the parent module).

use std::marker::PhantomData;

use super::OpenEnum;

/// The text of a value that the string open enum `E` does not list, exactly
/// as received: the payload of `E::Unknown`.
///
/// Read it with [`as_str`](Self::as_str) or `Display` (or `as_str()` on the
/// enum itself). Only `E`'s own conversions build one (`From<&str>`,
/// `From<String>`, `FromStr`, `Deserialize`), and only for a value `E` does
/// not list, so `E::Unknown` never stands for one of `E`'s variants. The
/// type parameter keeps one enum's unknown value out of another enum, for
/// which the same text may be a listed value.
///
/// Outside this crate an `Unknown` cannot be built, and a `match` on an
/// open enum needs a wildcard arm, because the enums are `#[non_exhaustive]`:
///
/// ```
/// use cloudflare_ssl::types::SslAutomaticModeValue;
///
/// fn describe(value: &SslAutomaticModeValue) -> String {
///     match value {
///         SslAutomaticModeValue::Auto => "on".to_owned(),
///         SslAutomaticModeValue::Custom => "off".to_owned(),
///         SslAutomaticModeValue::Unknown(unknown) => format!("new: {unknown}"),
///         _ => value.to_string(), // required: see the `compile_fail` below
///     }
/// }
/// assert_eq!(describe(&"auto".into()), "on");
/// assert_eq!(describe(&"sometimes".into()), "new: sometimes");
/// ```
///
/// Without the wildcard arm the `match` does not compile outside this crate,
/// even though it names every variant there is today:
///
/// ```compile_fail,E0004
/// use cloudflare_ssl::types::SslAutomaticModeValue;
///
/// fn describe(value: &SslAutomaticModeValue) -> &str {
///     match value {
///         SslAutomaticModeValue::Auto => "on",
///         SslAutomaticModeValue::Custom => "off",
///         SslAutomaticModeValue::Unknown(unknown) => unknown.as_str(),
///     }
/// }
/// ```
///
/// A caller cannot build an `Unknown` holding a listed value, from a string:
///
/// ```compile_fail,E0277
/// use cloudflare_ssl::types::SslAutomaticModeValue;
///
/// let fake = SslAutomaticModeValue::Unknown("auto".into());
/// ```
///
/// nor from another enum's unknown value, even one that is `"auto"`:
///
/// ```compile_fail,E0308
/// use cloudflare_ssl::types::{CertificatePackStatus, SslAutomaticModeValue};
///
/// let CertificatePackStatus::Unknown(auto) = CertificatePackStatus::from("auto") else {
///     unreachable!("`auto` is not a certificate pack status");
/// };
/// let fake = SslAutomaticModeValue::Unknown(auto);
/// ```
pub struct UnknownValue<E> {
    value: String,
    enum_: PhantomData<fn() -> E>,
}

impl<E: OpenEnum> UnknownValue<E> {
    /// Only `E`'s conversions call this, for a value they did not match.
    pub(crate) fn new(value: String) -> Self {
        debug_assert!(
            !E::KNOWN_WIRE_VALUES.contains(&value.as_str()),
            "{} lists {value:?}: it is a variant, not `Unknown`",
            E::NAME
        );
        Self {
            value,
            enum_: PhantomData,
        }
    }
}

impl<E> UnknownValue<E> {
    /// The value exactly as received.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The value exactly as received, as an owned `String`.
    pub fn into_string(self) -> String {
        self.value
    }
}

impl<E> Clone for UnknownValue<E> {
    fn clone(&self) -> Self {
        Self {
            value: self.value.clone(),
            enum_: PhantomData,
        }
    }
}

/// The number of a value that the integer open enum `E` does not list,
/// exactly as received: the payload of `E::Unknown`.
///
/// Read it with [`get`](Self::get) or `Display` (or `get()` on the enum
/// itself). Like [`UnknownValue`], only `E`'s own conversions build one
/// (`From<i64>`, `FromStr`, `Deserialize`), and only for a value `E` does
/// not list:
///
/// ```compile_fail,E0308
/// use cloudflare_ssl::types::ValidityDays;
///
/// let fake = ValidityDays::Unknown(90);
/// ```
pub struct UnknownInteger<E> {
    value: i64,
    enum_: PhantomData<fn() -> E>,
}

impl<E: OpenEnum> UnknownInteger<E> {
    /// Only `E`'s conversions call this, for a value they did not match.
    pub(crate) fn new(value: i64) -> Self {
        debug_assert!(
            !E::KNOWN_WIRE_VALUES.contains(&value.to_string().as_str()),
            "{} lists {value}: it is a variant, not `Unknown`",
            E::NAME
        );
        Self {
            value,
            enum_: PhantomData,
        }
    }
}

impl<E> UnknownInteger<E> {
    /// The value exactly as received.
    pub fn get(self) -> i64 {
        self.value
    }
}

impl<E> Clone for UnknownInteger<E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E> Copy for UnknownInteger<E> {}

/// `Debug` and `Display` as the value itself (so an enum's `Debug` reads
/// `Unknown("revoked")`), and `PartialEq`, `Eq`, `Hash`, `Ord` by it: the
/// impls `derive` would write, without its bound on `E`.
macro_rules! payload_impls {
    ($payload:ident) => {
        impl<E> ::std::fmt::Debug for $payload<E> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.value, f)
            }
        }

        impl<E> ::std::fmt::Display for $payload<E> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value, f)
            }
        }

        impl<E> ::std::cmp::PartialEq for $payload<E> {
            fn eq(&self, other: &Self) -> bool {
                self.value == other.value
            }
        }

        impl<E> ::std::cmp::Eq for $payload<E> {}

        impl<E> ::std::hash::Hash for $payload<E> {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.value.hash(state);
            }
        }

        impl<E> ::std::cmp::PartialOrd for $payload<E> {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl<E> ::std::cmp::Ord for $payload<E> {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.value.cmp(&other.value)
            }
        }
    };
}

payload_impls!(UnknownValue);
payload_impls!(UnknownInteger);
