//! The client runtime against a local wiremock server (or a raw one where
//! wiremock cannot send the bytes, or a scripted one on tokio's paused
//! clock): credentials, errors, interim 1xx responses, retries, rate limits,
//! timeouts and deadlines, bounded reads, request ids, input checks, forward
//! compatibility, tracing, the waiter, pages, read before write, ordering
//! once and the retries of an order, and the examples; HTTPS
//! handshakes with each TLS feature, or plain HTTP only without one.
//! Travels with the crate, so a vendored copy can run it too.

mod bounded_reads;
mod classification;
mod connections;
mod credentials;
mod dcv;
#[cfg(feature = "dns")]
mod dcv_dns;
mod deadlines;
mod ensure;
mod errors;
mod examples;
mod forward_compat;
mod informational;
mod order;
mod order_retries;
mod pages;
#[cfg(not(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls")))]
mod plain_http;
mod public_api;
mod rate_limits;
mod raw_server;
mod request_ids;
mod retries;
mod support;
#[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
mod tls;
#[cfg(feature = "tracing")]
mod tracing;
mod validation;
mod waiter;
mod waiter_generic;
