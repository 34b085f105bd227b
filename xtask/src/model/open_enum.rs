//! The fragment's named enum schemas and their values. Each becomes an
//! open enum (`codegen/open_enums.rs`): typify 0.8 would make a closed one,
//! which fails a whole response on one value Cloudflare adds later.

use heck::ToUpperCamelCase;
use serde_json::Value;

use crate::openapi::fragment::{Fragment, FragmentError, pointer_segment};

/// One enum schema of the fragment.
#[derive(Debug)]
pub struct OpenEnum {
    /// The component schema's name, which is also the Rust type's name.
    pub name: String,
    pub description: Option<String>,
    pub kind: EnumKind,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumKind {
    String,
    Integer,
}

/// One value and its Rust variant name.
#[derive(Debug)]
pub struct Variant {
    pub name: String,
    /// A JSON string or integer.
    pub value: Value,
}

/// Collects every named enum schema. An enum anywhere else is an error: its
/// generated name would depend on where it stands, and it would be closed.
pub(super) fn collect(fragment: &Fragment) -> Result<Vec<OpenEnum>, FragmentError> {
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
            Some("string") => (
                EnumKind::String,
                string_variants(fragment, &pointer, values)?,
            ),
            Some("integer") => (
                EnumKind::Integer,
                integer_variants(fragment, &pointer, schema, values)?,
            ),
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
        let name = variant_name(value);
        check_variant_name(fragment, &here, &name, &variants)?;
        variants.push(Variant {
            name,
            value: Value::from(value),
        });
    }
    Ok(variants)
}

/// A string value's Rust variant name: UpperCamelCase, with a `V` in front
/// when it would start with a digit (`"1.2"` is `V12`, as version numbers
/// are in Rust enums).
fn variant_name(value: &str) -> String {
    let name = value.to_upper_camel_case();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else {
        name
    }
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
            value: Value::from(value),
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
