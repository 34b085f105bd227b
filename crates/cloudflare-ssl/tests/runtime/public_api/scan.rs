//! The parse of a crate's source that `public_api.rs` runs: its public
//! items, the types their signatures name, and the root's re-exports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use syn::visit::Visit;

use super::paths::{Leaf, TypePaths, flatten, foreign, imports, self_type, without_crate};

/// The crates of `[dependencies]`, as code names them (`-` becomes `_`).
pub fn dependencies(manifest: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut in_dependencies = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
        } else if in_dependencies
            && !line.starts_with('#')
            && let Some((name, _)) = line.split_once('=')
        {
            names.insert(name.trim().replace('-', "_"));
        }
    }
    names
}

/// A crate's files, parsed: `lib.rs` at the module path `[]`, `src/a/b.rs`
/// (or `src/a/b/mod.rs`) at `["a", "b"]`.
pub struct CrateSource {
    files: Vec<(Vec<String>, syn::File)>,
}

/// What [`CrateSource::scan`] found: each foreign type a public signature
/// names, as (crate, name), and one line for each that the root does not
/// re-export (or that the scan cannot tell).
pub struct Scan {
    pub foreign: BTreeSet<(String, String)>,
    pub problems: Vec<String>,
}

/// What the crate makes public besides `lib.rs`'s own items.
#[derive(Default)]
struct Root {
    /// Modules the root re-exports whole (`pub use module::*`).
    glob: BTreeSet<Vec<String>>,
    /// The names any file re-exports (`pub use`) from this crate: an item
    /// of that name counts as public wherever it is. That may count more
    /// than is public, never less.
    named: BTreeSet<String>,
    /// Foreign items the root (or one of its public modules) re-exports,
    /// as (crate, name).
    foreign: BTreeSet<(String, String)>,
}

impl Root {
    /// Whether an item of a module (public or not) is public from the root.
    fn public(&self, in_public_module: bool, vis: &syn::Visibility, name: &syn::Ident) -> bool {
        is_pub(vis) && (in_public_module || self.named.contains(&name.to_string()))
    }
}

impl CrateSource {
    pub fn read(src: &Path) -> Self {
        let mut files = Vec::new();
        let mut pending = vec![src.to_path_buf()];
        while let Some(directory) = pending.pop() {
            for entry in std::fs::read_dir(&directory).expect("src/") {
                let path = entry.expect("an entry of src/").path();
                if path.is_dir() {
                    pending.push(path);
                    continue;
                }
                if path.extension().is_none_or(|extension| extension != "rs") {
                    continue;
                }
                let relative = path.strip_prefix(src).expect("under src/");
                let mut module: Vec<String> = relative
                    .with_extension("")
                    .iter()
                    .map(|part| part.to_string_lossy().into_owned())
                    .collect();
                if module == ["lib"] || module.last().is_some_and(|last| last == "mod") {
                    module.pop();
                }
                let text = std::fs::read_to_string(&path).expect("a source file");
                let file = syn::parse_file(&text)
                    .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
                files.push((module, file));
            }
        }
        Self { files }
    }

    pub fn parse(files: &[(Vec<&str>, &str)]) -> Self {
        let files = files
            .iter()
            .map(|(module, text)| {
                let module = module.iter().map(|part| part.to_string()).collect();
                (module, syn::parse_file(text).expect("test source"))
            })
            .collect();
        Self { files }
    }

    pub fn scan(&self, dependencies: &BTreeSet<String>) -> Scan {
        let root = self.root(dependencies);
        let mut public = PublicItems {
            root: &root,
            dependencies,
            public_types: BTreeSet::new(),
            private_types: BTreeSet::new(),
            found: Vec::new(),
            problems: Vec::new(),
        };
        // The types first: an impl may come before its type, in another file.
        for (module, file) in &self.files {
            public.collect_types(public.public_module(module), module, &file.items);
        }
        for (module, file) in &self.files {
            let uses = imports(&file.items, dependencies, &mut public.problems, module);
            public.check(public.public_module(module), module, &file.items, &uses);
        }
        let mut scan = Scan {
            foreign: BTreeSet::new(),
            problems: public.problems,
        };
        for (item, named) in public.found {
            let problem = format!("{item}: {}::…::{}", named.0, named.1);
            if !root.foreign.contains(&named) && !scan.problems.contains(&problem) {
                scan.problems.push(problem);
            }
            scan.foreign.insert(named);
        }
        scan
    }

