//! Optional arrays that tolerate `null` and keep `[]`.
//!
//! typify 0.8 emits an optional array as `Vec<T>` with
//! `#[serde(default, skip_serializing_if = "Vec::is_empty")]`: a `null` from
//! the server fails the whole response, and `[]` is dropped on re-encoding.
//! Cloudflare sends both, so such fields become `Option<Vec<T>>`.
//!
//! The fragment says how many such fields there must be (every optional
//! array property of a component schema); a different count means typify's
//! output changed, and the rewrite fails instead of silently doing less.

use syn::visit_mut::VisitMut;
use syn::{Field, parse_quote};

use crate::model::Model;

const VEC_DEFAULT: &str = "default , skip_serializing_if = \"::std::vec::Vec::is_empty\"";

/// Rewrites every such field in `file`, or fails when their number is not
/// the number of optional arrays in `fragment`.
pub fn rewrite(model: &Model, file: &mut syn::File) -> Result<(), String> {
    let expected: usize = model
        .components
        .iter()
        .map(|c| c.optional_arrays.len())
        .sum();
    let mut visitor = Rewriter { count: 0 };
    visitor.visit_file_mut(file);
    if visitor.count == expected {
        Ok(())
    } else {
        Err(format!(
            "nullable_arrays: the fragment has {expected} optional array propert(ies), but \
             typify's output had {} field(s) with `#[serde({VEC_DEFAULT})]`; typify's output \
             changed: revisit xtask/src/codegen/nullable_arrays.rs",
            visitor.count
        ))
    }
}

struct Rewriter {
    count: usize,
}

impl VisitMut for Rewriter {
    fn visit_field_mut(&mut self, field: &mut Field) {
        let Some(index) = field.attrs.iter().position(|attr| {
            attr.path().is_ident("serde")
                && attr
                    .meta
                    .require_list()
                    .is_ok_and(|list| list.tokens.to_string() == VEC_DEFAULT)
        }) else {
            return;
        };
        let ty = &field.ty;
        field.ty = parse_quote!(::std::option::Option<#ty>);
        field.attrs[index] =
            parse_quote!(#[serde(default, skip_serializing_if = "::std::option::Option::is_none")]);
        self.count += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case() -> Model {
        super::super::cases::case_model("nullable_arrays")
    }

    /// The case's spec has one optional, non-nullable array; typify's output
    /// without that field (or with it already an `Option`) means typify
    /// changed, and the rewrite says so instead of doing less.
    #[test]
    fn fails_when_it_no_longer_changes_what_the_fragment_says_it_must() {
        let mut already_optional: syn::File = parse_quote! {
            pub struct Listing {
                #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
                pub sometimes: ::std::option::Option<::std::vec::Vec<::std::string::String>>,
            }
        };
        let message = rewrite(&case(), &mut already_optional).expect_err("nothing to rewrite");
        assert!(
            message.starts_with("nullable_arrays: the fragment has 1 optional array"),
            "{message}"
        );
        assert!(message.contains("had 0 field(s)"), "{message}");
    }

    #[test]
    fn rewrites_exactly_the_fields_the_fragment_predicts() {
        let mut typify: syn::File = parse_quote! {
            pub struct Listing {
                #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
                pub sometimes: ::std::vec::Vec<::std::string::String>,
            }
        };
        rewrite(&case(), &mut typify).expect("one field, as predicted");
        let expected: syn::File = parse_quote! {
            pub struct Listing {
                #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
                pub sometimes: ::std::option::Option<::std::vec::Vec<::std::string::String>>,
            }
        };
        assert_eq!(typify, expected);
    }
}
