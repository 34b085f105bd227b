//! The operation model: the fragment read once, into what every emitter
//! needs (progenitor's corrections, the client's operation descriptions,
//! methods and query structs, the fake Cloudflare's plumbing, the
//! conformance suite's table, growth-check's choice of schemas).
//!
//! Reading refuses, with the place in the fragment, every construct the
//! emitters cannot turn into code (header parameters, inline schemas where
//! a type name is needed, bodies that are not JSON, a `default` response),
//! so that an emitter never has to. References are followed by
//! [`crate::openapi::resolve`], the one resolver.
//!
//! - `operation`: each operation: path and its parameters, query, body,
//!   responses with their examples;
//! - `query`: one query parameter and what may be sent in it;
//! - `envelope`: Cloudflare's envelope around each response schema;
//! - `component`: facts about the named schemas the corrections need;
//! - `open_enum`: the enum schemas and their values.

mod component;
mod content;
mod envelope;
mod open_enum;
mod operation;
mod query;
mod response;

use std::collections::BTreeMap;

use crate::openapi::fragment::{Fragment, FragmentError};

pub use component::Component;
pub use envelope::{ENVELOPE_LISTS, Envelope};
pub use open_enum::{EnumKind, OpenEnum, Variant};
pub use operation::Operation;
pub use query::{QueryKind, QueryParameter};
pub use response::Outcome;

/// The fragment, as the emitters see it.
#[derive(Debug)]
pub struct Model {
    /// In the fragment's order (paths, then methods in OpenAPI's order).
    pub operations: Vec<Operation>,
    /// Every response schema the operations name, by component name.
    pub envelopes: BTreeMap<String, Envelope>,
    /// Every named enum schema, in the fragment's order.
    pub enums: Vec<OpenEnum>,
    /// Every named schema, in the fragment's order.
    pub components: Vec<Component>,
}

impl Model {
    pub fn read(fragment: &Fragment) -> Result<Self, FragmentError> {
        let enums = open_enum::collect(fragment)?;
        let components = component::collect(fragment)?;
        let operations = operation::collect(fragment)?;
        let mut envelopes = BTreeMap::new();
        for operation in &operations {
            for (name, outcome) in [
                (&operation.success.schema, Outcome::Success),
                (&operation.failure.schema, Outcome::Failure),
            ] {
                if !envelopes.contains_key(name) {
                    envelopes.insert(name.clone(), Envelope::read(fragment, name, outcome)?);
                }
            }
        }
        Ok(Self {
            operations,
            envelopes,
            enums,
            components,
        })
    }

    /// The envelope of `operation`'s success responses.
    pub fn success_envelope(&self, operation: &Operation) -> &Envelope {
        &self.envelopes[&operation.success.schema]
    }
}
