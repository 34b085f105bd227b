//! The graph of one crate's files, for the rule against import circles: a
//! file points at the file of each module its `crate::…` and `super::…`
//! paths reach (`syntax` reads what each file names).
//!
//! A path reaches the deepest module it names that has a file of its own or
//! sits inline in one (`crate::a::b::C` → `src/a/b.rs`, else `src/a.rs` or
//! `src/a/mod.rs`, else the crate root). When the next name is one that
//! module only re-exports (`pub use`, or a glob over a module that defines
//! it), the path is followed to where the name is defined: `crate::Error`
//! reaches `error.rs`, not the `lib.rs` that re-exports it, so a facade
//! at the crate root is no circle. Items that a macro call defines are not
//! seen: a name no glob's module defines is taken from the one glob over a
//! module with macro calls, if there is exactly one, else left at the
//! module that re-exports it.
//!
//! A path that points down the tree, to the file's own submodules, makes
//! no edge, however it is spelled (`child::f`, `self::child::f`,
//! `crate::this::child::f`): a parent naming its children is not a circle,
//! and every crate root names its modules.

mod syntax;

use std::collections::BTreeMap;

use syn::visit_mut::VisitMut;

use syntax::{Module, ModulePath, Walker};

/// The files of one crate and the edges between them.
#[derive(Debug, Default)]
pub struct Graph {
    /// `from` → `to` → the first path `from` names that leads to `to`.
    pub edges: BTreeMap<String, BTreeMap<String, String>>,
}

/// The directory of `file` (`""` for a file at the top).
fn dir_of(file: &str) -> String {
    file.rsplit_once('/')
        .map(|(dir, _)| dir.to_owned())
        .unwrap_or_default()
}

/// `path` with its `.` and `dir/..` segments taken out.
fn normalised(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "." | "" => {}
            ".." if out.last().is_some_and(|last| *last != "..") => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.join("/")
}

/// The graph of the crate whose root file is `root` (paths relative to one
/// top directory, `/`-separated); `read` gives a file's text, `None` when
/// there is no such file.
pub fn crate_graph(root: &str, read: &dyn Fn(&str) -> Option<String>) -> Result<Graph, String> {
    let mut modules: BTreeMap<ModulePath, Module> = BTreeMap::new();
    let mut named: Vec<(String, ModulePath, Vec<String>)> = Vec::new();
    let mut file_modules: BTreeMap<String, ModulePath> = BTreeMap::new();
    // A crate root, like a `mod.rs`, keeps its children beside it; `a.rs`
    // keeps them in `a/`.
    let mut pending = vec![(root.to_owned(), ModulePath::new(), dir_of(root))];
    while let Some((file, module, children_dir)) = pending.pop() {
        let text = read(&file).ok_or_else(|| format!("{file}: cannot be read"))?;
        let mut syntax = syn::parse_file(&text).map_err(|e| format!("{file}: not Rust: {e}"))?;
        file_modules.insert(file.clone(), module.clone());
        let mut walker = Walker {
            module,
            children_dir,
            ..Walker::default()
        };
        walker.visit_file_mut(&mut syntax);
        for (path, mut module) in walker.modules {
            module.file = file.clone();
            modules.insert(path, module);
        }
        for (path, dir, attribute) in walker.declared {
            if let Some(relative) = attribute {
                // `#[path]` is relative to the declaring file's directory.
                let child = normalised(&format!("{}/{relative}", dir_of(&file)));
                if read(&child).is_none() {
                    return Err(format!("{file}: `#[path = {relative:?}]` names no file"));
                }
                let children = dir_of(&child);
                pending.push((child, path, children));
                continue;
            }
            let name = path.last().cloned().unwrap_or_default();
            let (flat, nested) = (format!("{dir}/{name}.rs"), format!("{dir}/{name}/mod.rs"));
            let found = [flat.clone(), nested.clone()]
                .into_iter()
                .find(|candidate| read(candidate).is_some());
            let Some(child) = found else {
                return Err(format!(
                    "{file}: `mod {name};` has neither {flat} nor {nested}"
                ));
            };
            pending.push((child, path, format!("{dir}/{name}")));
        }
        named.extend(
            walker
                .named
                .into_iter()
                .map(|(module, path)| (file.clone(), module, path)),
        );
    }
    let mut graph = Graph::default();
    for (from, module, path) in named {
        let Some(to) = absolute(&module, &path).and_then(|target| reach(&modules, target, 0))
        else {
            continue;
        };
        let downward = file_modules[to].starts_with(&file_modules[&from]);
        if !downward {
            graph
                .edges
                .entry(from)
                .or_default()
                .entry(to.clone())
                .or_insert_with(|| path.join("::"));
        }
    }
    Ok(graph)
}

