//! Query parameters, emitted as a public struct callers fill in
//! (`<Operation>Query`, under `crate::types`) and as the description's
//! `write_query`, which checks each value against the fragment's
//! constraints before anything is sent and appends it to the URL, encoded.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::names::{field, query_struct, type_path};
use crate::model::{Operation, QueryKind, QueryParameter};

fn rust_type(parameter: &QueryParameter) -> TokenStream {
    match &parameter.kind {
        QueryKind::Integer { minimum, .. } if minimum.is_some_and(|m| m >= 0) => quote! { u64 },
        QueryKind::Integer { .. } => quote! { i64 },
        QueryKind::String => quote! { ::std::string::String },
        QueryKind::Boolean => quote! { bool },
        QueryKind::Enum(schema) => type_path(schema),
    }
}

fn field_doc(parameter: &QueryParameter) -> String {
    let mut doc = match &parameter.description {
        Some(description) => format!("`{}`: {description}", parameter.name),
        None => format!("`{}`", parameter.name),
    };
    if let QueryKind::Integer {
        minimum,
        maximum,
        default,
    } = &parameter.kind
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

/// The public struct of the operation's query parameters: every field
/// optional (unset ones are not sent), with a setter each.
pub fn query_struct_item(operation: &Operation) -> Option<TokenStream> {
    if operation.query_parameters.is_empty() {
        return None;
    }
    let name = query_struct(operation);
    let method = super::names::method(operation);
    let doc = format!(
        "The query parameters of [`Client::{method}`](crate::Client::{method}); \
         unset ones are not sent, so Cloudflare's defaults apply."
    );
    let fields = operation.query_parameters.iter().map(|parameter| {
        let field = field(&parameter.name);
        let ty = rust_type(parameter);
        let doc = field_doc(parameter);
        quote! { #[doc = #doc] pub #field: ::std::option::Option<#ty>, }
    });
    let setters = operation.query_parameters.iter().map(|parameter| {
        let field = field(&parameter.name);
        let ty = rust_type(parameter);
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

        impl ::std::convert::From<&#name> for #name {
            fn from(query: &#name) -> Self {
                ::std::clone::Clone::clone(query)
            }
        }
    })
}

/// The description's `write_query`: nothing for an operation without query
/// parameters (the trait's default writes none).
pub fn write_query(operation: &Operation) -> TokenStream {
    if operation.query_parameters.is_empty() {
        return TokenStream::new();
    }
    let pushes = operation.query_parameters.iter().map(|parameter| {
        let name = &parameter.name;
        let field = field(&parameter.name);
        let check = match &parameter.kind {
            QueryKind::Integer {
                minimum: None,
                maximum: None,
                ..
            } => TokenStream::new(),
            QueryKind::Integer {
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
            QueryKind::String | QueryKind::Boolean => TokenStream::new(),
            QueryKind::Enum(_) => quote! { crate::operation::known_value(#name, value)?; },
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