    /// The re-exports of the root (and its public inline modules), and the
    /// names every file re-exports.
    fn root(&self, dependencies: &BTreeSet<String>) -> Root {
        let mut root = Root::default();
        for (module, file) in &self.files {
            let at_root = module.is_empty();
            let mut items: Vec<&syn::Item> = file.items.iter().collect();
            while let Some(item) = items.pop() {
                match item {
                    syn::Item::Use(item) if is_pub(&item.vis) => {
                        for (path, leaf) in flatten(&item.tree) {
                            let path = without_crate(path);
                            let first = path.first().cloned().unwrap_or_default();
                            match leaf {
                                Leaf::Name { name, .. } if dependencies.contains(&first) => {
                                    if at_root {
                                        root.foreign.insert((first, name));
                                    }
                                }
                                Leaf::Name { name, .. } => {
                                    root.named.insert(name);
                                }
                                Leaf::Glob if at_root && !dependencies.contains(&first) => {
                                    root.glob.insert(path);
                                }
                                Leaf::Glob => {}
                            }
                        }
                    }
                    syn::Item::Mod(inner) if is_pub(&inner.vis) => {
                        items.extend(inner.content.iter().flat_map(|(_, items)| items));
                    }
                    _ => {}
                }
            }
        }
        root
    }
}

/// The walk over the public items of every file.
struct PublicItems<'r> {
    root: &'r Root,
    dependencies: &'r BTreeSet<String>,
    /// The names of the public structs, enums, unions and type aliases.
    public_types: BTreeSet<String>,
    /// The names of the others. A type in neither (one a macro makes)
    /// counts as public.
    private_types: BTreeSet<String>,
    /// Every foreign type a public signature names, as (crate, name), with
    /// the item that names it.
    found: Vec<(String, (String, String))>,
    problems: Vec<String>,
}

