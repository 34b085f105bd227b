//! Query parameters: read from an operation of the fragment, emitted as a
//! public struct callers fill in (`<Operation>Query`, under `crate::types`)
//! and as the description's `write_query`, which checks each value against
//! the fragment's constraints before anything is sent and appends it to the
//! URL, encoded.
//!
//! Integers (with `minimum`/`maximum`), plain strings and `$ref`s to enum
//! schemas (open enums, refused when unknown) are supported; anything else
//! is refused with its place in the fragment.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::fragment::{Fragment, FragmentError};
use super::operations::{Operation, SCHEMAS, component, ident, type_path};

/// One query parameter of an operation.
pub(super) struct QueryParameter {
    name: String,
    description: Option<String>,
    kind: Kind,
}

enum Kind {
    /// Unsigned when `minimum` is at least 0.
    Integer {
        minimum: Option<i64>,
        maximum: Option<i64>,
        default: Option<i64>,
    },
    String,
    /// The enum schema's name.
    Enum(String),
}

/// The query parameter at `here`; `parameter` is already resolved.
pub(super) fn read(
    fragment: &Fragment,
    here: &str,
    parameter: &Value,
) -> Result<QueryParameter, FragmentError> {
    let name = parameter
        .get("name")
        .and_then(Value::as_str)
        .filter(|name| !name.is_empty())
        .ok_or_else(|| fragment.error_at(here, "a query parameter needs a `name`"))?
        .to_owned();
    if parameter.get("required").and_then(Value::as_bool) == Some(true) {
        return Err(fragment.error_at(
            here,
            "required query parameters are not supported: every query field is optional",
        ));
    }
    let at = format!("{here}/schema");
    let schema = parameter
        .get("schema")
        .ok_or_else(|| fragment.error_at(here, "a query parameter needs a `schema`"))?;
    let kind = if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let target = reference.strip_prefix(SCHEMAS).ok_or_else(|| {
            fragment.error_at(&at, "only `$ref`s to component schemas are supported")
        })?;
        if component(fragment, target)?.get("enum").is_none() {
            return Err(fragment.error_at(
                &at,
                "a `$ref` query parameter must name an enum schema; write other schemas inline",
            ));
        }
        Kind::Enum(target.to_owned())
    } else {
        if schema.get("enum").is_some() {
            return Err(fragment.error_at(
                &at,
                "an inline `enum` is not supported: name it under components/schemas",
            ));
        }
        let integer = |key: &str| schema.get(key).and_then(Value::as_i64);
        match schema.get("type").and_then(Value::as_str) {
            Some("integer") => Kind::Integer {
                minimum: integer("minimum"),
                maximum: integer("maximum"),
                default: integer("default"),
            },
            Some("string") => Kind::String,
            other => {
                return Err(fragment.error_at(
                    &at,
                    &format!(
                        "query parameters of type {other:?} are not supported (integer, string or an enum `$ref`)"
                    ),
                ));
            }
        }
    };
    Ok(QueryParameter {
        name,
        description: parameter
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned),
        kind,
    })
}

impl QueryParameter {
    fn field(&self) -> proc_macro2::Ident {
        ident(&self.name.to_snake_case())
    }

    fn rust_type(&self) -> TokenStream {
        match &self.kind {
            Kind::Integer { minimum, .. } if minimum.is_some_and(|m| m >= 0) => quote! { u64 },
            Kind::Integer { .. } => quote! { i64 },
            Kind::String => quote! { ::std::string::String },
            Kind::Enum(schema) => type_path(schema),
        }
    }

    fn doc(&self) -> String {
        let mut doc = match &self.description {
            Some(description) => format!("`{}`: {description}", self.name),
            None => format!("`{}`", self.name),
        };
        if let Kind::Integer {
            minimum,
            maximum,
            default,
        } = &self.kind
        {
            let mut facts = Vec::new();
            match (minimum, maximum) {
                (Some(low), Some(high)) => facts.push(format!("{low} to {high}")),
                (Some(low), None) => facts.push(format!("at least {low}")),
                (None, Some(high)) => facts.push(format!("at most {high}")),
                (None, None) => {}
            }
            if let Some(default) = default {
                facts.push(format!("the server's default: {default}"));
            }
            if !facts.is_empty() {
                doc.push_str(&format!(" ({})", facts.join("; ")));
            }
        }
        doc
    }
}

/// `crate::types::<Operation>Query`.
pub(super) fn struct_path(operation: &Operation) -> TokenStream {
    let name = struct_name(operation);
    quote! { crate::types::#name }
}

fn struct_name(operation: &Operation) -> proc_macro2::Ident {
    ident(&format!("{}Query", operation.id.to_upper_camel_case()))
}

/// The public struct of the operation's query parameters: every field
/// optional (unset ones are not sent), with a setter each.
pub(super) fn query_struct(operation: &Operation) -> Option<TokenStream> {
    if operation.query_parameters.is_empty() {
        return None;
    }
    let name = struct_name(operation);
    let method = operation.id.to_snake_case();
    let doc = format!(
        "The query parameters of [`Client::{method}`](crate::Client::{method}); \
         unset ones are not sent, so Cloudflare's defaults apply."
    );
    let fields = operation.query_parameters.iter().map(|parameter| {
        let field = parameter.field();
        let ty = parameter.rust_type();
        let doc = parameter.doc();
        quote! { #[doc = #doc] pub #field: ::std::option::Option<#ty>, }
    });
    let setters = operation.query_parameters.iter().map(|parameter| {
        let field = parameter.field();
        let ty = parameter.rust_type();
        let doc = format!("Sets `{}`.", parameter.name);
        quote! {
            #[doc = #doc]
            pub fn #field(mut self, #field: #ty) -> Self {
                self.#field = ::std::option::Option::Some(#field);
                self
            }
        }
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name { #( #fields )* }

        impl #name {
            /// No parameter set.
            pub fn new() -> Self {
                Self::default()
            }
            #( #setters )*
        }
    })
}

/// The description's `write_query`: nothing for an operation without query
/// parameters (the trait's default writes none).
pub(super) fn write_query(operation: &Operation) -> TokenStream {
    if operation.query_parameters.is_empty() {
        return TokenStream::new();
    }
    let pushes = operation.query_parameters.iter().map(|parameter| {
        let name = &parameter.name;
        let field = parameter.field();
        let check = match &parameter.kind {
            Kind::Integer {
                minimum: None,
                maximum: None,
                ..
            } => TokenStream::new(),
            Kind::Integer {
                minimum, maximum, ..
            } => {
                let bound = |bound: &Option<i64>| match bound {
                    Some(value) => {
                        let value = Literal::i64_unsuffixed(*value);
                        quote! { ::std::option::Option::Some(#value) }
                    }
                    None => quote! { ::std::option::Option::None },
                };
                let (minimum, maximum) = (bound(minimum), bound(maximum));
                quote! {
                    crate::operation::integer_in_range(#name, i128::from(*value), #minimum, #maximum)?;
                }
            }
            Kind::String => TokenStream::new(),
            Kind::Enum(_) => quote! { crate::operation::known_value(#name, value)?; },
        };
        quote! {
            if let ::std::option::Option::Some(value) = &self.query.#field {
                #check
                crate::operation::push_query(url, #name, &value.to_string());
            }
        }
    });
    quote! {
        fn write_query(&self, url: &mut ::std::string::String) -> ::std::result::Result<(), crate::Error> {
            #( #pushes )*
            ::std::result::Result::Ok(())
        }
    }
}
