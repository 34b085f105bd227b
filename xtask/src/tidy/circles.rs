//! A repository rule: no import circles. In every crate of the workspace
//! (each lib, bin, test, example and bench target is a crate of its own),
//! the files form a graph (`module_graph`): a file points at the files its
//! `crate::…` and `super::…` paths reach. A strongly connected set of more
//! than one file is a circle: each of its files depends, through the
//! others, on itself, so none can be read, tested or moved alone. The cure
//! is a leaf module below them that holds what they share.
//!
//! `cargo test -p xtask no_import_circles` runs the rule alone;
//! `cargo test -p xtask tidy::` runs it with every other repository rule and
//! the tests of the checker.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use super::module_graph::{Graph, crate_graph};

/// The strongly connected sets of more than one file (Tarjan's algorithm),
/// each sorted, in the order of their first file.
fn circles(graph: &Graph) -> Vec<Vec<String>> {
    struct Tarjan<'a> {
        edges: &'a BTreeMap<String, BTreeMap<String, String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, file: &'a str) {
            let index = self.index.len();
            self.index.insert(file, index);
            self.low.insert(file, index);
            self.stack.push(file);
            self.on_stack.insert(file);
            let edges = self.edges;
            for next in edges.get(file).into_iter().flat_map(BTreeMap::keys) {
                if !self.index.contains_key(next.as_str()) {
                    self.visit(next);
                    let low = self.low[file].min(self.low[next.as_str()]);
                    self.low.insert(file, low);
                } else if self.on_stack.contains(next.as_str()) {
                    let low = self.low[file].min(self.index[next.as_str()]);
                    self.low.insert(file, low);
                }
            }
            if self.low[file] == index {
                let mut set = Vec::new();
                while let Some(member) = self.stack.pop() {
                    self.on_stack.remove(member);
                    set.push(member.to_owned());
                    if member == file {
                        break;
                    }
                }
                if set.len() > 1 {
                    set.sort();
                    self.found.push(set);
                }
            }
        }
    }
    let mut tarjan = Tarjan {
        edges: &graph.edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for file in graph.edges.keys() {
        if !tarjan.index.contains_key(file.as_str()) {
            tarjan.visit(file);
        }
    }
    tarjan.found.sort();
    tarjan.found
}

/// One circle, for the failure message: the crates it is in, then each
/// file with the files of the circle it names and the path that does it.
fn describe(crates: &[String], set: &[String], graph: &Graph) -> String {
    let mut text = format!("{} files, in {}:\n", set.len(), crates.join(", "));
    for from in set {
        text.push_str(&format!("  {from}\n"));
        for (to, path) in graph.edges.get(from).into_iter().flatten() {
            if set.contains(to) {
                text.push_str(&format!("      → {to} (`{path}`)\n"));
            }
        }
    }
    text
}

/// Every circle of every crate of the workspace at `root`, described.
fn workspace_circles(root: &Path) -> Vec<String> {
    let read = |file: &str| std::fs::read_to_string(root.join(file)).ok();
    // The same files can form the same circle in several crates (examples
    // sharing a module): one entry, naming each crate.
    let mut found: BTreeMap<Vec<String>, (Vec<String>, String)> = BTreeMap::new();
    for (name, crate_root) in crate_roots(root) {
        let graph = crate_graph(&crate_root, &read).unwrap_or_else(|e| panic!("{name}: {e}"));
        for set in circles(&graph) {
            let entry = found.entry(set.clone()).or_default();
            entry.0.push(name.clone());
            entry.1 = describe(&entry.0, &set, &graph);
        }
    }
    found.into_values().map(|(_, text)| text).collect()
}

/// Every crate of the workspace (`cargo metadata`): a name such as
/// `cloudflare-ssl (example bulk_ssl_automatic_mode)` and its root file,
/// relative to `root`.
fn crate_roots(root: &Path) -> Vec<(String, String)> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .current_dir(root)
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let top = root.canonicalize().expect("the workspace root exists");
    let mut roots = Vec::new();
    for package in metadata["packages"].as_array().into_iter().flatten() {
        for target in package["targets"].as_array().into_iter().flatten() {
            let source = Path::new(target["src_path"].as_str().expect("src_path"));
            let source = source.canonicalize().expect("a target's root file exists");
            let relative = source
                .strip_prefix(&top)
                .expect("a member's file is inside the workspace");
            let kind = target["kind"][0].as_str().unwrap_or("?");
            let name = format!(
                "{} ({kind} {})",
                package["name"].as_str().unwrap_or("?"),
                target["name"].as_str().unwrap_or("?")
            );
            roots.push((name, relative.to_string_lossy().replace('\\', "/")));
        }
    }
    roots.sort();
    roots
}

#[cfg(test)]
mod tests {
    use super::super::module_graph::graph_of;
    use super::*;

    #[test]
    fn no_import_circles() {
        let found = workspace_circles(&crate::workspace_root());
        assert!(
            found.is_empty(),
            "import circles: each set below is files that reach one another \
             through the `crate::` and `super::` paths they name (each file, then \
             the files of the set it names, and the path that does it). Move what \
             they share into a module below them all, that names none of them.\n\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn two_files_naming_each_other_are_a_circle() {
        let graph = graph_of(&[
            ("src/lib.rs", "mod a; mod b; mod c;"),
            ("src/a.rs", "use crate::b::B; pub struct A;"),
            (
                "src/b.rs",
                "pub struct B; fn f() -> crate::a::A { crate::a::A }",
            ),
            ("src/c.rs", "use crate::a::A;"),
        ]);
        assert_eq!(circles(&graph), [["src/a.rs", "src/b.rs"]]);
        let text = describe(&["demo (lib)".into()], &circles(&graph)[0], &graph);
        assert_eq!(
            text,
            "2 files, in demo (lib):\n  src/a.rs\n      → src/b.rs (`crate::b::B`)\n  \
             src/b.rs\n      → src/a.rs (`crate::a::A`)\n"
        );
    }

    #[test]
    fn a_chain_is_not_a_circle_until_it_closes() {
        let mut files = [
            ("src/main.rs", "mod a; mod b; mod c; fn main() { a::f() }"),
            ("src/a.rs", "pub fn f() { crate::b::g() }"),
            ("src/b.rs", "pub fn g() { let _ = crate::c::C; }"),
            ("src/c.rs", "pub struct C;"),
        ];
        assert_eq!(circles(&graph_of(&files)), Vec::<Vec<String>>::new());
        files[3].1 = "pub struct C; fn h() { super::a::f() }";
        assert_eq!(
            circles(&graph_of(&files)),
            [["src/a.rs", "src/b.rs", "src/c.rs"]]
        );
    }
}
