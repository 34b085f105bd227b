//! The public `Client` methods, generated from each operation so that
//! adding an operation to the fragment adds its methods.
//!
//! `<operation_id>` returns the envelope's `result`;
//! `<operation_id>_with_response` returns it in a `crate::Response` with the
//! status, `cf-ray`, `messages[]` and rate-limit headers; a list whose
//! envelope has `result_info` and which takes a `page` gets
//! `<operation_id>_pages` too, a walk over every page. Their parameters are
//! the path parameters (`&str`, in the template's order), the query struct
//! as `impl Into<Query>` (a query or a reference to one), and the body as
//! `impl Into<Body>`: `&body`, or, when the body schema has exactly one
//! required property, that property's value (`SslAutomaticModeValue::Auto`).
//! A property Cloudflare adds to a body then changes no caller: an optional
//! one keeps both conversions, and only a new required one (a breaking
//! change upstream) removes the second.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::names::{self, description, field, query_struct_path, result_type, type_path};
use crate::model::{Model, Operation, QueryKind};

pub fn client_methods(model: &Model, operation: &Operation) -> TokenStream {
    let plain = names::method(operation);
    let with_response = format_ident!("{}_with_response", plain);
    let description = description(operation);
    let result = result_type(model.success_envelope(operation));

    let mut parameters = Vec::new();
    let mut arguments = Vec::new();
    let mut fields = Vec::new();
    for parameter in &operation.path_parameters {
        let name = field(&parameter.name);
        parameters.push(quote! { #name: &str });
        arguments.push(quote! { #name });
        fields.push(quote! { #name });
    }
    let mut wrap = TokenStream::new();
    if !operation.query_parameters.is_empty() {
        let ty = query_struct_path(operation);
        parameters.push(quote! { query: impl ::std::convert::Into<#ty> });
        arguments.push(quote! { query });
        wrap.extend(quote! { let query: #ty = query.into(); });
        fields.push(quote! { query: &query });
    }
    if let Some(body) = &operation.body {
        let body_type = type_path(&body.schema);
        parameters.push(quote! { body: impl ::std::convert::Into<#body_type> });
        arguments.push(quote! { body });
        wrap.extend(quote! { let body: #body_type = body.into(); });
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
    let pages = pages_method(model, operation);
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

        #pages
    }
}

/// `<operation>_pages`: a walk over every page of a list, for an operation
/// whose result is a page and which takes an integer `page` query
/// parameter; nothing for other operations.
fn pages_method(model: &Model, operation: &Operation) -> TokenStream {
    let envelope = model.success_envelope(operation);
    let Some(item) = envelope
        .result
        .as_ref()
        .filter(|result| result.array && result.result_info.is_some())
        .map(|result| type_path(&result.item))
    else {
        return TokenStream::new();
    };
    let pages_by_number = operation.query_parameters.iter().any(|parameter| {
        parameter.name == "page"
            && matches!(parameter.kind, QueryKind::Integer { minimum: Some(minimum), .. } if minimum >= 0)
    });
    if !pages_by_number || operation.path_parameters.iter().any(|p| p.name == "page") {
        return TokenStream::new();
    }
    let plain = names::method(operation);
    let walk = format_ident!("{}_pages", plain);
    let query = query_struct_path(operation);
    let path_names: Vec<_> = operation
        .path_parameters
        .iter()
        .map(|p| field(&p.name))
        .collect();
    let doc = format!(
        "Every page of [`Client::{plain}`](crate::Client::{plain}) for `query`, from `query.page` \
         (or 1) on: see [`Pages`](crate::Pages) for when the walk ends."
    );
    quote! {
        #[doc = #doc]
        pub fn #walk(&self, #( #path_names: &str, )* query: impl ::std::convert::Into<#query>) -> crate::Pages<'_, #item> {
            #( let #path_names = ::std::borrow::ToOwned::to_owned(#path_names); )*
            let query: #query = query.into();
            crate::Pages::new(query.page.unwrap_or(1), move |page| {
                #( let #path_names = ::std::clone::Clone::clone(&#path_names); )*
                let query = query.clone().page(page);
                ::std::boxed::Box::pin(async move { self.#plain(#( &#path_names, )* query).await })
            })
        }
    }
}

/// What a request body converts from, for the methods' `impl Into<Body>`:
/// a reference to one (cloned: bodies are a few fields), and the value of
/// its one required property when it has exactly one (`Body::new(value)`).
pub fn body_conversions(schema: &str, only_required: Option<&str>) -> TokenStream {
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
