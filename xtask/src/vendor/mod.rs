//! Vendoring the client as a user would, following the client README's
//! "Vendoring" section: `cargo xtask vendor-check` builds a scratch user
//! workspace, `my-app/`, whose `Cargo.toml` is the README's own, with
//! `crates/cloudflare-ssl` and `crates/cloudflare-ssl-mock` copied
//! unchanged under `my-app/vendor/` and excluded from the workspace. It
//! checks what the README says of it:
//!
//! - the copies are not workspace members, and a root `cargo test` runs the
//!   user's tests (one against the fake) without building the copies'
//!   dev-dependencies;
//! - the client's own suite runs in its copy (`--manifest-path`), first
//!   with the workspace's Cargo.lock (the versions CI tested), then with no
//!   lock file at all (the newest semver-compatible versions, as a user
//!   without our lock gets) under `RUSTFLAGS="-D warnings"`, for each TLS
//!   feature: a deprecation upstream fails here before it fails a user.
//!
//! Each copy must stand alone: its Cargo.toml names every dependency's
//! version (no `workspace = true`, no `.workspace =`) and no path reaches
//! outside its directory (`path = "../…"`), but the mock's path to its
//! sibling client ([`copy`]). [`vendor_copy`] makes the other kind of
//! copy, one made its own workspace root with `[workspace]`, for
//! `cargo xtask footprint` and `growth-check`.

mod check;
mod copy;
pub mod scratch;

pub use check::check;
pub use copy::{copy_lock, vendor_copy};
pub use scratch::in_scratch_copy;
