//! Path segments encoded as RFC 3986 requires.
//!
//! progenitor's `encode_path` leaves `[`, `]`, `^` and `|` as they are, and
//! RFC 3986 allows none of them in a path. The generated methods call the
//! client crate's own encoder (`crate::path_segment::encode`) instead.

use proc_macro2::{Group, TokenStream, TokenTree};
use syn::visit_mut::VisitMut;
use syn::{Expr, ExprCall, Macro, parse_quote};

/// Rewrites every `encode_path(…)` call in `file`; returns how many.
pub fn rewrite(file: &mut syn::File) -> usize {
    let mut visitor = Rewriter { count: 0 };
    visitor.visit_file_mut(file);
    visitor.count
}

struct Rewriter {
    count: usize,
}

impl VisitMut for Rewriter {
    fn visit_expr_call_mut(&mut self, call: &mut ExprCall) {
        syn::visit_mut::visit_expr_call_mut(self, call);
        if let Expr::Path(path) = call.func.as_ref()
            && path.path.is_ident("encode_path")
        {
            *call.func = parse_quote!(crate::path_segment::encode);
            self.count += 1;
        }
    }

    /// The calls stand inside `format!(…)`, whose arguments syn keeps as tokens.
    fn visit_macro_mut(&mut self, mac: &mut Macro) {
        mac.tokens = self.rewrite_tokens(std::mem::take(&mut mac.tokens));
    }
}

impl Rewriter {
    fn rewrite_tokens(&mut self, tokens: TokenStream) -> TokenStream {
        let replacement: TokenStream = parse_quote!(crate::path_segment::encode);
        let mut out = Vec::new();
        for tree in tokens {
            match tree {
                TokenTree::Ident(ident) if ident == "encode_path" => {
                    out.extend(replacement.clone());
                    self.count += 1;
                }
                TokenTree::Group(group) => {
                    let mut new =
                        Group::new(group.delimiter(), self.rewrite_tokens(group.stream()));
                    new.set_span(group.span());
                    out.push(TokenTree::Group(new));
                }
                other => out.push(other),
            }
        }
        out.into_iter().collect()
    }
}
