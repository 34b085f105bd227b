//! A fake Cloudflare for tests of code built on `cloudflare-ssl`.
#![deny(missing_docs)]

pub mod spec;
