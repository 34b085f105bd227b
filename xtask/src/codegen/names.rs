//! The Rust names the client's generated code gives the model's parts: one
//! place, so that every emitter spells a type, a method or a field alike.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Envelope, Operation};

pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The named fields of the struct typify made of the component schema
/// `schema` (named after it in UpperCamelCase), if it made one.
pub fn struct_fields<'f>(
    file: &'f mut syn::File,
    schema: &str,
) -> Option<&'f mut syn::FieldsNamed> {
    let name = schema.to_upper_camel_case();
    file.items.iter_mut().find_map(|item| match item {
        syn::Item::Struct(item) if item.ident == name => match &mut item.fields {
            syn::Fields::Named(fields) => Some(fields),
            _ => None,
        },
        _ => None,
    })
}

/// typify names a component schema's type after it in UpperCamelCase.
pub fn type_path(schema: &str) -> TokenStream {
    let name = ident(&schema.to_upper_camel_case());
    quote! { crate::types::#name }
}

/// The operation's description struct (`crate::operation::Operation`).
pub fn description(operation: &Operation) -> Ident {
    ident(&operation.id.to_upper_camel_case())
}

/// The `Client` method of the operation.
pub fn method(operation: &Operation) -> Ident {
    ident(&operation.id.to_snake_case())
}

/// A parameter or property as a Rust field or argument, named as typify
/// names a struct's fields: snake case, characters an identifier cannot
/// hold as separators, an `x` in front of a leading digit, and a trailing
/// `_` after a keyword (`type` is `type_`).
pub fn field(name: &str) -> Ident {
    let separated: String = name
        .replace('\'', "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut out = separated.to_snake_case();
    if !out.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        out = format!("x{out}");
    }
    if !typify_impl::accept_as_ident(&out) {
        out.push('_');
    }
    ident(&out)
}

/// The public struct of the operation's query parameters.
pub fn query_struct(operation: &Operation) -> Ident {
    ident(&format!("{}Query", operation.id.to_upper_camel_case()))
}

/// [`query_struct`] as a path from anywhere in the crate.
pub fn query_struct_path(operation: &Operation) -> TokenStream {
    let name = query_struct(operation);
    quote! { crate::types::#name }
}

/// What callers get from a success envelope's `result`: the named type, a
/// `Vec` of it, or a `crate::Page` of it when the envelope has a
/// `result_info`.
pub fn result_type(envelope: &Envelope) -> TokenStream {
    let Some(result) = &envelope.result else {
        return quote! { () };
    };
    let item = type_path(&result.item);
    match (result.array, result.result_info) {
        (false, _) => item,
        (true, None) => quote! { ::std::vec::Vec<#item> },
        (true, Some(_)) => quote! { crate::Page<#item> },
    }
}
