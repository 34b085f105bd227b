//! The conformance suite's table (`tests/src/generated_operations.rs`):
//! how to call each operation of the model through the client, which
//! generated type decodes each object schema, and every open enum, so that
//! the suite's properties run over every operation and schema of the
//! fragment without a hand-written list.
//!
//! The generated code calls the suite's hand-written helpers in
//! `tests/src/operation.rs` (`OperationCase`, `CallFuture`, `body`,
//! `result`, `page`) and `tests/src/typed.rs` (`decode_as`, `OpenEnumCase`).

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::names::ident;
use crate::model::{EnumKind, Model, Operation};

pub fn generate(model: &Model) -> TokenStream {
    let calls = model
        .operations
        .iter()
        .map(|operation| call_fn(model, operation));
    let cases = model.operations.iter().map(case);
    let decodes = model.components.iter().filter(|c| c.object).map(|c| {
        let name = &c.name;
        let ty = client_type(name);
        quote! { #name => ::std::option::Option::Some(crate::typed::decode_as::<#ty>(json)), }
    });
    let enums = model.enums.iter().map(|open_enum| {
        let ty = client_type(&open_enum.name);
        match open_enum.kind {
            EnumKind::String => quote! { crate::typed::OpenEnumCase::string::<#ty>(), },
            EnumKind::Integer => quote! { crate::typed::OpenEnumCase::integer::<#ty>(), },
        }
    });
    quote! {
        /// Every operation of the fragment, in its order.
        pub const OPERATIONS: &[crate::operation::OperationCase] = &[ #( #cases )* ];

        /// Decodes `json` into the generated type of the fragment's object
        /// schema `component` and encodes it again; `None` when the
        /// fragment has no object schema of that name.
        pub fn decode(
            component: &str,
            json: &::serde_json::Value,
        ) -> ::std::option::Option<::std::result::Result<crate::typed::Decoded, ::std::string::String>> {
            match component {
                #( #decodes )*
                _ => ::std::option::Option::None,
            }
        }

        /// Every open enum of the fragment, in its order.
        pub const OPEN_ENUMS: &[crate::typed::OpenEnumCase] = &[ #( #enums )* ];

        #( #calls )*
    }
}

/// `cloudflare_ssl::types::<Name>`.
fn client_type(schema: &str) -> TokenStream {
    let name = ident(&schema.to_upper_camel_case());
    quote! { ::cloudflare_ssl::types::#name }
}

fn call_name(operation: &Operation) -> proc_macro2::Ident {
    format_ident!("call_{}", super::names::method(operation))
}

fn case(operation: &Operation) -> TokenStream {
    let id = &operation.id;
    let method = operation.method.to_uppercase();
    let path = &operation.path;
    let path_parameters = operation.path_parameters.iter().map(|p| &p.name);
    let body = match &operation.body {
        Some(body) => {
            let schema = &body.schema;
            quote! { ::std::option::Option::Some(#schema) }
        }
        None => quote! { ::std::option::Option::None },
    };
    let success = &operation.success.schema;
    let failure = &operation.failure.schema;
    let call = call_name(operation);
    quote! {
        crate::operation::OperationCase {
            id: #id,
            method: #method,
            path: #path,
            path_parameters: &[ #( #path_parameters ),* ],
            body: #body,
            success: #success,
            failure: #failure,
            call: #call,
        },
    }
}

/// Calls the operation with `ids` as its path parameters (in the
/// template's order), the default query (by reference), and `body` decoded into the
/// body's type; what the client decoded comes back encoded as JSON, by
/// `result` (the envelope's `result`) or, for a list with `result_info`,
/// `page` (both).
fn call_fn(model: &Model, operation: &Operation) -> TokenStream {
    let name = call_name(operation);
    let method = super::names::method(operation);
    let doc = format!("Calls {}.", operation.headline());
    let mut arguments: Vec<TokenStream> = (0..operation.path_parameters.len())
        .map(|index| quote! { ids[#index] })
        .collect();
    if !operation.query_parameters.is_empty() {
        let query = ident(&format!("{}Query", operation.id.to_upper_camel_case()));
        // A reference: the methods take `&Query` or `impl Into<Query>`,
        // which a reference also is.
        arguments.push(quote! { &::cloudflare_ssl::types::#query::new() });
    }
    let body_name = match &operation.body {
        Some(body) => {
            let ty = client_type(&body.schema);
            arguments.push(quote! { crate::operation::body::<#ty>(body) });
            ident("body")
        }
        None => ident("_body"),
    };
    let ids_name = if operation.path_parameters.is_empty() {
        ident("_ids")
    } else {
        ident("ids")
    };
    let is_page = model
        .success_envelope(operation)
        .result
        .as_ref()
        .is_some_and(|result| result.array && result.result_info.is_some());
    let encode = if is_page {
        ident("page")
    } else {
        ident("result")
    };
    quote! {
        #[doc = #doc]
        fn #name<'a>(
            client: &'a ::cloudflare_ssl::Client,
            #ids_name: &'a [&'a str],
            #body_name: ::std::option::Option<::serde_json::Value>,
        ) -> crate::operation::CallFuture<'a> {
            ::std::boxed::Box::pin(async move {
                crate::operation::#encode(client.#method( #( #arguments ),* ).await)
            })
        }
    }
}
