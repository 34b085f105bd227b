//! What the paths in a file name: the types in a signature's type
//! positions, the names its `use` items import, and the crate an imported
//! or written-out path leads to.

use std::collections::{BTreeMap, BTreeSet};

use syn::visit::{self, Visit};

/// Every path in a type position: `Option<StatusCode>` gives `Option` and
/// `StatusCode`. A trait's own path (`impl Serialize`, `T: Deserialize`)
/// is not one, but its arguments are (`impl Into<Body>` gives `Body`).
#[derive(Default)]
pub(super) struct TypePaths {
    pub paths: Vec<TypePath>,
}

/// A path's names, and whether it starts with `::`.
pub(super) struct TypePath {
    absolute: bool,
    segments: Vec<String>,
}

impl<'ast> Visit<'ast> for TypePaths {
    fn visit_type_path(&mut self, node: &'ast syn::TypePath) {
        self.paths.push(TypePath {
            absolute: node.path.leading_colon.is_some(),
            segments: node
                .path
                .segments
                .iter()
                .map(|segment| segment.ident.to_string())
                .collect(),
        });
        visit::visit_type_path(self, node);
    }
}

/// The last name of an impl's self type (`crate::Client` gives `Client`).
pub(super) fn self_type(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path
            .path
            .segments
            .last()
            .map(|segment| segment.ident.to_string()),
        _ => None,
    }
}

/// The foreign item `path` names, as (crate, name), resolved through the
/// file's imports; `None` for `std`'s and this crate's.
pub(super) fn foreign(
    path: &TypePath,
    uses: &BTreeMap<String, Vec<String>>,
    dependencies: &BTreeSet<String>,
) -> Option<(String, String)> {
    let mut segments = path.segments.clone();
    if !path.absolute
        && let Some(imported) = segments.first().and_then(|first| uses.get(first))
    {
        segments.splice(..1, imported.iter().cloned());
    }
    let krate = segments.first()?;
    let name = segments.last()?;
    dependencies
        .contains(krate)
        .then(|| (krate.clone(), name.clone()))
}

/// What each name a file imports stands for (`HeaderMap` for
/// `["reqwest", "header", "HeaderMap"]`). A glob import of another crate is
/// a problem: the names it brings cannot be told apart.
pub(super) fn imports(
    items: &[syn::Item],
    dependencies: &BTreeSet<String>,
    problems: &mut Vec<String>,
    module: &[String],
) -> BTreeMap<String, Vec<String>> {
    let mut uses = BTreeMap::new();
    let mut pending: Vec<&syn::Item> = items.iter().collect();
    while let Some(item) = pending.pop() {
        match item {
            syn::Item::Use(item) => {
                for (path, leaf) in flatten(&item.tree) {
                    match leaf {
                        Leaf::Name { name, alias } => {
                            let mut full = path;
                            full.push(name);
                            uses.insert(alias, full);
                        }
                        Leaf::Glob
                            if path
                                .first()
                                .is_some_and(|first| dependencies.contains(first)) =>
                        {
                            problems.push(format!(
                                "crate::{}: `use {}::*` hides which types it names",
                                module.join("::"),
                                path.join("::")
                            ));
                        }
                        Leaf::Glob => {}
                    }
                }
            }
            syn::Item::Mod(module) => {
                pending.extend(module.content.iter().flat_map(|(_, items)| items))
            }
            _ => {}
        }
    }
    uses
}

/// The end of one path of a `use` tree.
pub(super) enum Leaf {
    Name { name: String, alias: String },
    Glob,
}

/// Each path of a `use` tree: `a::{b, c::*}` gives `a` with `b`, and
/// `a::c` with a glob.
pub(super) fn flatten(tree: &syn::UseTree) -> Vec<(Vec<String>, Leaf)> {
    fn walk(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, Leaf)>) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                walk(&path.tree, prefix, out);
                prefix.pop();
            }
            syn::UseTree::Name(name) => out.push((
                prefix.clone(),
                Leaf::Name {
                    name: name.ident.to_string(),
                    alias: name.ident.to_string(),
                },
            )),
            syn::UseTree::Rename(rename) => out.push((
                prefix.clone(),
                Leaf::Name {
                    name: rename.ident.to_string(),
                    alias: rename.rename.to_string(),
                },
            )),
            syn::UseTree::Glob(_) => out.push((prefix.clone(), Leaf::Glob)),
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    walk(tree, prefix, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(tree, &mut Vec::new(), &mut out);
    out
}

/// `crate::a::b` as `a::b`; other paths as they are.
pub(super) fn without_crate(mut path: Vec<String>) -> Vec<String> {
    if path.first().is_some_and(|first| first == "crate") {
        path.remove(0);
    }
    path
}
