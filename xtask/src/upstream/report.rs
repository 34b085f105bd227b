//! What `cargo xtask upstream` prints: a short text grouped by operation
//! and location, or the same as JSON (`--json`), and the exit code.

use std::fmt::Write as _;

use serde::Serialize;

use super::compare::{Finding, Kind};
use super::forgiven::Applied;

/// The outcome of comparing the fragment with one upstream spec.
#[derive(Debug, Serialize)]
pub struct Report {
    pub upstream: String,
    pub fragment: String,
    pub operations: Vec<Matched>,
    /// What would change the generated client or its checks.
    pub differences: Vec<Finding>,
    /// Descriptions, vendor `x-` keys, annotations: never failing.
    pub informational: Vec<Finding>,
    /// Where a documented deviation was normalised away.
    pub forgiven: Vec<Applied>,
}

/// How one of the fragment's operations was found upstream.
#[derive(Debug, Serialize)]
pub struct Matched {
    pub operation: String,
    pub method: String,
    pub path: String,
    pub upstream_operation_id: Option<String>,
    /// `operation id` or `method and path`.
    pub matched_by: &'static str,
}

/// How many locations an informational line names before it says "more".
const LOCATIONS_SHOWN: usize = 3;
/// How much of a value a text line shows.
const VALUE_CHARS: usize = 90;

impl Report {
    /// 0 when nothing that matters differs, 1 when something does.
    pub fn exit_code(&self) -> u8 {
        u8::from(!self.differences.is_empty())
    }

    pub fn json(&self) -> String {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        if let Some(map) = value.as_object_mut() {
            map.insert("exit".to_owned(), self.exit_code().into());
        }
        serde_json::to_string_pretty(&value).unwrap_or_default()
    }

    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "upstream: {}", self.upstream);
        let _ = writeln!(out, "fragment: {}", self.fragment);
        for matched in &self.operations {
            let _ = writeln!(
                out,
                "\n{}: {} {} (upstream {}, found by {})",
                matched.operation,
                matched.method,
                matched.path,
                matched
                    .upstream_operation_id
                    .as_deref()
                    .unwrap_or("without id"),
                matched.matched_by
            );
            let mine: Vec<&Finding> = self
                .differences
                .iter()
                .filter(|f| f.operation == matched.operation)
                .collect();
            if mine.is_empty() {
                let _ = writeln!(out, "  no differences that matter");
            }
            let mut location = None;
            for finding in mine {
                if location != Some(&finding.location) {
                    let _ = writeln!(out, "  {}", finding.location);
                    location = Some(&finding.location);
                }
                let _ = writeln!(out, "    {}", versus(finding));
            }
        }

        if !self.forgiven.is_empty() {
            let _ = writeln!(
                out,
                "\nForgiven: documented deviations (openapi/README.md), normalised before comparing:"
            );
            for (entry, places) in grouped(
                &self.forgiven,
                |a| (a.deviation, a.name),
                |a| format!("{} › {}", a.operation, a.location),
            ) {
                let _ = writeln!(out, "  {} {}: {}", entry.0, entry.1, places.join("; "));
            }
        }

        if !self.informational.is_empty() {
            let _ = writeln!(
                out,
                "\nInformational (never fails; --json lists every place):"
            );
            for (operation, findings) in
                grouped(&self.informational, |f| f.operation.clone(), |f| f.clone())
            {
                let _ = writeln!(out, "  {operation}");
                for (heading, kinds) in INFORMATIONAL {
                    let these: Vec<Finding> = findings
                        .iter()
                        .filter(|f| kinds.contains(&f.kind))
                        .cloned()
                        .collect();
                    if these.is_empty() {
                        continue;
                    }
                    let _ = writeln!(out, "    {heading}:");
                    for (line, places) in grouped(&these, versus, |f| f.location.clone()) {
                        let _ = writeln!(out, "      {}", at_places(&line, &places));
                    }
                }
            }
        }

        let _ = match self.differences.len() {
            0 => writeln!(
                out,
                "\nResult: the fragment says what upstream says (exit 0)."
            ),
            n => writeln!(
                out,
                "\nResult: {n} difference{} that matter{} (exit 1): carry {} into the fragment, \
                 or document {} as a deviation (openapi/README.md).",
                if n == 1 { "" } else { "s" },
                if n == 1 { "s" } else { "" },
                if n == 1 { "it" } else { "them" },
                if n == 1 { "it" } else { "them" },
            ),
        };
        out
    }
}

/// The informational section's headings, and the kinds under each.
const INFORMATIONAL: [(&str, &[Kind]); 3] = [
    ("vendor keys", &[Kind::VendorKey]),
    ("descriptions", &[Kind::Description]),
    (
        "annotations, and keywords that have no effect where they stand",
        &[Kind::Annotation, Kind::NoEffect],
    ),
];

/// `place: line`, or for several places `line (at N places: a; b; c; and M more)`.
fn at_places(line: &str, places: &[String]) -> String {
    let mut places: Vec<&str> = places.iter().map(String::as_str).collect();
    places.dedup();
    if let [place] = places.as_slice() {
        return format!("{place}: {line}");
    }
    let shown = places[..places.len().min(LOCATIONS_SHOWN)].join("; ");
    let more = match places.len().saturating_sub(LOCATIONS_SHOWN) {
        0 => String::new(),
        more => format!("; and {more} more"),
    };
    format!("{line} (at {} places: {shown}{more})", places.len())
}

/// `what: upstream U, fragment F`; long values are cut, from shortly
/// before where they start to differ.
fn versus(finding: &Finding) -> String {
    let common = finding
        .upstream
        .chars()
        .zip(finding.fragment.chars())
        .take_while(|(u, f)| u == f)
        .count();
    let longest = finding
        .upstream
        .chars()
        .count()
        .max(finding.fragment.chars().count());
    let skip = if longest > VALUE_CHARS && common > 2 * CONTEXT_CHARS {
        common - CONTEXT_CHARS
    } else {
        0
    };
    format!(
        "{}: upstream {}, fragment {}",
        finding.what,
        cut(&finding.upstream, skip),
        cut(&finding.fragment, skip)
    )
}

/// Characters of a shared beginning kept before a difference.
const CONTEXT_CHARS: usize = 12;

/// `value` without its first `skip` characters, and at most `VALUE_CHARS`.
fn cut(value: &str, skip: usize) -> String {
    let mut text: String = value.chars().skip(skip).take(VALUE_CHARS).collect();
    if skip > 0 {
        text.insert(0, '…');
    }
    if value.chars().count() > skip + VALUE_CHARS {
        text.push('…');
    }
    text
}

/// `items` grouped by `key`, in order of first appearance, each group's
/// members turned into `T`.
fn grouped<I, K: PartialEq, T>(
    items: &[I],
    key: impl Fn(&I) -> K,
    member: impl Fn(&I) -> T,
) -> Vec<(K, Vec<T>)> {
    let mut groups: Vec<(K, Vec<T>)> = Vec::new();
    for item in items {
        let k = key(item);
        match groups.iter_mut().find(|(existing, _)| *existing == k) {
            Some((_, members)) => members.push(member(item)),
            None => groups.push((k, vec![member(item)])),
        }
    }
    groups
}
