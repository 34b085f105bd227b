//! Open enums generated from the fragment's named enum schemas.
//!
//! typify 0.8 turns a string enum into a closed Rust enum, so one value
//! Cloudflare adds later (as it added `expired` and `validation_timed_out`)
//! would make the whole response fail to decode. Every enum schema in the
//! fragment is therefore an open enum with an `Unknown` variant, handed to
//! progenitor as a replacement type. This module reads the values and emits
//! one `open_enums!` invocation that lists every enum with its values; the
//! client's macro (`src/open_enum.rs`) writes each enum and its impls, so
//! their shape is written once.

use proc_macro2::Literal;

use crate::model::{EnumKind, OpenEnum, Variant};

/// This enum's entry in the `open_enums!` invocation: the runtime's macro
/// (the client's `src/open_enum.rs`) writes the enum and its impls from the
/// name, the description and the values.
fn to_source(open_enum: &OpenEnum) -> String {
    let summary = open_enum
        .description
        .clone()
        .unwrap_or_else(|| format!("`{}` values.", open_enum.name));
    let kind = match open_enum.kind {
        EnumKind::String => "str",
        EnumKind::Integer => "i64",
    };
    let variants: Vec<String> = open_enum
        .variants
        .iter()
        .map(|variant| format!("{} = {}", variant.name, literal(variant)))
        .collect();
    let mut out = String::new();
    for line in summary.lines() {
        out.push_str(format!("    /// {line}").trim_end());
        out.push('\n');
    }
    let one_line = format!("    {}: {kind} [{}];", open_enum.name, variants.join(", "));
    if one_line.len() <= LINE_WIDTH {
        out.push_str(&one_line);
        out.push('\n');
    } else {
        out.push_str(&format!("    {}: {kind} [\n", open_enum.name));
        out.push_str(&pack(&variants, "        "));
        out.push_str("    ];\n");
    }
    out
}

/// The variant's value as a Rust literal.
fn literal(variant: &Variant) -> String {
    match variant.value.as_i64() {
        Some(integer) => Literal::i64_unsuffixed(integer).to_string(),
        None => Literal::string(variant.value.as_str().unwrap_or_default()).to_string(),
    }
}

/// The width rustfmt keeps to, which the packed lists keep to as well.
const LINE_WIDTH: usize = 100;

/// The `open_enums!` invocation that lists every enum. Written as text
/// rather than tokens: the formatters lay a macro's body out on as few lines
/// as fit, and this one reads best as a table, one doc line per line.
pub fn invocation(enums: &[OpenEnum]) -> String {
    let entries: String = enums.iter().map(to_source).collect();
    format!("crate::open_enum::open_enums! {{\n{entries}}}\n")
}

/// `items` joined by `, ` (with a trailing comma) in lines of at most
/// [`LINE_WIDTH`] columns, each starting with `indent`.
fn pack(items: &[String], indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for item in items {
        if !line.is_empty() && indent.len() + line.len() + 1 + item.len() + 1 > LINE_WIDTH {
            out.push_str(&format!("{indent}{line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(item);
        line.push(',');
    }
    if !line.is_empty() {
        out.push_str(&format!("{indent}{line}\n"));
    }
    out
}
