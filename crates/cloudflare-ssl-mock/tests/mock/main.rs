//! The mock's own tests: one binary, one module per area.

mod builders;
mod conformance;
mod defaults;
#[cfg(feature = "dns")]
mod dns;
mod lifecycle;
mod reads;
mod recording;
mod replies;
mod stateful;
mod support;
mod unseen;
mod verification;
mod zones;
