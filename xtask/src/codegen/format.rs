//! Token streams to source that `cargo fmt --check` accepts.

use std::io::Write;
use std::process::{Command, Stdio};

use proc_macro2::{Delimiter, Group, Literal, Punct, Spacing, TokenStream, TokenTree};

/// prettyplease, then rustfmt. rustfmt re-indents the `/** */` blocks that
/// prettyplease prints for multi-line doc attributes and so breaks doctests
/// inside them; one `///` line per doc line avoids that.
pub fn render(header: &str, tokens: TokenStream) -> Result<String, String> {
    let tokens = split_doc_lines(tokens);
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the generator produced invalid Rust: {e}"))?;
    let source = format!("{header}{}", prettyplease::unparse(&file));
    rustfmt(&source)
}

/// `source` as rustfmt formats it; an error if rustfmt cannot parse it.
pub fn rustfmt(source: &str) -> Result<String, String> {
    let mut child = Command::new(std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into()))
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!("cannot run rustfmt (install it with `rustup component add rustfmt`): {e}")
        })?;
    child
        .stdin
        .take()
        .ok_or("rustfmt has no stdin")?
        .write_all(source.as_bytes())
        .map_err(|e| format!("cannot write to rustfmt: {e}"))?;
    let output = child
        .wait_with_output()
        .map_err(|e| format!("rustfmt failed: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "rustfmt failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("rustfmt printed non-UTF-8: {e}"))
}

/// Rewrites `#[doc = "a\nb"]` as `#[doc = "a"] #[doc = "b"]`, at any depth.
fn split_doc_lines(tokens: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    let mut iter = tokens.into_iter().peekable();
    while let Some(tree) = iter.next() {
        match tree {
            TokenTree::Punct(pound) if pound.as_char() == '#' => {
                let bang = match iter.peek() {
                    Some(TokenTree::Punct(p)) if p.as_char() == '!' => iter.next(),
                    _ => None,
                };
                match iter.peek() {
                    Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Bracket => {
                        let group = match iter.next() {
                            Some(TokenTree::Group(group)) => group,
                            _ => unreachable!("peeked a group"),
                        };
                        match doc_lines(&group) {
                            Some(lines) => {
                                for line in lines {
                                    out.push(TokenTree::Punct(pound.clone()));
                                    out.extend(bang.clone());
                                    out.push(doc_attribute(&line));
                                }
                            }
                            None => {
                                out.push(TokenTree::Punct(pound));
                                out.extend(bang);
                                out.push(TokenTree::Group(recurse(&group)));
                            }
                        }
                    }
                    _ => {
                        out.push(TokenTree::Punct(pound));
                        out.extend(bang);
                    }
                }
            }
            TokenTree::Group(group) => out.push(TokenTree::Group(recurse(&group))),
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

fn recurse(group: &Group) -> Group {
    let mut new = Group::new(group.delimiter(), split_doc_lines(group.stream()));
    new.set_span(group.span());
    new
}

/// The lines of a multi-line `doc = "…"` attribute body; `None` for anything else.
fn doc_lines(group: &Group) -> Option<Vec<String>> {
    let trees: Vec<TokenTree> = group.stream().into_iter().collect();
    let [
        TokenTree::Ident(ident),
        TokenTree::Punct(eq),
        TokenTree::Literal(lit),
    ] = trees.as_slice()
    else {
        return None;
    };
    if ident != "doc" || eq.as_char() != '=' {
        return None;
    }
    let value: String = syn::parse_str::<syn::LitStr>(&lit.to_string())
        .ok()?
        .value();
    value
        .contains('\n')
        .then(|| value.lines().map(str::to_owned).collect())
}

fn doc_attribute(line: &str) -> TokenTree {
    let body: TokenStream = [
        TokenTree::Ident(proc_macro2::Ident::new(
            "doc",
            proc_macro2::Span::call_site(),
        )),
        TokenTree::Punct(Punct::new('=', Spacing::Alone)),
        TokenTree::Literal(Literal::string(line)),
    ]
    .into_iter()
    .collect();
    TokenTree::Group(Group::new(Delimiter::Bracket, body))
}