/// `path` as written in `module`, from the crate root; `None` for a
/// `super` above the root.
fn absolute(module: &[String], path: &[String]) -> Option<ModulePath> {
    let (mut target, mut rest) = (module.to_vec(), path);
    match rest.first().map(String::as_str) {
        Some("crate") => (target, rest) = (Vec::new(), &rest[1..]),
        Some("self") => rest = &rest[1..],
        _ => {
            while rest.first().is_some_and(|first| first == "super") {
                target.pop()?;
                rest = &rest[1..];
            }
        }
    }
    target.extend(rest.iter().cloned());
    Some(target)
}

/// How many re-exports one path may pass through: more is a loop.
const MAX_REEXPORTS: usize = 16;

/// The file of the deepest module `target` reaches, through the
/// re-exports of the name that follows it.
fn reach(
    modules: &BTreeMap<ModulePath, Module>,
    mut target: ModulePath,
    depth: usize,
) -> Option<&String> {
    let mut rest = Vec::new();
    let module = loop {
        if let Some(module) = modules.get(&target) {
            break module;
        }
        rest.insert(0, target.pop()?);
    };
    let Some(name) = rest.first() else {
        return Some(&module.file);
    };
    let source = module
        .uses
        .get(name)
        .cloned()
        .or_else(|| globbed(modules, &target, module, name));
    let followed = source
        .filter(|_| depth < MAX_REEXPORTS)
        .and_then(|source| absolute(&target, &source))
        .and_then(|source| reach(modules, [source, rest[1..].to_vec()].concat(), depth + 1));
    followed.or(Some(&module.file))
}

/// `name` as a glob of `module` (at `path`) brings it in, written as in
/// `module`: from the glob over a module that defines or binds it, else
/// from the one glob over a module whose macro calls may define it.
fn globbed(
    modules: &BTreeMap<ModulePath, Module>,
    path: &[String],
    module: &Module,
    name: &str,
) -> Option<Vec<String>> {
    let over = |glob: &Vec<String>| modules.get(&absolute(path, glob)?);
    let defines = module.globs.iter().find(|glob| {
        over(glob).is_some_and(|over| over.items.contains(name) || over.uses.contains_key(name))
    });
    let by_macro = || {
        let mut calls = module
            .globs
            .iter()
            .filter(|glob| over(glob).is_some_and(|over| over.macro_calls));
        calls.next().filter(|_| calls.next().is_none())
    };
    defines
        .or_else(by_macro)
        .map(|glob| [glob.clone(), vec![name.to_owned()]].concat())
}

