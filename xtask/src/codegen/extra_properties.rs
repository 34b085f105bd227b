//! Keeping the properties a schema does not declare.
//!
//! typify drops properties the fragment does not declare. Where the
//! fragment says `additionalProperties: true` explicitly (JSON Schema's
//! default, so upstream comparison sees no difference), the struct gets
//!
//! ```text
//! #[serde(flatten)]
//! pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
//! ```
//!
//! so what Cloudflare adds is kept, re-encoded, and readable: the error
//! entries (`ResponseInfo`) carry `error_chain` this way (see
//! openapi/README.md).
//!
//! The fragment says which structs must get the field; a struct typify did
//! not emit, or one that already has an `extra`, fails instead of silently
//! doing less.

use heck::ToUpperCamelCase;
use syn::parse_quote;

use crate::model::Model;

/// The field's name in every struct that gets it.
pub const FIELD: &str = "extra";

/// Adds the field to the struct of every schema that asks for it.
pub fn add(model: &Model, file: &mut syn::File) -> Result<(), String> {
    for schema in model
        .components
        .iter()
        .filter(|c| c.keeps_extra)
        .map(|c| c.name.as_str())
    {
        let name = schema.to_upper_camel_case();
        let fields = super::names::struct_fields(file, schema).ok_or_else(|| {
            format!(
                "extra_properties: schema {schema} says `additionalProperties: true`, but \
                     typify emitted no struct `{name}` with named fields"
            )
        })?;
        if fields
            .named
            .iter()
            .any(|field| field.ident.as_ref().is_some_and(|ident| ident == FIELD))
        {
            return Err(format!(
                "extra_properties: `{name}` already has a field `{FIELD}`; rename the property"
            ));
        }
        fields.named.push(parse_quote! {
            /// Properties the fragment does not declare, as the server sent them.
            #[serde(flatten)]
            pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schema_without_its_struct_is_refused() {
        let model = super::super::cases::case_model("extra_properties");
        let mut empty: syn::File = parse_quote! {};
        let message = add(&model, &mut empty).expect_err("no struct");
        assert!(
            message.starts_with("extra_properties: schema Entry says"),
            "{message}"
        );
    }
}
