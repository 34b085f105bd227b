//! The conformance suite: the generated client against the documentation
//! pages (`tests/fixtures/docs/`, `../shared/docs/`) and the OpenAPI
//! fragment. Helpers live in the `conformance` library (`tests/src/`).

mod dcv_check;
mod dcv_plan;
mod enums;
mod errors;
mod examples;
mod helpers;
mod order_tool;
mod requests;
mod responses;
mod status;
mod through_mock;
mod tools;
