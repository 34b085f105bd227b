//! The rows of the footprint table: each a way of depending on an HTTPS
//! client for the Cloudflare API, written as a minimal consumer's
//! dependencies and program.

/// The key of the row every other row is compared with.
pub const REFERENCE: &str = "cloudflare-rs";

/// Which program a consumer runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Program {
    /// `cloudflare_ssl::Client::from_env`, one `edit_certificate_pack`.
    Client,
    /// cloudflare-rs's async client, one `ZoneDetails` request.
    CloudflareRs,
    /// A reqwest client with reqwest's own rustls (aws-lc-rs), one PATCH,
    /// the envelope decoded with serde.
    Floor,
}

/// One way of depending on the crate, or a comparison row.
#[derive(Debug)]
pub struct Scenario {
    /// Short name, for `--only` and the notes.
    pub key: &'static str,
    pub label: &'static str,
    pub https: &'static str,
    /// The consumer's dependency lines (besides `tokio` with `rt`).
    pub dependencies: &'static str,
    pub program: Program,
    /// The flags with which `cargo tree` of the vendored crate itself must
    /// give the same count: a cross-check of the consumer's count. `None`
    /// for rows that do not use the crate.
    pub crate_flags: Option<&'static [&'static str]>,
}

pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        key: "default",
        label: "cloudflare-ssl, default features (`rustls`: rustls + aws-lc-rs, post-quantum key exchange)",
        https: "yes",
        dependencies: r#"cloudflare-ssl = { path = "../cloudflare-ssl" }"#,
        program: Program::Client,
        crate_flags: Some(&[]),
    },
    Scenario {
        key: "dns",
        label: "cloudflare-ssl, default features and `dns` (hickory-resolver)",
        https: "yes",
        dependencies: r#"cloudflare-ssl = { path = "../cloudflare-ssl", features = ["dns"] }"#,
        program: Program::Client,
        crate_flags: Some(&["--features", "dns"]),
    },
    Scenario {
        key: "rustls-ring",
        label: "cloudflare-ssl, `rustls-ring` (rustls + ring, no post-quantum key exchange)",
        https: "yes",
        dependencies: r#"cloudflare-ssl = { path = "../cloudflare-ssl", default-features = false, features = ["rustls-ring"] }"#,
        program: Program::Client,
        crate_flags: Some(&["--no-default-features", "--features", "rustls-ring"]),
    },
    Scenario {
        key: "native-tls",
        label: "cloudflare-ssl, `native-tls` (system OpenSSL)",
        https: "yes, through the system's OpenSSL (linked dynamically)",
        dependencies: r#"cloudflare-ssl = { path = "../cloudflare-ssl", default-features = false, features = ["native-tls"] }"#,
        program: Program::Client,
        crate_flags: Some(&["--no-default-features", "--features", "native-tls"]),
    },
    Scenario {
        key: "no-default",
        label: "cloudflare-ssl, `default-features = false`",
        https: "no: plain HTTP only",
        dependencies: r#"cloudflare-ssl = { path = "../cloudflare-ssl", default-features = false }"#,
        program: Program::Client,
        crate_flags: Some(&["--no-default-features"]),
    },
    Scenario {
        key: "floor",
        label: "floor: reqwest (its default TLS, rustls + aws-lc-rs) + serde + serde_json, no client",
        https: "yes",
        dependencies: r#"reqwest = { version = "0.13", default-features = false, features = ["rustls"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1""#,
        program: Program::Floor,
        crate_flags: None,
    },
    Scenario {
        key: REFERENCE,
        label: "cloudflare-rs: `cloudflare` 0.14, default features",
        https: "yes, through the system's OpenSSL (reqwest 0.12 `default-tls`)",
        dependencies: r#"cloudflare = "0.14""#,
        program: Program::CloudflareRs,
        crate_flags: None,
    },
];

pub fn keys() -> Vec<&'static str> {
    SCENARIOS.iter().map(|s| s.key).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_the_reference_is_a_row() {
        let mut keys = keys();
        assert!(keys.contains(&REFERENCE));
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), SCENARIOS.len());
    }
}
