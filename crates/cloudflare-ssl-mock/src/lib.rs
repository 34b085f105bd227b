#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

mod answer;
mod builder;
mod check;
pub mod codes;
#[cfg(feature = "dns")]
pub mod dns;
pub mod documented;
mod envelope;
mod generated_operations;
mod mock;
pub mod model;
mod operation_id;
pub mod path;
mod recorded;
mod reply;
mod resource;
mod server;
pub mod spec;
mod state;
mod step;
mod time;
mod zone;
mod zones;

pub use builder::{MockBuilder, start};
pub use generated_operations::operation_kinds::*;
pub use mock::{API_KEY, API_TOKEN, BASE_PATH, EMAIL, MockCloudflare};
pub use recorded::{RecordedRequest, Violation};
pub use reply::{OperationKind, Reply};
pub use step::Step;
pub use zone::{Pack, Zone};