impl PublicItems<'_> {
    /// Whether every `pub` item of `module` is public: the root's own, and
    /// those of a module the root re-exports whole.
    fn public_module(&self, module: &[String]) -> bool {
        module.is_empty() || self.root.glob.contains(module)
    }

    /// The public `pub mod`s inside a module, with whether each is public.
    fn inner_module(
        &self,
        in_public_module: bool,
        module: &[String],
        inner: &syn::ItemMod,
    ) -> (bool, Vec<String>) {
        let inner_module = [module, &[inner.ident.to_string()]].concat();
        let public = in_public_module || self.root.glob.contains(&inner_module);
        (public, inner_module)
    }

    fn collect_types(&mut self, in_public_module: bool, module: &[String], items: &[syn::Item]) {
        for item in items {
            let (vis, name) = match item {
                syn::Item::Struct(item) => (&item.vis, &item.ident),
                syn::Item::Enum(item) => (&item.vis, &item.ident),
                syn::Item::Union(item) => (&item.vis, &item.ident),
                syn::Item::Type(item) => (&item.vis, &item.ident),
                syn::Item::Mod(inner) => {
                    let (public, inner_module) = self.inner_module(in_public_module, module, inner);
                    let public = public && is_pub(&inner.vis);
                    if let Some((_, items)) = &inner.content {
                        self.collect_types(public, &inner_module, items);
                    }
                    continue;
                }
                _ => continue,
            };
            if self.root.public(in_public_module, vis, name) {
                self.public_types.insert(name.to_string());
            } else {
                self.private_types.insert(name.to_string());
            }
        }
    }

    /// Whether an impl's self type is public (or made by a macro).
    fn public_type(&self, name: &str) -> bool {
        self.public_types.contains(name) || !self.private_types.contains(name)
    }

    fn check(
        &mut self,
        in_public_module: bool,
        module: &[String],
        items: &[syn::Item],
        uses: &BTreeMap<String, Vec<String>>,
    ) {
        let root = self.root;
        let public = |vis, name| root.public(in_public_module, vis, name);
        for item in items {
            let mut types = TypePaths::default();
            let name = match item {
                syn::Item::Fn(item) if public(&item.vis, &item.sig.ident) => {
                    types.visit_signature(&item.sig);
                    item.sig.ident.to_string()
                }
                syn::Item::Const(item) if public(&item.vis, &item.ident) => {
                    types.visit_type(&item.ty);
                    item.ident.to_string()
                }
                syn::Item::Static(item) if public(&item.vis, &item.ident) => {
                    types.visit_type(&item.ty);
                    item.ident.to_string()
                }
                syn::Item::Type(item) if public(&item.vis, &item.ident) => {
                    types.visit_generics(&item.generics);
                    types.visit_type(&item.ty);
                    item.ident.to_string()
                }
                syn::Item::Struct(item) if public(&item.vis, &item.ident) => {
                    types.visit_generics(&item.generics);
                    for field in item.fields.iter().filter(|field| is_pub(&field.vis)) {
                        types.visit_type(&field.ty);
                    }
                    item.ident.to_string()
                }
                syn::Item::Enum(item) if public(&item.vis, &item.ident) => {
                    types.visit_generics(&item.generics);
                    for field in item.variants.iter().flat_map(|variant| &variant.fields) {
                        types.visit_type(&field.ty);
                    }
                    item.ident.to_string()
                }
                syn::Item::Trait(item) if public(&item.vis, &item.ident) => {
                    types.visit_generics(&item.generics);
                    for inner in &item.items {
                        match inner {
                            syn::TraitItem::Fn(inner) => types.visit_signature(&inner.sig),
                            syn::TraitItem::Const(inner) => types.visit_type(&inner.ty),
                            syn::TraitItem::Type(inner) => {
                                if let Some((_, ty)) = &inner.default {
                                    types.visit_type(ty);
                                }
                            }
                            _ => {}
                        }
                    }
                    item.ident.to_string()
                }
                syn::Item::Impl(item) => {
                    let Some(name) = self_type(&item.self_ty).filter(|name| self.public_type(name))
                    else {
                        continue;
                    };
                    types.visit_generics(&item.generics);
                    types.visit_type(&item.self_ty);
                    if let Some((_, trait_, _)) = &item.trait_ {
                        // The trait's generic arguments (`From<T>`), not the trait.
                        types.visit_path(trait_);
                    }
                    for inner in &item.items {
                        match inner {
                            syn::ImplItem::Fn(inner)
                                if item.trait_.is_none() && is_pub(&inner.vis) =>
                            {
                                types.visit_signature(&inner.sig);
                            }
                            syn::ImplItem::Const(inner)
                                if item.trait_.is_some() || is_pub(&inner.vis) =>
                            {
                                types.visit_type(&inner.ty);
                            }
                            syn::ImplItem::Type(inner) => types.visit_type(&inner.ty),
                            _ => {}
                        }
                    }
                    format!("impl {name}")
                }
                syn::Item::Mod(inner) if is_pub(&inner.vis) => {
                    let (public, inner_module) = self.inner_module(in_public_module, module, inner);
                    if let Some((_, items)) = &inner.content {
                        self.check(public, &inner_module, items, uses);
                    }
                    continue;
                }
                _ => continue,
            };
            let item = ["crate".to_owned(), module.join("::"), name]
                .into_iter()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join("::");
            for path in &types.paths {
                if let Some(named) = foreign(path, uses, self.dependencies) {
                    self.found.push((item.clone(), named));
                }
            }
        }
    }
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}
