//! The client's `generated_operations.rs`: for every operation of the
//! model, its description for the runtime (`descriptions`) and its `Client`
//! methods (`methods`), with the envelope impls of the response types and
//! the conversions of the request bodies; and `generated_queries.rs`, the
//! public query structs (`queries`), types that name nothing of the client
//! (so the hand-written client can name them without an import circle).

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::{descriptions, methods, queries};
use crate::model::Model;

pub fn generate(model: &Model) -> TokenStream {
    let structs = model
        .operations
        .iter()
        .map(descriptions::description_struct);
    let client_methods = model
        .operations
        .iter()
        .map(|operation| methods::client_methods(model, operation));
    let request_bodies: BTreeMap<&str, Option<&str>> = model
        .operations
        .iter()
        .filter_map(|operation| operation.body.as_ref())
        .map(|body| (body.schema.as_str(), body.only_required.as_deref()))
        .collect();
    let conversions = request_bodies
        .iter()
        .map(|(schema, only_required)| methods::body_conversions(schema, *only_required));
    let envelopes = model.envelopes.values().map(descriptions::envelope_impl);
    quote! {
        #( #conversions )*
        impl crate::Client {
            #( #client_methods )*
        }
        #( #structs )*
        #( #envelopes )*
    }
}

/// The query structs: public, under `crate::types`.
pub fn queries(model: &Model) -> TokenStream {
    let query_structs = model
        .operations
        .iter()
        .filter_map(queries::query_struct_item);
    quote! { #( #query_structs )* }
}
