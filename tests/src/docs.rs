//! The documentation pages: where to find them, and what can be read out of
//! their text (enum value lists, example responses).

use std::path::PathBuf;

/// A documentation page: a file of `tests/fixtures/docs` (a verbatim copy
/// of `../shared/docs`), named as the fragment's examples name it in
/// `x-documentation-page`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Page {
    file_name: String,
}

impl Page {
    /// The page `file_name` (e.g. `ssl-automatic-mode.txt`).
    pub fn named(file_name: &str) -> Self {
        Self {
            file_name: file_name.to_owned(),
        }
    }

    /// Every page kept with the suite: each `.txt` file of
    /// `tests/fixtures/docs`, by name.
    pub fn all() -> Vec<Page> {
        let dir = crate::fixtures_dir().join("docs");
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        let mut pages: Vec<Page> = entries
            .map(|entry| entry.unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())))
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".txt"))
            .map(|name| Page::named(&name))
            .collect();
        pages.sort();
        pages
    }

    /// The page's file name, the same in `../shared/docs` and `fixtures/docs`.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The copy kept with the suite, `tests/fixtures/docs/<file>`.
    pub fn vendored_path(&self) -> PathBuf {
        crate::fixtures_dir().join("docs").join(&self.file_name)
    }

    /// The copy in `../shared/docs/<file>` beside the repository, the
    /// project's source of truth.
    pub fn shared_path(&self) -> PathBuf {
        shared_docs_dir().join(&self.file_name)
    }

    /// The vendored page's text.
    ///
    /// # Panics
    /// When the page is not in `tests/fixtures/docs`.
    pub fn vendored_text(&self) -> String {
        let path = self.vendored_path();
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// The shared page's text, or `None` when `../shared/docs` is not there.
    pub fn shared_text(&self) -> Option<String> {
        let path = self.shared_path();
        if !shared_docs_dir().is_dir() {
            return None;
        }
        Some(
            std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())),
        )
    }
}

/// `../shared/docs`, relative to the workspace root.
pub fn shared_docs_dir() -> PathBuf {
    crate::workspace_root().join("../shared/docs")
}

/// A documented list of allowed values: the lines after "One of the
/// following:", with the field they belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumList {
    /// The field declared last before the list, e.g. `status` for
    /// `status: Status`.
    pub field: String,
    /// The field's declaration line, e.g. `status: Status`.
    pub declaration: String,
    /// 1-based line number of "One of the following:".
    pub line: usize,
    /// The values, unquoted: `"initializing"` becomes `initializing`, `14`
    /// stays `14`.
    pub values: Vec<String>,
}

/// The field name if `line` declares a field (`name: Type…`), as the pages
/// do: a lower-case identifier, a colon and a space at the start of a line.
fn declared_field(line: &str) -> Option<&str> {
    let (name, rest) = line.split_once(": ")?;
    let is_field = !name.is_empty()
        && !rest.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    is_field.then_some(name)
}

/// A value line of a list: a JSON string literal or an integer.
fn list_value(line: &str) -> Option<String> {
    let line = line.trim();
    if line.len() >= 2 && line.starts_with('"') && line.ends_with('"') {
        let inner = &line[1..line.len() - 1];
        return (!inner.contains('"')).then(|| inner.to_owned());
    }
    (!line.is_empty() && line.chars().all(|c| c.is_ascii_digit() || c == '-'))
        .then(|| line.to_owned())
}

/// Every "One of the following:" list on a page, in page order.
pub fn enum_lists(text: &str) -> Vec<EnumList> {
    let lines: Vec<&str> = text.lines().collect();
    let mut lists = Vec::new();
    let mut declaration: Option<(&str, &str)> = None;
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        if let Some(field) = declared_field(line) {
            declaration = Some((field, line));
        }
        if line.trim() == "One of the following:" {
            let (field, declared) = declaration.unwrap_or_else(|| {
                panic!(
                    "line {}: a value list that follows no field declaration",
                    index + 1
                )
            });
            let values: Vec<String> = lines[index + 1..]
                .iter()
                .map_while(|line| list_value(line))
                .collect();
            lists.push(EnumList {
                field: field.to_owned(),
                declaration: declared.to_owned(),
                line: index + 1,
                values: values.clone(),
            });
            index += values.len();
        }
        index += 1;
    }
    lists
}

/// The JSON example blocks on a page: each runs from a line that is exactly
/// `{` to the next line that is exactly `}`, and is returned verbatim. A
/// page that repeats an example yields it once, at its first position.
pub fn example_blocks(text: &str) -> Vec<&str> {
    let mut blocks: Vec<&str> = Vec::new();
    let mut offset = 0;
    let mut start = None;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches('\n');
        if content == "{" && start.is_none() {
            start = Some(offset);
        } else if content == "}"
            && let Some(begin) = start.take()
        {
            let block = &text[begin..offset + content.len()];
            if !blocks.contains(&block) {
                blocks.push(block);
            }
        }
        offset += line.len();
    }
    blocks
}
