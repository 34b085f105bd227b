//! One description per operation of the fragment, for the client's runtime.
//!
//! progenitor generates the types; the requests are sent by the client's
//! hand-written runtime (`src/operation.rs`, `src/call.rs`). What the runtime
//! needs to know about each operation — method, path template and its
//! parameters, request body, the documented statuses and the envelopes they
//! carry — is read here from the fragment and emitted as a struct that
//! implements `crate::operation::Operation`, so no hand-written code repeats
//! what the fragment says. `methods` turns each description into the public
//! `Client` methods, and `query` into a public struct of its query
//! parameters. Constructs the runtime cannot send yet (header or cookie
//! parameters, inline schemas, bodies that are not JSON, a `default`
//! response) are refused with the place in the fragment, never skipped.

// tidy: long file: reading one operation out of the fragment and emitting its
// description are one pass over the same JSON; the emitted shape is tested as
// a whole by xtask/testdata/codegen/operations.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;
use serde_json::Value;

use super::fragment::{Fragment, FragmentError, pointer_segment, required_properties};
use super::methods;
use super::query::{self, QueryParameter};

const JSON: &str = "application/json";
pub(super) const SCHEMAS: &str = "#/components/schemas/";
/// The envelope members the runtime reads (Cloudflare's API v4 envelope).
const ENVELOPE_LISTS: [&str; 2] = ["errors", "messages"];
const RESPONSE_INFO: &str = "ResponseInfo";
/// The schema of a list's `result_info` (Cloudflare's pagination facts),
/// which the runtime's `Page` carries.
const RESULT_INFO: &str = "ResultInfo";

/// Every operation of `fragment`, as Rust source: one struct each, the
/// `Operation` impls, the envelope impls of the response types they use,
/// the public query structs and the `Client` methods.
pub fn generate(fragment: &Fragment) -> Result<TokenStream, FragmentError> {
    let mut structs = Vec::new();
    let mut query_structs = Vec::new();
    let mut request_bodies = std::collections::BTreeMap::new();
    let mut client_methods = Vec::new();
    let mut success_envelopes = BTreeSet::new();
    let mut failure_envelopes = BTreeSet::new();
    for (path, item) in fragment.spec.paths.iter() {
        let pointer = format!("/paths/{}", pointer_segment(path));
        let item_json = fragment
            .json
            .pointer(&pointer)
            .ok_or_else(|| fragment.error_at(&pointer, "path item not found"))?;
        if item_json.get("$ref").is_some() {
            return Err(fragment.error_at(&pointer, "a `$ref` path item is not supported"));
        }
        if item_json.get("parameters").is_some() {
            return Err(fragment.error_at(
                &format!("{pointer}/parameters"),
                "path-level parameters are not supported: declare them on each operation",
            ));
        }
        let Some(item) = item.as_item() else {
            continue;
        };
        for (method, _) in item.iter() {
            let operation =
                Operation::read(fragment, path, method, &format!("{pointer}/{method}"))?;
            success_envelopes.insert(operation.success.schema.clone());
            failure_envelopes.insert(operation.failure.schema.clone());
            if let Some(body) = &operation.body {
                request_bodies.insert(body.schema.clone(), body.only_required.clone());
            }
            structs.push(operation.to_tokens());
            query_structs.extend(query::query_struct(&operation));
            client_methods.push(methods::client_methods(&operation));
        }
    }
    let success_impls = success_envelopes
        .iter()
        .map(|name| success_envelope(fragment, name))
        .collect::<Result<Vec<_>, _>>()?;
    let failure_impls = failure_envelopes
        .iter()
        .map(|name| failure_envelope(fragment, name))
        .collect::<Result<Vec<_>, _>>()?;
    let conversions = request_bodies
        .iter()
        .map(|(schema, only_required)| methods::body_conversions(schema, only_required.as_deref()));
    Ok(quote! {
        #( #conversions )*
        /// The query parameters of the operations that take them: public,
        /// as `crate::types`.
        pub mod queries {
            #( #query_structs )*
        }
        impl crate::Client {
            #( #client_methods )*
        }
        #( #structs )*
        #( #success_impls )*
        #( #failure_impls )*
    })
}

/// What one operation says, read from the fragment.
pub(super) struct Operation {
    pub id: String,
    pub method: String,
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// In the order they appear in the path template.
    pub path_parameters: Vec<PathParameter>,
    /// In the fragment's order.
    pub query_parameters: Vec<QueryParameter>,
    pub body: Option<Body>,
    pub success: Responses,
    pub failure: Responses,
    /// The Rust type of the success envelope's `result`, as callers get it.
    pub result_type: TokenStream,
}

