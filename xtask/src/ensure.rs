//! Writing generated files only when their contents change, or checking
//! that they are fresh.

use std::path::Path;

/// What `ensure_file_contents` does with a file that differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Overwrite it.
    Write,
    /// Leave it, print a diff, and report it as stale.
    Check,
}

/// How many diff lines to print per stale file before cutting off.
const DIFF_LINES: usize = 80;

/// Returns whether `path` holds `contents` after the call. In write mode a
/// differing file is rewritten (untouched when equal, so its mtime stays and
/// cargo rebuilds nothing); in check mode it is reported with a diff.
pub fn ensure_file_contents(path: &Path, contents: &str, mode: Mode) -> Result<bool, String> {
    let old = std::fs::read_to_string(path).unwrap_or_default();
    if normalize_newlines(&old) == normalize_newlines(contents) {
        return Ok(true);
    }
    match mode {
        Mode::Write => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            std::fs::write(path, contents)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            eprintln!("updated {}", path.display());
            Ok(true)
        }
        Mode::Check => {
            eprintln!(
                "{} is stale; the difference (- checked in, + generated):",
                path.display()
            );
            eprintln!("{}", short_diff(&old, contents));
            eprintln!("Run `cargo xtask codegen` to update it.");
            Ok(false)
        }
    }
}

fn normalize_newlines(s: &str) -> String {
    s.replace("\r\n", "\n")
}

fn short_diff(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header("checked in", "generated")
        .to_string();
    let total = text.lines().count();
    let mut shown: String = text.lines().take(DIFF_LINES).collect::<Vec<_>>().join("\n");
    if total > DIFF_LINES {
        shown.push_str(&format!("\n… {} more diff lines", total - DIFF_LINES));
    }
    shown
}
