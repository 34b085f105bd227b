//! Every type a public signature names can be imported from this crate:
//! `use cloudflare_ssl::StatusCode` works, and the docs link it.
//!
//! Two checks. The first parses `src/` with syn and finds every type of
//! another crate that a public signature names; `lib.rs` must re-export
//! each. It finds a new one by itself, which a list of types kept by hand
//! would not: stable Rust has no way to ask the compiler for a crate's
//! public API (rustdoc's JSON output and `cargo public-api` need nightly,
//! and the `exported_private_dependencies` lint needs the unstable
//! public-dependency feature). A signature's type matches a re-export by
//! crate and name (`chrono::offset::Utc` is the `chrono::Utc` that
//! `lib.rs` re-exports), so the second check proves, by compiling, that
//! each re-export is the very type the signatures name.
//!
//! What the parse counts as public: an item of a module the root
//! re-exports whole (`pub use module::*`), or one it re-exports by name,
//! or one of `lib.rs`'s own public modules; the `pub` methods and
//! constants of the types among them, their `pub` fields and every field
//! of their enums, and the associated types and generic arguments of the
//! traits they implement. Types count, traits do not: a caller who uses a
//! bound such as serde's `DeserializeOwned`, or a trait impl such as
//! serde's `Serialize`, has that crate already. Types written only inside
//! `macro_rules!` bodies are not seen (the open-enum macros name only
//! `std`'s types and this crate's), and an external glob import
//! (`use reqwest::*`) fails the check, since it hides what a name is.

mod paths;
mod scan;

use std::collections::BTreeSet;
use std::path::Path;

use cloudflare_ssl::types::SslAutomaticModeValue;
use wiremock::ResponseTemplate;

use crate::support::*;
use scan::{CrateSource, dependencies};

#[test]
fn every_foreign_type_in_a_public_signature_is_re_exported() {
    let source = CrateSource::read(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")));
    let dependencies = dependencies(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
            .expect("Cargo.toml"),
    );
    let scan = source.scan(&dependencies);
    assert!(
        scan.problems.is_empty(),
        "public signatures name types callers cannot import from this crate; \
         re-export each from lib.rs:\n{}",
        scan.problems.join("\n")
    );
}

/// The scan on a crate of its own: it finds a foreign type in each kind of
/// public signature, and none where a signature is not public or names a
/// trait; and it refuses a foreign glob import.
#[test]
fn the_scan_finds_foreign_types_in_public_signatures_only() {
    let lib = r#"
        mod open;
        mod hidden;
        pub use open::*;
        pub use hidden::Named;
        pub use chrono::Utc;
        pub mod json { pub use serde_json::Value; }
    "#;
    let open = r#"
        use reqwest::StatusCode;
        use reqwest::header;
        pub fn status() -> StatusCode {}
        pub fn utc() -> ::chrono::offset::Utc {}
        pub fn value() -> serde_json::Value {}
        pub struct Fields { pub map: header::HeaderMap, private: bytes::Bytes }
        pub enum Variants { Tuple(url::Url), Named { method: reqwest::Method } }
        pub(crate) fn crate_only() -> bytes::Bytes {}
        pub fn bound<T: serde::de::DeserializeOwned>(_: impl serde::Serialize) {}
        impl Fields {
            pub fn version(&self) -> Option<reqwest::Version> { None }
            fn private(&self) -> bytes::Bytes {}
        }
        impl From<tokio::time::Instant> for Fields { fn from(_: tokio::time::Instant) -> Self {} }
        impl Iterator for Variants { type Item = http::Uri; fn next(&mut self) -> Option<http::Uri> { None } }
        mod inner { pub struct NotExported(pub bytes::BytesMut); }
        impl MadeByMacro { pub fn host(&self) -> url::Host {} }
        struct Private;
        impl Private { pub fn buf(&self) -> bytes::Buf {} }
    "#;
    let hidden = r#"
        use tokio::*;
        pub struct Named { pub when: chrono::NaiveDate }
        pub struct Unnamed { pub what: bytes::Buf }
    "#;
    let source = CrateSource::parse(&[
        (vec![], lib),
        (vec!["open"], open),
        (vec!["hidden"], hidden),
    ]);
    let dependencies = [
        "reqwest",
        "chrono",
        "serde_json",
        "serde",
        "bytes",
        "url",
        "tokio",
        "http",
    ]
    .map(String::from)
    .into();
    let scan = source.scan(&dependencies);
    let named: BTreeSet<&str> = scan.foreign.iter().map(|(_, name)| name.as_str()).collect();
    assert_eq!(
        named,
        BTreeSet::from([
            "HeaderMap",
            "Host",
            "Instant",
            "Method",
            "NaiveDate",
            "StatusCode",
            "Uri",
            "Url",
            "Utc",
            "Value",
            "Version"
        ])
    );
    let (globs, unexported): (Vec<&String>, Vec<&String>) = scan
        .problems
        .iter()
        .partition(|problem| problem.contains("use tokio::*"));
    assert_eq!(globs.len(), 1, "{:#?}", scan.problems);
    let unexported: BTreeSet<&str> = unexported
        .iter()
        .map(|problem| problem.rsplit("::").next().unwrap_or(problem))
        .collect();
    // All but the two that `lib` re-exports.
    let re_exported = BTreeSet::from(["Utc", "Value"]);
    assert_eq!(
        unexported,
        named.difference(&re_exported).copied().collect(),
        "{:#?}",
        scan.problems
    );
}

/// Each re-export is the type the signatures name: this compiles only if
/// it is, and the calls show the values behind them.
#[tokio::test]
async fn the_re_exports_are_the_types_the_signatures_name() {
    let error = mode_error(ResponseTemplate::new(400).set_body_json(failure_1008())).await;
    let status: Option<cloudflare_ssl::StatusCode> = error.status();
    assert_eq!(status, Some(cloudflare_ssl::StatusCode::BAD_REQUEST));

    let server = server_answering(
        ResponseTemplate::new(200)
            .insert_header("cf-ray", "8f1e2d3c4b5a6978-SJC")
            .set_body_json(setting_envelope("auto")),
    )
    .await;
    let response = client(&server)
        .edit_ssl_automatic_mode_with_response(ZONE, SslAutomaticModeValue::Auto)
        .await
        .expect("the setting");
    let headers: &cloudflare_ssl::HeaderMap = response.headers();
    let ray: Option<&cloudflare_ssl::HeaderValue> = headers.get("cf-ray");
    assert_eq!(
        ray,
        Some(&cloudflare_ssl::HeaderValue::from_static(
            "8f1e2d3c4b5a6978-SJC"
        ))
    );
    let modified: cloudflare_ssl::DateTime<cloudflare_ssl::Utc> = response.result.modified_on;
    assert_eq!(modified.timestamp(), 1_388_553_600, "2014-01-01T05:20:00Z");
    let json: Result<cloudflare_ssl::json::Value, cloudflare_ssl::json::Error> =
        response.raw_json();
    assert_eq!(json.expect("JSON")["result"]["value"], "auto");

    let entries = api_entries(&error).0;
    let extra: &cloudflare_ssl::json::Map<String, cloudflare_ssl::json::Value> = &entries[0].extra;
    assert!(extra.is_empty(), "{extra:?}");
}
