//! Every type a public signature names can be imported from this crate:
//! `use cloudflare_ssl::StatusCode` works, and the docs link it.
//!
//! Two checks. The first parses `src/` with syn and finds every type of
//! another crate that a public signature names; `lib.rs` must re-export
//! each. It finds a new one by itself, which a list of types kept by hand
//! would not: stable Rust has no way to ask the compiler for a crate's
//! public API (rustdoc's JSON output and `cargo public-api` need nightly,
//! and the `exported_private_dependencies` lint needs the unstable
//! public-dependency feature). A signature's type matches a re-export by
//! crate and name (`chrono::offset::Utc` is the `chrono::Utc` that
//! `lib.rs` re-exports), so the second check proves, by compiling, that
//! each re-export is the very type the signatures name.
//!
//! What the parse counts as public: an item of a module the root
//! re-exports whole (`pub use module::*`), or one it re-exports by name,
//! or one of `lib.rs`'s own public modules; the `pub` methods and
//! constants of the types among them, their `pub` fields and every field
//! of their enums, and the associated types and generic arguments of the
//! traits they implement. Types count, traits do not: a caller who uses a
//! bound such as serde's `DeserializeOwned`, or a trait impl such as
//! serde's `Serialize`, has that crate already. Types written only inside
//! `macro_rules!` bodies are not seen (the open-enum macros name only
//! `std`'s types and this crate's), and an external glob import
//! (`use reqwest::*`) fails the check, since it hides what a name is.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use cloudflare_ssl::types::SslAutomaticModeValue;
use syn::visit::{self, Visit};
use wiremock::ResponseTemplate;

use crate::support::*;

