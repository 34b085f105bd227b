//! Generated structs that can grow without breaking callers.
//!
//! Every struct typify emits becomes `#[non_exhaustive]`: a property
//! Cloudflare adds to a schema (and the fragment then declares) adds a
//! field, which would break every struct literal outside the crate. So no
//! caller writes one; each struct gets instead
//! - `new(<required fields>)`, every optional field `None`;
//! - one setter per optional field, `.field(value)`, which sets `Some(value)`;
//!   a flattened map of undeclared properties (`extra_properties.rs`)
//!   starts empty.
//!
//! A new optional property then only adds a setter. Fields stay public to
//! read and to assign.
//!
//! The fragment says how many structs there must be (its object schemas);
//! a different count means typify's output changed, and this fails instead
//! of silently doing less.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Fields, GenericArgument, Item, PathArguments, Type, parse_quote};

use crate::model::Model;

/// Marks every struct of `file` `#[non_exhaustive]` and adds its
/// constructor and setters, or fails when the structs are not the
/// fragment's object schemas in number.
pub fn add(model: &Model, file: &mut syn::File) -> Result<(), String> {
    let expected = model.components.iter().filter(|c| c.object).count();
    let mut impls = Vec::new();
    for item in &mut file.items {
        let Item::Struct(item) = item else { continue };
        let Fields::Named(fields) = &item.fields else {
            continue;
        };
        item.attrs.push(parse_quote!(#[non_exhaustive]));
        let name = &item.ident;
        let mut parameters = Vec::new();
        let mut initialisers = Vec::new();
        let mut setters = Vec::new();
        for field in &fields.named {
            let Some(ident) = &field.ident else { continue };
            let flattened = field.attrs.iter().any(|attr| {
                attr.path().is_ident("serde")
                    && attr
                        .meta
                        .require_list()
                        .is_ok_and(|list| list.tokens.to_string() == "flatten")
            });
            if flattened {
                initialisers.push(quote! { #ident: ::std::default::Default::default() });
                continue;
            }
            match option_inner(&field.ty) {
                Some(inner) => {
                    initialisers.push(quote! { #ident: ::std::option::Option::None });
                    let doc = format!("Sets `{ident}` to `Some({ident})`.");
                    setters.push(quote! {
                        #[doc = #doc]
                        pub fn #ident(mut self, #ident: #inner) -> Self {
                            self.#ident = ::std::option::Option::Some(#ident);
                            self
                        }
                    });
                }
                None => {
                    let ty = &field.ty;
                    parameters.push(quote! { #ident: #ty });
                    initialisers.push(quote! { #ident });
                }
            }
        }
        impls.push(constructor(name, &parameters, &initialisers, &setters));
    }
    if impls.len() != expected {
        return Err(format!(
            "constructors: the fragment has {expected} object schema(s), but typify's output had \
             {} struct(s); typify's output changed: revisit xtask/src/codegen/constructors.rs",
            impls.len()
        ));
    }
    for tokens in impls {
        file.items.push(
            syn::parse2(tokens)
                .map_err(|e| format!("constructors: the generated impl does not parse: {e}"))?,
        );
    }
    Ok(())
}

fn constructor(
    name: &syn::Ident,
    parameters: &[TokenStream],
    initialisers: &[TokenStream],
    setters: &[TokenStream],
) -> TokenStream {
    let doc = if parameters.is_empty() {
        format!("A `{name}` with every field `None`; set them with the setters.")
    } else {
        format!("A `{name}` from its required fields; every optional field is `None`.")
    };
    quote! {
        impl #name {
            #[doc = #doc]
            #[allow(clippy::too_many_arguments, clippy::new_without_default)]
            pub fn new(#( #parameters ),*) -> Self {
                Self { #( #initialisers ),* }
            }
            #( #setters )*
        }
    }
}

/// `T` when `ty` is `::std::option::Option<T>` (typify's spelling).
fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return None;
    };
    match arguments.args.first()? {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case() -> Model {
        super::super::cases::case_model("nullable_arrays")
    }

    #[test]
    fn fails_when_the_structs_are_not_the_fragments_objects() {
        let mut empty: syn::File = parse_quote! {};
        let message = add(&case(), &mut empty).expect_err("no struct");
        assert!(
            message.starts_with("constructors: the fragment has"),
            "{message}"
        );
        assert!(message.contains("had 0 struct(s)"), "{message}");
    }
}