/// The graph of a crate held in memory as `files` (path, text), rooted at
/// the first: for tests of the rule.
pub fn graph_of(files: &[(&str, &str)]) -> Graph {
    let tree: BTreeMap<&str, &str> = files.iter().copied().collect();
    let read = |path: &str| tree.get(path).map(|text| (*text).to_owned());
    crate_graph(files[0].0, &read).expect("a crate")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every edge as `from → to`.
    fn edges(graph: &Graph) -> Vec<String> {
        graph
            .edges
            .iter()
            .flat_map(|(from, to)| to.keys().map(move |to| format!("{from} → {to}")))
            .collect()
    }

    #[test]
    fn paths_reach_the_deepest_module_file() {
        let graph = graph_of(&[
            (
                "tests/suite/main.rs",
                "mod outer; mod flat; pub fn helper() {}",
            ),
            // `outer` keeps its children in `outer/`, as `mod.rs` does.
            (
                "tests/suite/outer/mod.rs",
                "mod inner; pub(crate) struct O;",
            ),
            (
                "tests/suite/outer/inner.rs",
                "use super::O;\nmod deep { pub struct D; fn f() { super::super::O; } }\n\
                 #[cfg(test)] mod tests { use super::*; }",
            ),
            (
                "tests/suite/flat.rs",
                "mod child;\nuse crate::outer::inner::deep::D;\n\
                 fn f() { assert_eq!(crate::helper(), ()); }",
            ),
            (
                "tests/suite/flat/child.rs",
                "use super::super::{flat, outer::*};",
            ),
        ]);
        // `super::*` inside the inline `mod tests` is inner.rs itself, and
        // `pub(crate)` is not a path to the crate root: no edge.
        assert_eq!(
            edges(&graph),
            [
                "tests/suite/flat.rs → tests/suite/main.rs",
                "tests/suite/flat.rs → tests/suite/outer/inner.rs",
                "tests/suite/flat/child.rs → tests/suite/flat.rs",
                "tests/suite/flat/child.rs → tests/suite/outer/mod.rs",
                "tests/suite/outer/inner.rs → tests/suite/outer/mod.rs",
            ]
        );
    }

    #[test]
    fn a_path_down_the_tree_is_no_edge() {
        let graph = graph_of(&[
            ("src/lib.rs", "mod parent; pub struct Root;"),
            (
                "src/parent.rs",
                "mod child;\nuse crate::parent::child::C; use self::child::C as D;\n\
                 fn f() { child::g(); }",
            ),
            (
                "src/parent/child.rs",
                "pub struct C; fn g() { super::f(); crate::Root; }",
            ),
        ]);
        assert_eq!(
            edges(&graph),
            [
                "src/parent/child.rs → src/lib.rs",
                "src/parent/child.rs → src/parent.rs"
            ]
        );
    }

    #[test]
    fn a_re_exported_name_reaches_where_it_is_defined() {
        let graph = graph_of(&[
            (
                "src/lib.rs",
                "mod error; mod generated; mod user;\npub use error::Error;\n\
                 pub mod types { pub use crate::generated::*; }\npub const LIMIT: u8 = 1;",
            ),
            ("src/error.rs", "pub struct Error;"),
            ("src/generated.rs", "pub struct Pack;"),
            (
                "src/user.rs",
                "use crate::Error; use crate::types::Pack;\n\
                 fn f() { let _ = crate::LIMIT; let _ = crate::types::Unknown; }",
            ),
        ]);
        // `crate::LIMIT` is defined in lib.rs; `types::Unknown` is nowhere,
        // so it stays at the facade.
        assert_eq!(
            edges(&graph),
            [
                "src/user.rs → src/error.rs",
                "src/user.rs → src/generated.rs",
                "src/user.rs → src/lib.rs",
            ]
        );
        assert_eq!(graph.edges["src/user.rs"]["src/lib.rs"], "crate::LIMIT");
    }

    #[test]
    fn a_name_a_macro_call_may_define_reaches_the_one_module_with_calls() {
        let files = |types: &'static str| {
            graph_of(&[
                ("src/lib.rs", types),
                ("src/enums.rs", "crate::make_enums! { Status: [A, B] }"),
                ("src/plain.rs", "pub struct Plain;"),
                ("src/more.rs", "other_macro!(More);"),
                ("src/user.rs", "use crate::types::Status;"),
            ])
        };
        let one = files(
            "mod enums; mod plain; mod more; mod user;\n\
             pub mod types { pub use crate::enums::*; pub use crate::plain::*; }",
        );
        assert_eq!(
            one.edges["src/user.rs"].keys().collect::<Vec<_>>(),
            ["src/enums.rs"]
        );
        // Two modules with macro calls: which one defines it is not known.
        let two = files(
            "mod enums; mod plain; mod more; mod user;\n\
             pub mod types { pub use crate::enums::*; pub use crate::more::*; }",
        );
        assert_eq!(
            two.edges["src/user.rs"].keys().collect::<Vec<_>>(),
            ["src/lib.rs"]
        );
    }

    #[test]
    fn macro_arguments_count_and_quoted_code_does_not() {
        let graph = graph_of(&[
            ("src/lib.rs", "mod a; mod b;"),
            (
                "src/a.rs",
                "fn f() { println!(\"{}\", crate::b::NAME); quote::quote! { crate::b::X } }",
            ),
            (
                "src/b.rs",
                "pub const NAME: &str = \"\"; fn g() { quote!(crate::a::Y); }",
            ),
        ]);
        assert_eq!(edges(&graph), ["src/a.rs → src/b.rs"]);
    }

    #[test]
    fn a_missing_module_file_is_named() {
        let tree = BTreeMap::from([("src/lib.rs", "mod gone;")]);
        let read = |path: &str| tree.get(path).map(|text| (*text).to_owned());
        let error = crate_graph("src/lib.rs", &read).expect_err("no file for `gone`");
        assert_eq!(
            error,
            "src/lib.rs: `mod gone;` has neither src/gone.rs nor src/gone/mod.rs"
        );
    }

    /// A `#[path]` is followed from the declaring file's directory, as
    /// rustc does: a bench sharing a test suite's file.
    #[test]
    fn a_path_attribute_is_followed() {
        let files = [
            (
                "benches/b/main.rs",
                "#[path = \"../../tests/t/shared.rs\"] mod shared;\nfn main() { crate::shared::f(); }",
            ),
            ("tests/t/shared.rs", "pub fn f() { crate::g() }"),
        ];
        let read = |name: &str| {
            files
                .iter()
                .find(|(file, _)| *file == name)
                .map(|(_, text)| (*text).to_owned())
        };
        let graph = crate_graph("benches/b/main.rs", &read).expect("a graph");
        assert!(
            graph.edges["tests/t/shared.rs"].contains_key("benches/b/main.rs"),
            "{:?}",
            graph.edges
        );
    }
}
