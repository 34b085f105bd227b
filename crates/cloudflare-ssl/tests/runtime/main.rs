//! The client runtime against a local wiremock server: credentials, errors,
//! retries, timeouts, input checks, forward compatibility and the examples.
//! Travels with the crate, so a vendored copy can run it too.

mod credentials;
mod errors;
mod examples;
mod forward_compat;
mod retries;
mod support;
mod validation;
