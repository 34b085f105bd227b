//! Optional arrays that tolerate `null` and keep `[]`.
//!
//! typify 0.8 emits an optional array as `Vec<T>` with
//! `#[serde(default, skip_serializing_if = "Vec::is_empty")]`: a `null` from
//! the server fails the whole response, and `[]` is dropped on re-encoding.
//! Cloudflare sends both, so such fields become `Option<Vec<T>>`.

use syn::visit_mut::VisitMut;
use syn::{Field, parse_quote};

const VEC_DEFAULT: &str = "default , skip_serializing_if = \"::std::vec::Vec::is_empty\"";

/// Rewrites every such field in `file`; returns how many it rewrote.
pub fn rewrite(file: &mut syn::File) -> usize {
    let mut visitor = Rewriter { count: 0 };
    visitor.visit_file_mut(file);
    visitor.count
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
