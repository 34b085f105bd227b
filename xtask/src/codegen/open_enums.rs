//! Open enums generated from the fragment's named enum schemas.
//!
//! typify 0.8 turns a string enum into a closed Rust enum, so one value
//! Cloudflare adds later (as it added `expired` and `validation_timed_out`)
//! would make the whole response fail to decode. Every enum schema in the
//! fragment is therefore generated here as an open enum with an `Unknown`
//! variant and handed to progenitor as a replacement type.

use heck::ToUpperCamelCase;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use serde_json::Value;

use super::fragment::{Fragment, FragmentError};

/// One enum schema of the fragment, ready to be emitted.
#[derive(Debug)]
pub struct OpenEnum {
    /// The component schema's name, which is also the Rust type's name.
    pub name: String,
    description: Option<String>,
    values: EnumValues,
}

#[derive(Debug)]
enum EnumValues {
    Strings(Vec<(String, Ident)>),
    Integers(Vec<(i64, Ident)>),
}

/// Collects every named enum schema. An enum anywhere else is an error: its
/// generated name would depend on where it stands, and it would be closed.
pub fn collect(fragment: &Fragment) -> Result<Vec<OpenEnum>, FragmentError> {
    let mut inline = Vec::new();
    find_inline_enums(&fragment.json, "", &mut inline);
    if let Some(pointer) = inline.first() {
        return Err(fragment.error_at(
            pointer,
            "an `enum` outside `components/schemas`: move it into a named component \
             schema and `$ref` it, so that its Rust type has a stable name and stays open",
        ));
    }

    let mut out = Vec::new();
    for (name, schema) in fragment.component_schemas() {
        let Some(values) = schema.get("enum") else {
            continue;
        };
        let pointer = format!("/components/schemas/{name}");
        let values = values.as_array().ok_or_else(|| {
            fragment.error_at(&format!("{pointer}/enum"), "`enum` must be an array")
        })?;
        let description = schema
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let values = match schema.get("type").and_then(Value::as_str) {
            Some("string") => EnumValues::Strings(string_variants(fragment, &pointer, values)?),
            Some("integer") => {
                EnumValues::Integers(integer_variants(fragment, &pointer, schema, values)?)
            }
            other => {
                return Err(fragment.error_at(
                    &pointer,
                    &format!("enum of type {other:?}: only string and integer enums are supported"),
                ));
            }
        };
        out.push(OpenEnum {
            name: name.to_owned(),
            description,
            values,
        });
    }
    Ok(out)
}

fn find_inline_enums(value: &Value, pointer: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            let is_named_schema =
                pointer.starts_with("/components/schemas/") && pointer.matches('/').count() == 3;
            // `enum` inside an `x-` extension or an example is data, not schema.
            if map.contains_key("enum") && !is_named_schema {
                out.push(pointer.to_owned());
            }
            for (key, child) in map {
                if key.starts_with("x-") || key == "example" || key == "examples" {
                    continue;
                }
                let escaped = key.replace('~', "~0").replace('/', "~1");
                find_inline_enums(child, &format!("{pointer}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                find_inline_enums(child, &format!("{pointer}/{index}"), out);
            }
        }
        _ => {}
    }
}

fn string_variants(
    fragment: &Fragment,
    pointer: &str,
    values: &[Value],
) -> Result<Vec<(String, Ident)>, FragmentError> {
    let mut variants: Vec<(String, Ident)> = Vec::new();
    for (index, value) in values.iter().enumerate() {
        let here = format!("{pointer}/enum/{index}");
        let value = value
            .as_str()
            .ok_or_else(|| fragment.error_at(&here, "a string enum may hold only strings"))?;
        let name = value.to_upper_camel_case();
        check_variant_name(fragment, &here, &name, variants.iter().map(|(_, i)| i))?;
        variants.push((value.to_owned(), Ident::new(&name, Span::call_site())));
    }
    Ok(variants)
}

