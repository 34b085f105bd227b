//! One description per operation, for the client's runtime: a struct that
//! implements `crate::operation::Operation` (method, path template and its
//! checked parameters, query, body, the documented statuses and the
//! envelopes they carry), and the envelope impls of the response types.
//! The hand-written runtime (`src/call.rs`) runs any of them, so no
//! hand-written code repeats what the fragment says.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::names::{description, field, ident, query_struct_path, result_type, type_path};
use super::queries;
use crate::model::{ENVELOPE_LISTS, Envelope, Operation};

/// The description struct of `operation` and its `Operation` impl.
pub fn description_struct(operation: &Operation) -> TokenStream {
    let name = description(operation);
    let id = &operation.id;
    let method = ident(&operation.method.to_uppercase());
    let idempotent = operation.idempotent;
    let doc = operation.headline();

    let fields = operation.path_parameters.iter().map(|parameter| {
        let field = field(&parameter.name);
        let doc = match &parameter.description {
            Some(description) => format!("`{}`: {description}", parameter.name),
            None => format!("`{}`", parameter.name),
        };
        quote! { #[doc = #doc] pub #field: &'a str, }
    });
    let body_field = operation.body.as_ref().map(|body| {
        let ty = type_path(&body.schema);
        quote! { /// The JSON request body.
        pub body: &'a #ty, }
    });
    let query_field = (!operation.query_parameters.is_empty()).then(|| {
        let ty = query_struct_path(operation);
        quote! { /// The query parameters.
        pub query: &'a #ty, }
    });
    let borrows =
        !operation.path_parameters.is_empty() || operation.body.is_some() || query_field.is_some();
    let write_query = queries::write_query(operation);
    let (definition, implemented) = if borrows {
        (
            quote! { pub(crate) struct #name<'a> { #( #fields )* #query_field #body_field } },
            quote! { #name<'_> },
        )
    } else {
        (quote! { pub(crate) struct #name; }, quote! { #name })
    };

    let write_path = write_path(operation);
    let body_fn = match &operation.body {
        Some(body) => {
            let checks = body.enums.iter().map(|(property, required)| {
                let field = field(property);
                if *required {
                    quote! { crate::operation::known_value(#property, &self.body.#field)?; }
                } else {
                    quote! {
                        if let ::std::option::Option::Some(value) = &self.body.#field {
                            crate::operation::known_value(#property, value)?;
                        }
                    }
                }
            });
            quote! {
                #( #checks )*
                crate::operation::json_body(self.body).map(::std::option::Option::Some)
            }
        }
        None => quote! { ::std::result::Result::Ok(::std::option::Option::None) },
    };
    let success_ranges = ranges(&operation.success.ranges);
    let envelope = type_path(&operation.success.schema);
    let failure_ranges = ranges(&operation.failure.ranges);
    let failure = type_path(&operation.failure.schema);

    quote! {
        #[doc = #doc]
        #[derive(Clone, Copy, Debug)]
        #definition

        impl crate::operation::Operation for #implemented {
            const ID: &'static str = #id;
            const METHOD: ::reqwest::Method = ::reqwest::Method::#method;
            const IDEMPOTENT: bool = #idempotent;
            const SUCCESS_STATUSES: &'static [(u16, u16)] = #success_ranges;
            const FAILURE_STATUSES: &'static [(u16, u16)] = #failure_ranges;
            type Envelope = #envelope;
            type Failure = #failure;

            fn write_path(&self, url: &mut ::std::string::String) -> ::std::result::Result<(), crate::Error> {
                #write_path
                ::std::result::Result::Ok(())
            }

            #write_query

            fn body(&self) -> ::std::result::Result<::std::option::Option<::std::vec::Vec<u8>>, crate::Error> {
                #body_fn
            }
        }
    }
}

/// The path template as literal pieces and checked, encoded parameters.
fn write_path(operation: &Operation) -> TokenStream {
    let mut out = TokenStream::new();
    let mut rest = operation.path.as_str();
    while let Some(open) = rest.find('{') {
        let literal = &rest[..open];
        if !literal.is_empty() {
            out.extend(quote! { url.push_str(#literal); });
        }
        let close = rest[open..].find('}').map_or(rest.len(), |i| open + i);
        let name = &rest[open + 1..close];
        if let Some(parameter) = operation.path_parameters.iter().find(|p| p.name == name) {
            let field = field(name);
            let max_length = match parameter.max_length {
                Some(max) => {
                    let max = Literal::u64_unsuffixed(max);
                    quote! { ::std::option::Option::Some(#max) }
                }
                None => quote! { ::std::option::Option::None },
            };
            out.extend(quote! {
                crate::operation::push_path_segment(url, #name, #max_length, self.#field)?;
            });
        }
        rest = rest.get(close + 1..).unwrap_or_default();
    }
    if !rest.is_empty() {
        out.extend(quote! { url.push_str(#rest); });
    }
    out
}

/// `impl SuccessEnvelope` (with a `result`) or `impl FailureEnvelope` for
/// an envelope: which members hold the outcome, the errors and messages,
/// and the result.
pub fn envelope_impl(envelope: &Envelope) -> TokenStream {
    let ty = type_path(&envelope.schema);
    let lists = ENVELOPE_LISTS
        .iter()
        .zip(envelope.lists_required)
        .map(|(list, required)| {
            let field = ident(list);
            // Optional arrays are `Option<Vec<_>>` (see nullable_arrays.rs).
            if required {
                quote! { #field: self.#field, }
            } else {
                quote! { #field: self.#field.unwrap_or_default(), }
            }
        });
    let Some(result) = &envelope.result else {
        return quote! {
            impl crate::operation::FailureEnvelope for #ty {
                fn into_parts(self) -> crate::operation::Parts<()> {
                    crate::operation::Parts {
                        success: self.success,
                        #( #lists )*
                        result: ::std::option::Option::None,
                    }
                }
            }
        };
    };
    let taken = if result.optional {
        quote! { self.result }
    } else {
        quote! { ::std::option::Option::Some(self.result) }
    };
    let value = match result.result_info {
        Some(true) => quote! {
            #taken.map(|items| crate::Page::new(items, ::std::option::Option::Some(self.result_info)))
        },
        Some(false) => quote! { #taken.map(|items| crate::Page::new(items, self.result_info)) },
        None => taken,
    };
    let result_type = result_type(envelope);
    quote! {
        impl crate::operation::SuccessEnvelope for #ty {
            type Result = #result_type;
            fn into_parts(self) -> crate::operation::Parts<Self::Result> {
                crate::operation::Parts {
                    success: self.success,
                    #( #lists )*
                    result: #value,
                }
            }
        }
    }
}

fn ranges(ranges: &[(u16, u16)]) -> TokenStream {
    let pairs = ranges.iter().map(|(low, high)| {
        let (low, high) = (
            Literal::u16_unsuffixed(*low),
            Literal::u16_unsuffixed(*high),
        );
        quote! { (#low, #high) }
    });
    quote! { &[ #( #pairs ),* ] }
}
