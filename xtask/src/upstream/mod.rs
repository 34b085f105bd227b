//! `cargo xtask upstream <SPEC>`: has Cloudflare's spec moved away from the
//! fragment?
//!
//! Finds the fragment's operations in a whole Cloudflare OpenAPI 3.0 spec
//! (by the upstream id the fragment keeps in `x-cloudflare-operation-id`,
//! else by method and path), resolves every `$ref` on both sides, applies
//! the fragment's documented deviations (`forgiven`) and reports what would
//! change the generated client or its checks. Exit 0: nothing that matters
//! differs; 1: something does; 2: an input is unusable. It only reads.
//!
//! - `load`: reading, gunzipping, accepting OpenAPI 3.0.x;
//! - `model`: an operation's meaning, with names gone;
//! - `forgiven`: the deviations the comparison forgives;
//! - `compare`: the structural diff;
//! - `report`: text and `--json`.

mod compare;
mod forgiven;
mod load;
mod model;
mod report;
#[cfg(test)]
mod tests;

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use serde_json::Value;

use crate::codegen::FRAGMENT;
pub use load::{Spec, Unusable};
use model::{METHODS, MatchedBy};
use report::Matched;
pub use report::Report;

const USAGE: &str = "\
cargo xtask upstream <SPEC> [--json]

  SPEC    a whole Cloudflare OpenAPI 3.0 document, JSON or gzipped JSON
  --json  the report as JSON on stdout

Compares the fragment's operations with SPEC's after the fragment's documented
deviations (openapi/README.md). Exit 0: nothing that matters differs; 1: something
does; 2: an input is unusable. Never writes the fragment.
";

/// Runs the command; `args` are those after `upstream`.
pub fn main(root: &Path, args: &[&str]) -> ExitCode {
    let json = args.contains(&"--json");
    let rest: Vec<&str> = args.iter().copied().filter(|a| *a != "--json").collect();
    let spec_path = match rest.as_slice() {
        ["--help" | "-h"] => {
            print!(
                "{USAGE}\nWhat the comparison forgives (openapi/README.md, \"Deliberate deviations\"):\n{}",
                forgiven::describe()
            );
            return ExitCode::SUCCESS;
        }
        [path] if !path.starts_with('-') => Path::new(path),
        _ => {
            eprint!("unknown arguments: {}\n\n{USAGE}", args.join(" "));
            return ExitCode::from(2);
        }
    };
    let outcome = Spec::read(spec_path).and_then(|upstream| {
        let mut fragment = Spec::read(&root.join(FRAGMENT))?;
        fragment.label = FRAGMENT.to_owned();
        compare(&upstream, &fragment)
    });
    match outcome {
        Ok(report) => {
            let text = if json {
                report.json() + "\n"
            } else {
                report.text()
            };
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            ExitCode::from(report.exit_code())
        }
        Err(unusable) => {
            eprintln!("error: {unusable}");
            ExitCode::from(2)
        }
    }
}

/// Compares every operation of `fragment` with its counterpart in `upstream`.
pub fn compare(upstream: &Spec, fragment: &Spec) -> Result<Report, Unusable> {
    let mut report = Report {
        upstream: upstream.label.clone(),
        fragment: fragment.label.clone(),
        operations: Vec::new(),
        differences: Vec::new(),
        informational: Vec::new(),
        forgiven: Vec::new(),
    };
    let paths = fragment.json.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for method in METHODS {
            let Some(node) = item.get(method) else {
                continue;
            };
            let name = node
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or(path)
                .to_owned();
            let upstream_id = node
                .get("x-cloudflare-operation-id")
                .and_then(Value::as_str);
            let found = model::locate(upstream, upstream_id, method, path).ok_or_else(|| {
                Unusable::new(
                    &upstream.label,
                    format!(
                        "the fragment's operation `{name}` is not there: no operation has \
                         operationId `{}`, and there is no {} {path}",
                        upstream_id.unwrap_or("(none recorded)"),
                        method.to_uppercase()
                    ),
                )
            })?;
            let mut theirs = model::operation(upstream, &found.path, &found.method)?;
            let mut ours = model::operation(fragment, path, method)?;
            report.operations.push(Matched {
                operation: name.clone(),
                method: theirs.method.clone(),
                path: theirs.path.clone(),
                upstream_operation_id: theirs.operation_id.clone(),
                matched_by: match found.by {
                    MatchedBy::OperationId => "operation id",
                    MatchedBy::MethodAndPath => "method and path",
                },
            });
            report
                .forgiven
                .extend(forgiven::apply(&name, &mut theirs, &mut ours));
            let (informational, differences): (Vec<_>, Vec<_>) =
                compare::operations(&name, &theirs, &ours)
                    .into_iter()
                    .partition(compare::Finding::informational);
            report.differences.extend(differences);
            report.informational.extend(informational);
        }
    }
    if report.operations.is_empty() {
        return Err(Unusable::new(
            &fragment.label,
            "the fragment has no operations",
        ));
    }
    Ok(report)
}