fn integer_variants(
    fragment: &Fragment,
    pointer: &str,
    schema: &Value,
    values: &[Value],
) -> Result<Vec<(i64, Ident)>, FragmentError> {
    // Numbers make no Rust names, so integer enums name their variants with
    // the widely used `x-enum-varnames` extension.
    let names = schema
        .get("x-enum-varnames")
        .and_then(Value::as_array)
        .filter(|names| names.len() == values.len())
        .ok_or_else(|| {
            fragment.error_at(
                pointer,
                "an integer enum needs `x-enum-varnames`: one Rust variant name per value",
            )
        })?;
    let mut variants: Vec<(i64, Ident)> = Vec::new();
    for (index, (value, name)) in values.iter().zip(names).enumerate() {
        let here = format!("{pointer}/enum/{index}");
        let value = value
            .as_i64()
            .ok_or_else(|| fragment.error_at(&here, "an integer enum may hold only integers"))?;
        let name = name
            .as_str()
            .map(str::to_upper_camel_case)
            .unwrap_or_default();
        check_variant_name(
            fragment,
            &format!("{pointer}/x-enum-varnames/{index}"),
            &name,
            variants.iter().map(|(_, i)| i),
        )?;
        variants.push((value, Ident::new(&name, Span::call_site())));
    }
    Ok(variants)
}

fn check_variant_name<'a>(
    fragment: &Fragment,
    pointer: &str,
    name: &str,
    mut taken: impl Iterator<Item = &'a Ident>,
) -> Result<(), FragmentError> {
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if !valid {
        return Err(fragment.error_at(
            pointer,
            &format!("`{name}` is not a usable Rust variant name"),
        ));
    }
    if name == "Unknown" {
        return Err(fragment.error_at(
            pointer,
            "the variant name `Unknown` is reserved for values the fragment does not list",
        ));
    }
    if taken.any(|ident| ident == name) {
        return Err(fragment.error_at(
            pointer,
            &format!("two values map to the variant name `{name}`"),
        ));
    }
    Ok(())
}

/// The trait every open enum implements, so that code (the runtime's check
/// that nothing unknown is sent, tests) can treat them alike.
pub fn trait_tokens() -> TokenStream {
    quote! {
        /// What every open enum of this crate offers. `Display` writes the
        /// wire value.
        pub trait OpenEnum: ::std::fmt::Display {
            /// The schema's name in the fragment, which is also the type's.
            const NAME: &'static str;
            /// Every value the fragment lists, in its order, written as on
            /// the wire (integers in decimal).
            const KNOWN_WIRE_VALUES: &'static [&'static str];
            /// Whether the fragment lists this value.
            fn is_known(&self) -> bool;
        }
    }
}

impl OpenEnum {
    /// The Rust source of the enum and its impls.
    pub fn to_tokens(&self) -> TokenStream {
        let name = Ident::new(&self.name, Span::call_site());
        let summary = self
            .description
            .clone()
            .unwrap_or_else(|| format!("`{}` values.", self.name));
        let type_name = &self.name;
        // The inherent `is_known` takes `&self` on string enums and `self`
        // on (`Copy`) integer enums.
        let (body, wire_values, receiver): (TokenStream, Vec<String>, TokenStream) =
            match &self.values {
                EnumValues::Strings(variants) => (
                    string_enum(&name, &summary, variants),
                    variants.iter().map(|(value, _)| value.clone()).collect(),
                    quote! { self },
                ),
                EnumValues::Integers(variants) => (
                    integer_enum(&name, &summary, variants),
                    variants
                        .iter()
                        .map(|(value, _)| value.to_string())
                        .collect(),
                    quote! { *self },
                ),
            };
        quote! {
            #body

            impl OpenEnum for #name {
                const NAME: &'static str = #type_name;
                const KNOWN_WIRE_VALUES: &'static [&'static str] = &[ #( #wire_values ),* ];
                fn is_known(&self) -> bool {
                    #name::is_known(#receiver)
                }
            }
        }
    }
}

const OPEN_ENUM_DOC: &str = "\n\nThis enum is open: a value the OpenAPI fragment does not list \
     decodes as `Unknown` holding the value exactly as received, and encodes back \
     to that same value. Use `is_known()` to tell the two apart. The client refuses \
     to *send* an `Unknown` value.";

