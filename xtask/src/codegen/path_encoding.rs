//! Path segments encoded as RFC 3986 requires.
//!
//! progenitor's `encode_path` leaves `[`, `]`, `^` and `|` as they are, and
//! RFC 3986 allows none of them in a path. The generated methods call the
//! client crate's own encoder (`crate::path_segment::encode`) instead.
//!
//! The calls stand inside `format!(…)`, whose arguments syn keeps as
//! tokens, so the rewrite works on tokens, at any depth.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::quote;

/// `tokens` with every `encode_path` replaced, and how many were.
pub fn rewrite(tokens: TokenStream) -> (TokenStream, usize) {
    let mut count = 0;
    let rewritten = rewrite_counting(tokens, &mut count);
    (rewritten, count)
}

/// Rewrites calls only: `encode_path` followed by `(…)`, not the import.
fn rewrite_counting(tokens: TokenStream, count: &mut usize) -> TokenStream {
    let mut out = TokenStream::new();
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        match tree {
            TokenTree::Ident(ident)
                if ident == "encode_path"
                    && matches!(trees.peek(), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis) =>
            {
                *count += 1;
                out.extend(quote!(crate::path_segment::encode));
            }
            TokenTree::Group(group) => {
                let mut new =
                    Group::new(group.delimiter(), rewrite_counting(group.stream(), count));
                new.set_span(group.span());
                out.extend([TokenTree::Group(new)]);
            }
            other => out.extend([other]),
        }
    }
    out
}