#[test]
fn every_foreign_type_in_a_public_signature_is_re_exported() {
    let source = CrateSource::read(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")));
    let dependencies = dependencies(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
            .expect("Cargo.toml"),
    );
    let scan = source.scan(&dependencies);
    assert!(
        scan.problems.is_empty(),
        "public signatures name types callers cannot import from this crate; \
         re-export each from lib.rs:\n{}",
        scan.problems.join("\n")
    );
}

/// The scan on a crate of its own: it finds a foreign type in each kind of
/// public signature, and none where a signature is not public or names a
/// trait; and it refuses a foreign glob import.
#[test]
fn the_scan_finds_foreign_types_in_public_signatures_only() {
    let lib = r#"
        mod open;
        mod hidden;
        pub use open::*;
        pub use hidden::Named;
        pub use chrono::Utc;
        pub mod json { pub use serde_json::Value; }
    "#;
    let open = r#"
        use reqwest::StatusCode;
        use reqwest::header;
        pub fn status() -> StatusCode { todo!() }
        pub fn utc() -> ::chrono::offset::Utc { todo!() }
        pub fn value() -> serde_json::Value { todo!() }
        pub struct Fields { pub map: header::HeaderMap, private: bytes::Bytes }
        pub enum Variants { Tuple(url::Url), Named { method: reqwest::Method } }
        pub(crate) fn crate_only() -> bytes::Bytes { todo!() }
        pub fn bound<T: serde::de::DeserializeOwned>(_: impl serde::Serialize) {}
        impl Fields {
            pub fn version(&self) -> Option<reqwest::Version> { None }
            fn private(&self) -> bytes::Bytes { todo!() }
        }
        impl From<tokio::time::Instant> for Fields { fn from(_: tokio::time::Instant) -> Self { todo!() } }
        impl Iterator for Variants { type Item = http::Uri; fn next(&mut self) -> Option<http::Uri> { None } }
        mod inner { pub struct NotExported(pub bytes::BytesMut); }
        impl MadeByMacro { pub fn host(&self) -> url::Host { todo!() } }
        struct Private;
        impl Private { pub fn buf(&self) -> bytes::Buf { todo!() } }
    "#;
    let hidden = r#"
        use tokio::*;
        pub struct Named { pub when: chrono::NaiveDate }
        pub struct Unnamed { pub what: bytes::Buf }
    "#;
    let source = CrateSource::parse(&[
        (vec![], lib),
        (vec!["open"], open),
        (vec!["hidden"], hidden),
    ]);
    let dependencies = [
        "reqwest",
        "chrono",
        "serde_json",
        "serde",
        "bytes",
        "url",
        "tokio",
        "http",
    ]
    .map(String::from)
    .into();
    let scan = source.scan(&dependencies);
    let named: BTreeSet<&str> = scan.foreign.iter().map(|(_, name)| name.as_str()).collect();
    assert_eq!(
        named,
        BTreeSet::from([
            "HeaderMap",
            "Host",
            "Instant",
            "Method",
            "NaiveDate",
            "StatusCode",
            "Uri",
            "Url",
            "Utc",
            "Value",
            "Version"
        ])
    );
    let (globs, unexported): (Vec<&String>, Vec<&String>) = scan
        .problems
        .iter()
        .partition(|problem| problem.contains("use tokio::*"));
    assert_eq!(globs.len(), 1, "{:#?}", scan.problems);
    let unexported: BTreeSet<&str> = unexported
        .iter()
        .map(|problem| problem.rsplit("::").next().unwrap_or(problem))
        .collect();
    // All but the two that `lib` re-exports.
    let re_exported = BTreeSet::from(["Utc", "Value"]);
    assert_eq!(
        unexported,
        named.difference(&re_exported).copied().collect(),
        "{:#?}",
        scan.problems
    );
}

/// Each re-export is the type the signatures name: this compiles only if
/// it is, and the calls show the values behind them.
#[tokio::test]
async fn the_re_exports_are_the_types_the_signatures_name() {
    let error = mode_error(ResponseTemplate::new(400).set_body_json(failure_1008())).await;
    let status: Option<cloudflare_ssl::StatusCode> = error.status();
    assert_eq!(status, Some(cloudflare_ssl::StatusCode::BAD_REQUEST));

    let server = server_answering(
        ResponseTemplate::new(200)
            .insert_header("cf-ray", "8f1e2d3c4b5a6978-SJC")
            .set_body_json(setting_envelope("auto")),
    )
    .await;
    let response = client(&server)
        .edit_ssl_automatic_mode_with_response(ZONE, SslAutomaticModeValue::Auto)
        .await
        .expect("the setting");
    let headers: &cloudflare_ssl::HeaderMap = response.headers();
    let ray: Option<&cloudflare_ssl::HeaderValue> = headers.get("cf-ray");
    assert_eq!(
        ray,
        Some(&cloudflare_ssl::HeaderValue::from_static(
            "8f1e2d3c4b5a6978-SJC"
        ))
    );
    let modified: cloudflare_ssl::DateTime<cloudflare_ssl::Utc> = response.result.modified_on;
    assert_eq!(modified.timestamp(), 1_388_553_600, "2014-01-01T05:20:00Z");
    let json: Result<cloudflare_ssl::json::Value, cloudflare_ssl::json::Error> =
        response.raw_json();
    assert_eq!(json.expect("JSON")["result"]["value"], "auto");

    let entries = api_entries(&error).0;
    let extra: &cloudflare_ssl::json::Map<String, cloudflare_ssl::json::Value> = &entries[0].extra;
    assert!(extra.is_empty(), "{extra:?}");
}

/// The crates of `[dependencies]`, as code names them (`-` becomes `_`).
fn dependencies(manifest: &str) -> BTreeSet<String> {
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
struct CrateSource {
    files: Vec<(Vec<String>, syn::File)>,
}

/// What [`CrateSource::scan`] found: each foreign type a public signature
/// names, as (crate, name), and one line for each that the root does not
/// re-export (or that the scan cannot tell).
struct Scan {
    foreign: BTreeSet<(String, String)>,
    problems: Vec<String>,
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
    fn read(src: &Path) -> Self {
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

    fn parse(files: &[(Vec<&str>, &str)]) -> Self {
        let files = files
            .iter()
            .map(|(module, text)| {
                let module = module.iter().map(|part| part.to_string()).collect();
                (module, syn::parse_file(text).expect("test source"))
            })
            .collect();
        Self { files }
    }

    fn scan(&self, dependencies: &BTreeSet<String>) -> Scan {
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

/// Every path in a type position: `Option<StatusCode>` gives `Option` and
/// `StatusCode`. A trait's own path (`impl Serialize`, `T: Deserialize`)
/// is not one, but its arguments are (`impl Into<Body>` gives `Body`).
#[derive(Default)]
struct TypePaths {
    paths: Vec<TypePath>,
}

/// A path's names, and whether it starts with `::`.
struct TypePath {
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
fn self_type(ty: &syn::Type) -> Option<String> {
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
fn foreign(
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
fn imports(
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
enum Leaf {
    Name { name: String, alias: String },
    Glob,
}

/// Each path of a `use` tree: `a::{b, c::*}` gives `a` with `b`, and
/// `a::c` with a glob.
fn flatten(tree: &syn::UseTree) -> Vec<(Vec<String>, Leaf)> {
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
fn without_crate(mut path: Vec<String>) -> Vec<String> {
    if path.first().is_some_and(|first| first == "crate") {
        path.remove(0);
    }
    path
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}