/// With the client's `tracing` feature, a decoded value the fragment does
/// not list is worth a warning: Cloudflare added something this client (and
/// perhaps the caller's `match`) does not know yet.
fn unknown_warning(name: &Ident) -> TokenStream {
    let type_name = name.to_string();
    quote! {
        #[cfg(feature = "tracing")]
        if let Self::Unknown(unknown) = &value {
            ::tracing::warn!(
                open_enum = #type_name,
                value = %unknown,
                "a value the client does not know yet; kept as `Unknown`"
            );
        }
    }
}

/// `PartialEq`, `Eq`, `Hash` and `Ord` by the wire value that `wire` (a
/// method call) returns, so a hand-built `Unknown(…)` holding a listed
/// value equals its variant.
fn compared_by_wire_value(name: &Ident, wire: TokenStream) -> TokenStream {
    quote! {
        impl ::std::cmp::PartialEq for #name {
            fn eq(&self, other: &Self) -> bool {
                self.#wire == other.#wire
            }
        }

        impl ::std::cmp::Eq for #name {}

        impl ::std::hash::Hash for #name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.#wire.hash(state);
            }
        }

        impl ::std::cmp::PartialOrd for #name {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl ::std::cmp::Ord for #name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                ::std::cmp::Ord::cmp(&self.#wire, &other.#wire)
            }
        }
    }
}

fn string_enum(name: &Ident, summary: &str, variants: &[(String, Ident)]) -> TokenStream {
    let doc = format!("{summary}{OPEN_ENUM_DOC}");
    let comparisons = compared_by_wire_value(name, quote! { as_str() });
    let unknown_warning = unknown_warning(name);
    let values: Vec<&String> = variants.iter().map(|(value, _)| value).collect();
    let idents: Vec<&Ident> = variants.iter().map(|(_, ident)| ident).collect();
    let variant_docs: Vec<String> = values.iter().map(|value| format!("`{value}`")).collect();
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug)]
        pub enum #name {
            #( #[doc = #variant_docs] #idents, )*
            /// A value the fragment does not list, kept exactly as received.
            Unknown(::std::string::String),
        }

        #comparisons

        impl #name {
            /// Every value the fragment lists, in its order.
            pub const KNOWN_VALUES: &'static [&'static str] = &[ #( #values ),* ];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#idents => #values, )*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Whether the fragment lists this value (also when it was
            /// built by hand as `Unknown`).
            pub fn is_known(&self) -> bool {
                Self::KNOWN_VALUES.contains(&self.as_str())
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#idents, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = Self::from(::std::string::String::deserialize(deserializer)?);
                #unknown_warning
                ::std::result::Result::Ok(value)
            }
        }
    }
}

fn integer_enum(name: &Ident, summary: &str, variants: &[(i64, Ident)]) -> TokenStream {
    let doc = format!("{summary}{OPEN_ENUM_DOC}");
    let comparisons = compared_by_wire_value(name, quote! { get() });
    let unknown_warning = unknown_warning(name);
    let values: Vec<i64> = variants.iter().map(|(value, _)| *value).collect();
    let idents: Vec<&Ident> = variants.iter().map(|(_, ident)| ident).collect();
    let variant_docs: Vec<String> = values.iter().map(|value| format!("`{value}`")).collect();
    quote! {
        #[doc = #doc]
        #[derive(Clone, Copy, Debug)]
        pub enum #name {
            #( #[doc = #variant_docs] #idents, )*
            /// A value the fragment does not list, kept exactly as received.
            Unknown(i64),
        }

        #comparisons

        impl #name {
            /// Every value the fragment lists, in its order.
            pub const KNOWN_VALUES: &'static [i64] = &[ #( #values ),* ];

            /// The wire value.
            pub fn get(self) -> i64 {
                match self {
                    #( Self::#idents => #values, )*
                    Self::Unknown(value) => value,
                }
            }

            /// Whether the fragment lists this value (also when it was
            /// built by hand as `Unknown`).
            pub fn is_known(self) -> bool {
                Self::KNOWN_VALUES.contains(&self.get())
            }
        }

        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #( #values => Self::#idents, )*
                    other => Self::Unknown(other),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::num::ParseIntError;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                value.parse::<i64>().map(Self::from)
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.get(), f)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.get())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = Self::from(i64::deserialize(deserializer)?);
                #unknown_warning
                ::std::result::Result::Ok(value)
            }
        }
    }
}
