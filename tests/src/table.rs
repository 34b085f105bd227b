//! The tables `cargo xtask codegen` writes for the suite
//! (`generated_operations.rs`): every operation, every object schema's
//! generated type and every open enum of the fragment, and the look-ups in
//! them. The generated code calls the helpers of `operation` and `typed`;
//! this module stands above all three, so none of them names another back.

use proptest::prelude::*;
use serde_json::Value;

pub use crate::generated_operations::{OPEN_ENUMS, OPERATIONS};
use crate::operation::OperationCase;
use crate::typed::{Decoded, OpenEnumCase};

/// Decodes `json` into the generated type of the fragment's object schema
/// `component`, then encodes it again. An `Err` says where decoding failed,
/// or that the fragment has no object schema of that name.
pub fn decode(component: &str, json: &Value) -> Result<Decoded, String> {
    crate::generated_operations::decode(component, json).unwrap_or_else(|| {
        Err(format!(
            "names no object schema of the fragment: {component}"
        ))
    })
}

/// A strategy that draws an operation, then a value of `strategy` for it.
/// Each operation's strategy is built once, not once per case.
pub fn any_operation<S>(
    strategy: impl Fn(&'static OperationCase) -> S,
) -> proptest::strategy::Union<BoxedStrategy<S::Value>>
where
    S: Strategy + 'static,
{
    proptest::strategy::Union::new(
        OPERATIONS
            .iter()
            .map(|operation| strategy(operation).boxed()),
    )
}

/// The [`OPEN_ENUMS`] entry named `name`.
///
/// # Panics
/// When there is none.
pub fn open_enum(name: &str) -> &'static OpenEnumCase {
    OPEN_ENUMS
        .iter()
        .find(|case| case.name == name)
        .unwrap_or_else(|| panic!("{name} is no open enum of the fragment"))
}
