//! Documenting the fields whose property names another schema.
//!
//! typify writes a field's doc from its property's `description`, but a
//! property that is a `$ref` gets none: `CertificatePack::id` and `status`
//! were undocumented. Such a field gets the `description` written beside
//! the `$ref` in the fragment, else the named schema's. A field the model
//! expects that typify did not emit, or one typify already documents,
//! fails instead of silently doing less.

use heck::ToUpperCamelCase;
use syn::parse_quote;

use crate::model::Model;

pub fn add(model: &Model, file: &mut syn::File) -> Result<(), String> {
    for component in &model.components {
        if component.reference_docs.is_empty() {
            continue;
        }
        let name = component.name.to_upper_camel_case();
        let fields = super::names::struct_fields(file, &component.name).ok_or_else(|| {
            format!("reference_docs: typify emitted no struct `{name}` with named fields")
        })?;
        for (property, doc) in &component.reference_docs {
            let wanted = super::names::field(property);
            let field = fields
                .named
                .iter_mut()
                .find(|field| field.ident.as_ref() == Some(&wanted))
                .ok_or_else(|| {
                    format!("reference_docs: `{name}` has no field for the property `{property}`")
                })?;
            if field.attrs.iter().any(|attr| attr.path().is_ident("doc")) {
                return Err(format!(
                    "reference_docs: typify now documents `{name}::{wanted}` itself: remove this correction"
                ));
            }
            field.attrs.insert(0, parse_quote! { #[doc = #doc] });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case() -> Model {
        super::super::cases::case_model("open_enums")
    }

    #[test]
    fn a_missing_field_or_one_typify_documents_is_refused() {
        let mut without_field: syn::File = parse_quote! { pub struct Paint {} };
        let message = add(&case(), &mut without_field).expect_err("no field");
        assert!(
            message.contains("has no field for the property `colour`"),
            "{message}"
        );

        let mut documented: syn::File = parse_quote! {
            pub struct Paint {
                /// typify's own doc.
                pub colour: Colour,
                pub days: Option<Days>,
            }
        };
        let message = add(&case(), &mut documented).expect_err("already documented");
        assert!(
            message.contains("typify now documents `Paint::colour`"),
            "{message}"
        );
    }
}