pub(super) struct PathParameter {
    pub name: String,
    pub description: Option<String>,
    max_length: Option<u64>,
}

pub(super) struct Body {
    pub schema: String,
    /// Required top-level properties that hold an open enum, and optional ones.
    enums: Vec<(String, bool)>,
    /// The schema of the body's one required property, when it has exactly
    /// one and it is a `$ref`: the body converts from its value
    /// (`Body::new(value)`), whatever optional properties it has.
    pub only_required: Option<String>,
}

/// The statuses of one outcome and the schema they share.
pub(super) struct Responses {
    ranges: Vec<(u16, u16)>,
    schema: String,
}

impl Operation {
    fn read(
        fragment: &Fragment,
        path: &str,
        method: &str,
        pointer: &str,
    ) -> Result<Self, FragmentError> {
        let json = fragment
            .json
            .pointer(pointer)
            .ok_or_else(|| fragment.error_at(pointer, "operation not found"))?;
        let id = json
            .get("operationId")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty())
            .ok_or_else(|| fragment.error_at(pointer, "every operation needs an `operationId`"))?
            .to_owned();
        let summary = json
            .get("summary")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let description = json
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let (path_parameters, query_parameters) = parameters(fragment, path, pointer, json)?;
        let body = request_body(fragment, pointer, json)?;
        let (success, failure) = responses(fragment, pointer, json)?;
        let result_type = success_result(fragment, &success.schema)?.0;
        Ok(Self {
            id,
            method: method.to_owned(),
            path: path.to_owned(),
            summary,
            description,
            path_parameters,
            query_parameters,
            body,
            success,
            failure,
            result_type,
        })
    }

    /// The description struct's name.
    pub fn struct_name(&self) -> Ident {
        ident(&self.id.to_upper_camel_case())
    }

    /// `METHOD /path` (`id`): summary.
    pub fn headline(&self) -> String {
        let mut doc = format!(
            "`{} {}` (`{}`)",
            self.method.to_uppercase(),
            self.path,
            self.id
        );
        if let Some(summary) = &self.summary {
            doc.push_str(": ");
            doc.push_str(summary);
        }
        doc
    }

    fn to_tokens(&self) -> TokenStream {
        let name = self.struct_name();
        let id = &self.id;
        let method = ident(&self.method.to_uppercase());
        let doc = self.headline();

        let fields = self.path_parameters.iter().map(|parameter| {
            let field = ident(&parameter.name.to_snake_case());
            let doc = match &parameter.description {
                Some(description) => format!("`{}`: {description}", parameter.name),
                None => format!("`{}`", parameter.name),
            };
            quote! { #[doc = #doc] pub #field: &'a str, }
        });
        let body_field = self.body.as_ref().map(|body| {
            let ty = type_path(&body.schema);
            quote! { /// The JSON request body.
            pub body: &'a #ty, }
        });
        let query_field = (!self.query_parameters.is_empty()).then(|| {
            let ty = query::struct_path(self);
            quote! { /// The query parameters.
            pub query: &'a #ty, }
        });
        let borrows =
            !self.path_parameters.is_empty() || self.body.is_some() || query_field.is_some();
        let write_query = query::write_query(self);
        let (definition, implemented) = if borrows {
            (
                quote! { pub(crate) struct #name<'a> { #( #fields )* #query_field #body_field } },
                quote! { #name<'_> },
            )
        } else {
            (quote! { pub(crate) struct #name; }, quote! { #name })
        };

        let write_path = self.write_path();
        let body_fn = match &self.body {
            Some(body) => {
                let checks = body.enums.iter().map(|(property, required)| {
                    let field = ident(&property.to_snake_case());
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
        let success_ranges = ranges(&self.success.ranges);
        let envelope = type_path(&self.success.schema);
        let failure_ranges = ranges(&self.failure.ranges);
        let failure = type_path(&self.failure.schema);

        quote! {
            #[doc = #doc]
            #[derive(Clone, Copy, Debug)]
            #definition

            impl crate::operation::Operation for #implemented {
                const ID: &'static str = #id;
                const METHOD: ::reqwest::Method = ::reqwest::Method::#method;
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
    fn write_path(&self) -> TokenStream {
        let mut out = TokenStream::new();
        let mut rest = self.path.as_str();
        while let Some(open) = rest.find('{') {
            let literal = &rest[..open];
            if !literal.is_empty() {
                out.extend(quote! { url.push_str(#literal); });
            }
            let close = rest[open..].find('}').map_or(rest.len(), |i| open + i);
            let name = &rest[open + 1..close];
            if let Some(parameter) = self.path_parameters.iter().find(|p| p.name == name) {
                let field = ident(&name.to_snake_case());
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
}

/// The operation's path parameters, each one named in the template exactly
/// once, and its query parameters; header and cookie parameters are refused.
fn parameters(
    fragment: &Fragment,
    path: &str,
    pointer: &str,
    operation: &Value,
) -> Result<(Vec<PathParameter>, Vec<QueryParameter>), FragmentError> {
    let in_template = template_names(path);
    let mut out = Vec::new();
    let mut query_parameters = Vec::new();
    let parameters = operation
        .get("parameters")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for (index, parameter) in parameters.iter().enumerate() {
        let here = format!("{pointer}/parameters/{index}");
        let parameter = resolve(fragment, &here, parameter)?;
        let location = parameter.get("in").and_then(Value::as_str).unwrap_or("");
        if location == "query" {
            query_parameters.push(query::read(fragment, &here, parameter)?);
            continue;
        }
        if location != "path" {
            return Err(fragment.error_at(
                &here,
                &format!("`in: {location}` parameters are not supported by the runtime yet"),
            ));
        }
        let name = parameter
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if !in_template.contains(&name) {
            return Err(fragment.error_at(
                &here,
                &format!("path parameter `{name}` does not appear in the path `{path}`"),
            ));
        }
        let schema = parameter
            .get("schema")
            .ok_or_else(|| fragment.error_at(&here, "a path parameter needs a `schema`"))?;
        let schema = resolve(fragment, &format!("{here}/schema"), schema)?;
        if schema.get("type").and_then(Value::as_str) != Some("string") {
            return Err(fragment.error_at(
                &format!("{here}/schema"),
                "only string path parameters are supported",
            ));
        }
        out.push(PathParameter {
            name,
            description: parameter
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            max_length: schema.get("maxLength").and_then(Value::as_u64),
        });
    }
    for name in &in_template {
        if !out.iter().any(|p| &p.name == name) {
            return Err(fragment.error_at(
                pointer,
                &format!("`{{{name}}}` in the path has no parameter"),
            ));
        }
    }
    out.sort_by_key(|p| in_template.iter().position(|n| *n == p.name));
    Ok((out, query_parameters))
}

fn template_names(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|piece| piece.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

fn request_body(
    fragment: &Fragment,
    pointer: &str,
    operation: &Value,
) -> Result<Option<Body>, FragmentError> {
    let Some(body) = operation.get("requestBody") else {
        return Ok(None);
    };
    let here = format!("{pointer}/requestBody");
    let body = resolve(fragment, &here, body)?;
    let schema = json_schema_name(fragment, &here, body)?;
    let properties = component(fragment, &schema)?;
    let required = required_properties(properties);
    let mut enums = Vec::new();
    let members = properties.get("properties").and_then(Value::as_object);
    let only_required = match required.as_slice() {
        [only] => members
            .and_then(|members| members.get(*only))
            .and_then(|value| value.get("$ref")?.as_str()?.strip_prefix(SCHEMAS))
            .map(str::to_owned),
        _ => None,
    };
    for (property, value) in members.into_iter().flatten() {
        let Some(target) = value.get("$ref").and_then(Value::as_str) else {
            continue;
        };
        let target = target.trim_start_matches(SCHEMAS);
        if component(fragment, target)?.get("enum").is_some() {
            enums.push((property.clone(), required.contains(&property.as_str())));
        }
    }
    Ok(Some(Body {
        schema,
        enums,
        only_required,
    }))
}

/// The success statuses with their shared schema, and the failure statuses
/// with theirs.
fn responses(
    fragment: &Fragment,
    pointer: &str,
    operation: &Value,
) -> Result<(Responses, Responses), FragmentError> {
    let here = format!("{pointer}/responses");
    let responses = operation
        .get("responses")
        .and_then(Value::as_object)
        .ok_or_else(|| fragment.error_at(&here, "an operation needs `responses`"))?;
    let mut success: Option<Responses> = None;
    let mut failure: Option<Responses> = None;
    for (status, response) in responses {
        let at = format!("{here}/{}", pointer_segment(status));
        let range = status_range(status).ok_or_else(|| {
            fragment.error_at(
                &at,
                "only numeric statuses and `1XX`…`5XX` ranges are supported (no `default`)",
            )
        })?;
        let response = resolve(fragment, &at, response)?;
        let schema = json_schema_name(fragment, &at, response)?;
        let slot = if range.0 < 400 {
            &mut success
        } else {
            &mut failure
        };
        match slot {
            Some(existing) if existing.schema != schema => {
                return Err(fragment.error_at(
                    &at,
                    &format!(
                        "its schema `{schema}` differs from `{}` of another status of the same \
                         outcome; the runtime decodes one schema per outcome",
                        existing.schema
                    ),
                ));
            }
            Some(existing) => existing.ranges.push(range),
            None => {
                *slot = Some(Responses {
                    ranges: vec![range],
                    schema,
                })
            }
        }
    }
    let success = success
        .ok_or_else(|| fragment.error_at(&here, "an operation needs a success (2XX) response"))?;
    // Cloudflare documents its failure envelope on every operation; the
    // runtime reads failures through it.
    let failure = failure
        .ok_or_else(|| fragment.error_at(&here, "an operation needs a failure (4XX) response"))?;
    Ok((success, failure))
}

fn status_range(status: &str) -> Option<(u16, u16)> {
    if let Ok(code) = status.parse::<u16>() {
        return (100..=599).contains(&code).then_some((code, code));
    }
    let class = status.strip_suffix("XX")?.parse::<u16>().ok()?;
    (1..=5)
        .contains(&class)
        .then_some((class * 100, class * 100 + 99))
}

/// The component schema named by `$ref` in the `application/json` content of
/// a request body or response.
fn json_schema_name(
    fragment: &Fragment,
    pointer: &str,
    holder: &Value,
) -> Result<String, FragmentError> {
    let content = holder
        .get("content")
        .and_then(Value::as_object)
        .ok_or_else(|| fragment.error_at(pointer, "a body without `content` is not supported"))?;
    if let Some(other) = content.keys().find(|media| media.as_str() != JSON) {
        return Err(fragment.error_at(
            &format!("{pointer}/content/{}", pointer_segment(other)),
            "only `application/json` bodies are supported",
        ));
    }
    content
        .get(JSON)
        .and_then(|media| media.get("schema"))
        .and_then(|schema| schema.get("$ref"))
        .and_then(Value::as_str)
        .and_then(|reference| reference.strip_prefix(SCHEMAS))
        .map(str::to_owned)
        .ok_or_else(|| {
            fragment.error_at(
                &format!("{pointer}/content/{}/schema", pointer_segment(JSON)),
                "the schema must be a `$ref` to a named component schema, so its Rust type has a stable name",
            )
        })
}

/// `impl SuccessEnvelope` for a success schema: which members hold the
/// outcome, the errors and messages, and the result.
fn success_envelope(fragment: &Fragment, name: &str) -> Result<TokenStream, FragmentError> {
    let schema = component(fragment, name)?;
    let pointer = format!("/components/schemas/{name}");
    let lists = envelope_lists(fragment, &pointer, schema)?;
    let (result_type, result_value) = success_result(fragment, name)?;
    let ty = type_path(name);
    Ok(quote! {
        impl crate::operation::SuccessEnvelope for #ty {
            type Result = #result_type;
            fn into_parts(self) -> crate::operation::Parts<Self::Result> {
                crate::operation::Parts {
                    success: self.success,
                    #lists
                    result: #result_value,
                }
            }
        }
    })
}

/// What callers get from a success envelope's `result`, and the expression
/// that takes it out of `self` as an `Option`:
/// - a `$ref` to a named schema: that type;
/// - an array of one: a `Vec` of it, or, when the envelope also has a
///   `result_info` (Cloudflare's pagination facts), a `crate::Page` of it.
fn success_result(
    fragment: &Fragment,
    name: &str,
) -> Result<(TokenStream, TokenStream), FragmentError> {
    let schema = component(fragment, name)?;
    let pointer = format!("/components/schemas/{name}/properties/result");
    let result = schema
        .pointer("/properties/result")
        .ok_or_else(|| fragment.error_at(&pointer, "a success envelope needs a `result`"))?;
    let named = |value: &Value| {
        value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix(SCHEMAS))
            .map(type_path)
    };
    let is_array = result.get("type").and_then(Value::as_str) == Some("array");
    let item = if is_array {
        result.get("items").and_then(named)
    } else {
        named(result)
    }
    .ok_or_else(|| {
        fragment.error_at(
            &pointer,
            "`result` must be a `$ref` to a named component schema, or an array of one",
        )
    })?;
    let optional = !is_required(schema, "result")
        || result.get("nullable").and_then(Value::as_bool) == Some(true);
    let taken = if optional {
        quote! { self.result }
    } else {
        quote! { ::std::option::Option::Some(self.result) }
    };
    if !is_array {
        return Ok((item, taken));
    }
    let Some(info) = schema.pointer("/properties/result_info") else {
        return Ok((quote! { ::std::vec::Vec<#item> }, taken));
    };
    if info.get("$ref").and_then(Value::as_str) != Some(&format!("{SCHEMAS}{RESULT_INFO}")) {
        return Err(fragment.error_at(
            &format!("/components/schemas/{name}/properties/result_info"),
            &format!("`result_info` must be a `$ref` to `{RESULT_INFO}`"),
        ));
    }
    let info = if is_required(schema, "result_info") {
        quote! { ::std::option::Option::Some(self.result_info) }
    } else {
        quote! { self.result_info }
    };
    Ok((
        quote! { crate::Page<#item> },
        quote! { #taken.map(|items| crate::Page::new(items, #info)) },
    ))
}

/// `impl FailureEnvelope` for a failure schema.
fn failure_envelope(fragment: &Fragment, name: &str) -> Result<TokenStream, FragmentError> {
    let schema = component(fragment, name)?;
    let pointer = format!("/components/schemas/{name}");
    let lists = envelope_lists(fragment, &pointer, schema)?;
    let ty = type_path(name);
    Ok(quote! {
        impl crate::operation::FailureEnvelope for #ty {
            fn into_parts(self) -> crate::operation::Parts<()> {
                crate::operation::Parts {
                    success: self.success,
                    #lists
                    result: ::std::option::Option::None,
                }
            }
        }
    })
}

/// `success` (a required boolean), and `errors` and `messages` (arrays of
/// `ResponseInfo`, which the runtime's `Error` carries), as struct fields.
fn envelope_lists(
    fragment: &Fragment,
    pointer: &str,
    schema: &Value,
) -> Result<TokenStream, FragmentError> {
    let success = schema.pointer("/properties/success/type");
    if success.and_then(Value::as_str) != Some("boolean") || !is_required(schema, "success") {
        return Err(fragment.error_at(pointer, "an envelope needs a required boolean `success`"));
    }
    let mut out = TokenStream::new();
    for list in ENVELOPE_LISTS {
        let items = schema
            .pointer(&format!("/properties/{list}/items/$ref"))
            .and_then(Value::as_str);
        if items != Some(&format!("{SCHEMAS}{RESPONSE_INFO}")) {
            return Err(fragment.error_at(
                &format!("{pointer}/properties/{list}"),
                &format!("`{list}` must be an array of `{RESPONSE_INFO}`"),
            ));
        }
        let field = ident(list);
        // Optional arrays are `Option<Vec<_>>` (see nullable_arrays.rs).
        out.extend(if is_required(schema, list) {
            quote! { #field: self.#field, }
        } else {
            quote! { #field: self.#field.unwrap_or_default(), }
        });
    }
    Ok(out)
}

fn is_required(schema: &Value, property: &str) -> bool {
    required_properties(schema).contains(&property)
}

pub(super) fn component<'f>(
    fragment: &'f Fragment,
    name: &str,
) -> Result<&'f Value, FragmentError> {
    let pointer = format!("/components/schemas/{}", pointer_segment(name));
    fragment
        .json
        .pointer(&pointer)
        .ok_or_else(|| fragment.error_at(&pointer, "referenced schema not found"))
}

/// Follows one local `$ref` (parameters, request bodies, responses).
fn resolve<'f>(
    fragment: &'f Fragment,
    pointer: &str,
    value: &'f Value,
) -> Result<&'f Value, FragmentError> {
    match value.get("$ref").and_then(Value::as_str) {
        None => Ok(value),
        Some(reference) => reference
            .strip_prefix('#')
            .and_then(|target| fragment.json.pointer(target))
            .ok_or_else(|| {
                fragment.error_at(pointer, &format!("`$ref` {reference:?} does not resolve"))
            }),
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

/// typify names a component schema's type after it in UpperCamelCase.
pub(super) fn type_path(schema: &str) -> TokenStream {
    let name = ident(&schema.to_upper_camel_case());
    quote! { crate::types::#name }
}

pub(super) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}
