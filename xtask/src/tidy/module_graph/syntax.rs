//! What one file of a crate declares and names, read with `syn` in one
//! walk: its modules (inline ones included) with the names each defines or
//! brings in, its `mod x;` children, and the `crate::…` and `super::…`
//! paths it names, in `use` items and in code (macro arguments included;
//! `quote!` and `parse_quote!` bodies are code for another crate and are
//! skipped).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit_mut::{self, VisitMut};

/// A module path from the crate root (`["a", "b"]` for `crate::a::b`).
pub type ModulePath = Vec<String>;

/// One module: its file, and the names it defines or brings in.
#[derive(Default)]
pub struct Module {
    pub file: String,
    /// Items defined here (`struct`, `fn`, `mod`, …).
    pub items: BTreeSet<String>,
    /// `use` bindings: the name, and the path as written here.
    pub uses: BTreeMap<String, Vec<String>>,
    /// `use …::*`: the paths as written here.
    pub globs: Vec<Vec<String>>,
    /// Whether a macro call here may define items this walk cannot see.
    pub macro_calls: bool,
}

/// What one file declares and names, gathered in one walk.
#[derive(Default)]
pub struct Walker {
    /// The module the walk is in (inline modules included).
    pub module: ModulePath,
    /// Where the files of this module's `mod x;` children are.
    pub children_dir: String,
    /// `mod x;` declarations: the child's module path, its directory, and
    /// its `#[path = "…"]` when it has one.
    pub declared: Vec<(ModulePath, String, Option<String>)>,
    /// Every module of this file (itself and its inline modules).
    pub modules: BTreeMap<ModulePath, Module>,
    /// `crate::…` and `super::…` paths, with the module they are named in.
    pub named: Vec<(ModulePath, Vec<String>)>,
}

impl Walker {
    fn here(&mut self) -> &mut Module {
        self.modules.entry(self.module.clone()).or_default()
    }

    fn name(&mut self, segments: Vec<String>) {
        if matches!(
            segments.first().map(String::as_str),
            Some("crate" | "super")
        ) {
            self.named.push((self.module.clone(), segments));
        }
    }

    /// Every path a `use` tree names and binds, `prefix` first.
    fn use_tree(&mut self, prefix: &[String], tree: &syn::UseTree) {
        let with = |ident: &syn::Ident| [prefix, &[ident.to_string()]].concat();
        match tree {
            syn::UseTree::Path(path) => self.use_tree(&with(&path.ident), &path.tree),
            syn::UseTree::Name(name) => self.bind(name.ident.to_string(), with(&name.ident)),
            syn::UseTree::Rename(rename) => {
                self.bind(rename.rename.to_string(), with(&rename.ident))
            }
            syn::UseTree::Glob(_) => {
                self.here().globs.push(prefix.to_vec());
                self.name(prefix.to_vec());
            }
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    fn bind(&mut self, name: String, path: Vec<String>) {
        // `use a::{self}` binds `a`.
        let (name, path) = match path.split_last() {
            Some((last, rest)) if last == "self" => {
                (rest.last().cloned().unwrap_or(name), rest.to_vec())
            }
            _ => (name, path),
        };
        self.here().uses.insert(name, path.clone());
        self.name(path);
    }

    /// The `crate :: a :: b` and `super :: …` runs in a macro's tokens.
    fn tokens(&mut self, stream: TokenStream) {
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        let is_colon =
            |at: usize| matches!(tokens.get(at), Some(TokenTree::Punct(p)) if p.as_char() == ':');
        let mut at = 0;
        while at < tokens.len() {
            match &tokens[at] {
                TokenTree::Group(group) => self.tokens(group.stream()),
                TokenTree::Ident(ident) if ident == "crate" || ident == "super" => {
                    let mut segments = vec![ident.to_string()];
                    while is_colon(at + 1) && is_colon(at + 2) {
                        let Some(TokenTree::Ident(next)) = tokens.get(at + 3) else {
                            break;
                        };
                        segments.push(next.to_string());
                        at += 3;
                    }
                    if segments.len() > 1 {
                        self.name(segments);
                    }
                }
                _ => {}
            }
            at += 1;
        }
    }
}

/// The name an item defines, if it defines one in its module.
fn item_name(item: &syn::Item) -> Option<String> {
    let ident = match item {
        syn::Item::Const(item) => &item.ident,
        syn::Item::Enum(item) => &item.ident,
        syn::Item::Fn(item) => &item.sig.ident,
        syn::Item::Macro(item) => item.ident.as_ref()?,
        syn::Item::Mod(item) => &item.ident,
        syn::Item::Static(item) => &item.ident,
        syn::Item::Struct(item) => &item.ident,
        syn::Item::Trait(item) => &item.ident,
        syn::Item::Type(item) => &item.ident,
        syn::Item::Union(item) => &item.ident,
        _ => return None,
    };
    Some(ident.to_string())
}

impl VisitMut for Walker {
    fn visit_file_mut(&mut self, file: &mut syn::File) {
        self.here();
        visit_mut::visit_file_mut(self, file);
    }

    fn visit_item_mut(&mut self, item: &mut syn::Item) {
        if let Some(name) = item_name(item) {
            self.here().items.insert(name);
        }
        if let syn::Item::Macro(call) = item {
            self.here().macro_calls |= call.ident.is_none();
        }
        visit_mut::visit_item_mut(self, item);
    }

    fn visit_item_mod_mut(&mut self, item: &mut syn::ItemMod) {
        let name = item.ident.to_string();
        let path = [self.module.clone(), vec![name.clone()]].concat();
        let dir = format!("{}/{name}", self.children_dir);
        let Some((_, items)) = &mut item.content else {
            let attribute = item.attrs.iter().find_map(|attr| match &attr.meta {
                syn::Meta::NameValue(pair) if pair.path.is_ident("path") => match &pair.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }) => Some(text.value()),
                    _ => None,
                },
                _ => None,
            });
            self.declared
                .push((path, self.children_dir.clone(), attribute));
            return;
        };
        let outer = (
            std::mem::replace(&mut self.module, path),
            std::mem::replace(&mut self.children_dir, dir),
        );
        self.here();
        for item in items {
            self.visit_item_mut(item);
        }
        (self.module, self.children_dir) = outer;
    }

    fn visit_item_use_mut(&mut self, item: &mut syn::ItemUse) {
        self.use_tree(&[], &item.tree);
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if path.leading_colon.is_none() {
            self.name(
                path.segments
                    .iter()
                    .map(|segment| segment.ident.to_string())
                    .collect(),
            );
        }
        visit_mut::visit_path_mut(self, path);
    }

    /// `pub(crate)` and `pub(super)` say who may see an item, not what it uses.
    fn visit_visibility_mut(&mut self, _: &mut syn::Visibility) {}

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        visit_mut::visit_macro_mut(self, mac);
        let name = mac.path.segments.last().map(|s| s.ident.to_string());
        if !matches!(
            name.as_deref(),
            Some("quote" | "quote_spanned" | "parse_quote" | "parse_quote_spanned")
        ) {
            self.tokens(mac.tokens.clone());
        }
    }
}
