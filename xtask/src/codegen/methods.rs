//! The public `Client` methods: two per operation, generated from its
//! description so that adding an operation to the fragment adds its methods.
//!
//! `<operation_id>` returns the envelope's `result`;
//! `<operation_id>_with_response` returns it in a `crate::Response` with the
//! status, `cf-ray`, `messages[]` and rate-limit headers. Their parameters
//! are the path parameters (`&str`, in the template's order), the query
//! struct when the operation has query parameters, and the body as
//! `impl Into<Body>`: `&body`, or, when the body schema has exactly one
//! required property, that property's value (`SslAutomaticModeValue::Auto`).
//! A property Cloudflare adds to a body then changes no caller: an optional
//! one keeps both conversions, and only a new required one (a breaking
//! change upstream) removes the second.

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::operations::{Operation, ident, type_path};
use super::query;

pub(super) fn client_methods(operation: &Operation) -> TokenStream {
    let plain = ident(&operation.id.to_snake_case());
    let with_response = format_ident!("{}_with_response", plain);
    let description = operation.struct_name();
    let result = &operation.result_type;

    let mut parameters = Vec::new();
    let mut arguments = Vec::new();
    let mut fields = Vec::new();
    for parameter in &operation.path_parameters {
        let name = ident(&parameter.name.to_snake_case());
        parameters.push(quote! { #name: &str });
        arguments.push(quote! { #name });
        fields.push(quote! { #name });
    }
    if !operation.query_parameters.is_empty() {
        let ty = query::struct_path(operation);
        parameters.push(quote! { query: &#ty });
        arguments.push(quote! { query });
        fields.push(quote! { query });
    }
    let mut wrap = TokenStream::new();
    if let Some(body) = &operation.body {
        let body_type = type_path(&body.schema);
        parameters.push(quote! { body: impl ::std::convert::Into<#body_type> });
        arguments.push(quote! { body });
        wrap = quote! { let body: #body_type = body.into(); };
        fields.push(quote! { body: &body });
    }

    let mut doc = operation.headline();
    if let Some(description) = &operation.description {
        doc.push_str("\n\n");
        doc.push_str(description);
    }
    let response_doc = format!(
        "[`Client::{plain}`](crate::Client::{plain}) with the response's status, \
         `cf-ray`, `messages[]` and rate-limit headers."
    );
    let construct = if fields.is_empty() {
        quote! { #description }
    } else {
        quote! { #description { #( #fields ),* } }
    };
    quote! {
        #[doc = #doc]
        pub async fn #plain(&self, #( #parameters ),*) -> ::std::result::Result<#result, crate::Error> {
            self.#with_response(#( #arguments ),*).await.map(|response| response.result)
        }

        #[doc = #response_doc]
        pub async fn #with_response(&self, #( #parameters ),*) -> ::std::result::Result<crate::Response<#result>, crate::Error> {
            #wrap
            self.execute(#construct).await
        }
    }
}

/// What a request body converts from, for the methods' `impl Into<Body>`:
/// a reference to one (cloned: bodies are a few fields), and the value of
/// its one required property when it has exactly one (`Body::new(value)`).
pub(super) fn body_conversions(schema: &str, only_required: Option<&str>) -> TokenStream {
    let body = type_path(schema);
    let from_value = only_required.map(|property| {
        let property = type_path(property);
        quote! {
            impl ::std::convert::From<#property> for #body {
                fn from(value: #property) -> Self {
                    Self::new(value)
                }
            }
        }
    });
    quote! {
        impl ::std::convert::From<&#body> for #body {
            fn from(body: &#body) -> Self {
                ::std::clone::Clone::clone(body)
            }
        }
        #from_value
    }
}
