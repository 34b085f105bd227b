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

use heck::ToUpperCamelCase;
use proc_macro2::Literal;
use serde_json::Value;

use super::fragment::{Fragment, FragmentError, pointer_segment};

/// One enum schema of the fragment, ready to be emitted.
#[derive(Debug)]
pub struct OpenEnum {
    /// The component schema's name, which is also the Rust type's name.
    pub name: String,
    description: Option<String>,
    /// `str` or `i64`, as the `open_enums!` macro reads it.
    kind: &'static str,
    variants: Vec<Variant>,
}

/// One value: its Rust variant name and the value as a Rust literal.
#[derive(Debug)]
struct Variant {
    name: String,
    literal: String,
}

/// Collects every named enum schema. An enum anywhere else is an error: its
/// generated name would depend on where it stands, and it would be closed.
pub fn collect(fragment: &Fragment) -> Result<Vec<OpenEnum>, FragmentError> {
    let mut inline = Vec::new();
    find_inline_enums(&fragment.json, "", &mut inline);
    if let Some(pointer) = inline.first() {
        return Err(fragment.error_at(
            pointer,
            "an `enum` outside `components/schemas`: move it into a named component \
             schema and `$ref` it, so that its Rust type has a stable name and stays open",
        ));
    }

    let mut out = Vec::new();
    for (name, schema) in fragment.component_schemas() {
        let Some(values) = schema.get("enum") else {
            continue;
        };
        let pointer = format!("/components/schemas/{name}");
        let values = values
            .as_array()
            .filter(|values| !values.is_empty())
            .ok_or_else(|| {
                fragment.error_at(
                    &format!("{pointer}/enum"),
                    "`enum` must be an array of at least one value",
                )
            })?;
        let description = schema
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let (kind, variants) = match schema.get("type").and_then(Value::as_str) {
            Some("string") => ("str", string_variants(fragment, &pointer, values)?),
            Some("integer") => ("i64", integer_variants(fragment, &pointer, schema, values)?),
            other => {
                return Err(fragment.error_at(
                    &pointer,
                    &format!("enum of type {other:?}: only string and integer enums are supported"),
                ));
            }
        };
        out.push(OpenEnum {
            name: name.to_owned(),
            description,
            kind,
            variants,
        });
    }
    Ok(out)
}

fn find_inline_enums(value: &Value, pointer: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            let is_named_schema =
                pointer.starts_with("/components/schemas/") && pointer.matches('/').count() == 3;
            // `enum` inside an `x-` extension or an example is data, not schema.
            if map.contains_key("enum") && !is_named_schema {
                out.push(pointer.to_owned());
            }
            for (key, child) in map {
                if key.starts_with("x-") || key == "example" || key == "examples" {
                    continue;
                }
                find_inline_enums(child, &format!("{pointer}/{}", pointer_segment(key)), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                find_inline_enums(child, &format!("{pointer}/{index}"), out);
            }
        }
        _ => {}
    }
}

fn string_variants(
    fragment: &Fragment,
    pointer: &str,
    values: &[Value],
) -> Result<Vec<Variant>, FragmentError> {
    let mut variants: Vec<Variant> = Vec::new();
    for (index, value) in values.iter().enumerate() {
        let here = format!("{pointer}/enum/{index}");
        let value = value
            .as_str()
            .ok_or_else(|| fragment.error_at(&here, "a string enum may hold only strings"))?;
        let name = value.to_upper_camel_case();
        check_variant_name(fragment, &here, &name, &variants)?;
        variants.push(Variant {
            name,
            literal: Literal::string(value).to_string(),
        });
    }
    Ok(variants)
}

fn integer_variants(
    fragment: &Fragment,
    pointer: &str,
    schema: &Value,
    values: &[Value],
) -> Result<Vec<Variant>, FragmentError> {
    // Numbers make no Rust names, so integer enums name their variants with
    // the widely used `x-enum-varnames` extension.
    let names = schema
        .get("x-enum-varnames")
        .and_then(Value::as_array)
        .filter(|names| names.len() == values.len())
        .ok_or_else(|| {
            fragment.error_at(
                pointer,
                "an integer enum needs `x-enum-varnames`: one Rust variant name per value",
            )
        })?;
    let mut variants: Vec<Variant> = Vec::new();
    for (index, (value, name)) in values.iter().zip(names).enumerate() {
        let here = format!("{pointer}/enum/{index}");
        let value = value
            .as_i64()
            .ok_or_else(|| fragment.error_at(&here, "an integer enum may hold only integers"))?;
        let name = name
            .as_str()
            .map(str::to_upper_camel_case)
            .unwrap_or_default();
        check_variant_name(
            fragment,
            &format!("{pointer}/x-enum-varnames/{index}"),
            &name,
            &variants,
        )?;
        variants.push(Variant {
            name,
            literal: Literal::i64_unsuffixed(value).to_string(),
        });
    }
    Ok(variants)
}

fn check_variant_name(
    fragment: &Fragment,
    pointer: &str,
    name: &str,
    taken: &[Variant],
) -> Result<(), FragmentError> {
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if !valid {
        return Err(fragment.error_at(
            pointer,
            &format!("`{name}` is not a usable Rust variant name"),
        ));
    }
    if name == "Unknown" {
        return Err(fragment.error_at(
            pointer,
            "the variant name `Unknown` is reserved for values the fragment does not list",
        ));
    }
    if taken.iter().any(|variant| variant.name == name) {
        return Err(fragment.error_at(
            pointer,
            &format!("two values map to the variant name `{name}`"),
        ));
    }
    Ok(())
}

impl OpenEnum {
    /// This enum's entry in the `open_enums!` invocation: the runtime's
    /// macro (the client's `src/open_enum.rs`) writes the enum and its impls
    /// from the name, the description and the values.
    fn to_source(&self) -> String {
        let summary = self
            .description
            .clone()
            .unwrap_or_else(|| format!("`{}` values.", self.name));
        let kind = self.kind;
        let variants: Vec<String> = self
            .variants
            .iter()
            .map(|variant| format!("{} = {}", variant.name, variant.literal))
            .collect();
        let mut out = String::new();
        for line in summary.lines() {
            out.push_str(format!("    /// {line}").trim_end());
            out.push('\n');
        }
        let one_line = format!("    {}: {kind} [{}];", self.name, variants.join(", "));
        if one_line.len() <= LINE_WIDTH {
            out.push_str(&one_line);
            out.push('\n');
        } else {
            out.push_str(&format!("    {}: {kind} [\n", self.name));
            out.push_str(&pack(&variants, "        "));
            out.push_str("    ];\n");
        }
        out
    }
}

/// The width rustfmt keeps to, which the packed lists keep to as well.
const LINE_WIDTH: usize = 100;

/// The `open_enums!` invocation that lists every enum. Written as text
/// rather than tokens: the formatters lay a macro's body out on as few lines
/// as fit, and this one reads best as a table, one doc line per line.
pub fn invocation(enums: &[OpenEnum]) -> String {
    let entries: String = enums.iter().map(OpenEnum::to_source).collect();
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
