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
    pub consumer: Consumer,
}

/// What a row's minimal consumer depends on.
#[derive(Debug)]
pub enum Consumer {
    /// The vendored client, with its default features (`None`) or with
    /// default features off and these on.
    Client {
        features: Option<&'static [&'static str]>,
    },
    /// reqwest with its own default TLS, serde and serde_json: the floor.
    Floor,
    /// cloudflare-rs with its default features.
    CloudflareRs,
}

impl Scenario {
    /// The consumer's dependency lines (besides `tokio` with `rt`).
    pub fn dependencies(&self) -> String {
        match self.consumer {
            Consumer::Client { features: None } => {
                r#"cloudflare-ssl = { path = "../cloudflare-ssl" }"#.to_owned()
            }
            Consumer::Client {
                features: Some(features),
            } => {
                let features: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
                let features = if features.is_empty() {
                    String::new()
                } else {
                    format!(", features = [{}]", features.join(", "))
                };
                format!(
                    r#"cloudflare-ssl = {{ path = "../cloudflare-ssl", default-features = false{features} }}"#
                )
            }
            Consumer::Floor => {
                r#"reqwest = { version = "0.13", default-features = false, features = ["rustls"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1""#
                    .to_owned()
            }
            Consumer::CloudflareRs => r#"cloudflare = "0.14""#.to_owned(),
        }
    }

    /// The program the consumer runs.
    pub fn program(&self) -> Program {
        match self.consumer {
            Consumer::Client { .. } => Program::Client,
            Consumer::Floor => Program::Floor,
            Consumer::CloudflareRs => Program::CloudflareRs,
        }
    }

    /// The flags with which `cargo tree` of the vendored crate itself must
    /// give the same count: a cross-check of the consumer's count. `None`
    /// for rows that do not use the crate.
    pub fn crate_flags(&self) -> Option<Vec<String>> {
        match self.consumer {
            Consumer::Client { features: None } => Some(Vec::new()),
            Consumer::Client {
                features: Some(features),
            } => {
                let mut flags = vec!["--no-default-features".to_owned()];
                if !features.is_empty() {
                    // One argument: `--features a b` would make `b` a
                    // positional argument of `cargo tree`.
                    flags.extend(["--features".to_owned(), features.join(",")]);
                }
                Some(flags)
            }
            Consumer::Floor | Consumer::CloudflareRs => None,
        }
    }
}

pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        key: "default",
        label: "cloudflare-ssl, default features (`rustls`: rustls + aws-lc-rs, post-quantum key exchange)",
        https: "yes",
        consumer: Consumer::Client { features: None },
    },
    Scenario {
        key: "dns",
        label: "cloudflare-ssl, default features and `dns` (hickory-resolver)",
        https: "yes",
        consumer: Consumer::Client {
            features: Some(&["rustls", "dns"]),
        },
    },
    Scenario {
        key: "rustls-ring",
        label: "cloudflare-ssl, `rustls-ring` (rustls + ring, no post-quantum key exchange)",
        https: "yes",
        consumer: Consumer::Client {
            features: Some(&["rustls-ring"]),
        },
    },
    Scenario {
        key: "native-tls",
        label: "cloudflare-ssl, `native-tls` (system OpenSSL)",
        https: "yes, through the system's OpenSSL (linked dynamically)",
        consumer: Consumer::Client {
            features: Some(&["native-tls"]),
        },
    },
    Scenario {
        key: "no-default",
        label: "cloudflare-ssl, `default-features = false`",
        https: "no: plain HTTP only",
        consumer: Consumer::Client {
            features: Some(&[]),
        },
    },
    Scenario {
        key: "floor",
        label: "floor: reqwest (its default TLS, rustls + aws-lc-rs) + serde + serde_json, no client",
        https: "yes",
        consumer: Consumer::Floor,
    },
    Scenario {
        key: REFERENCE,
        label: "cloudflare-rs: `cloudflare` 0.14, default features",
        https: "yes, through the system's OpenSSL (reqwest 0.12 `default-tls`)",
        consumer: Consumer::CloudflareRs,
    },
];

pub fn keys() -> Vec<&'static str> {
    SCENARIOS.iter().map(|s| s.key).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client row's dependency line and its `cargo tree` flags say the
    /// same features.
    #[test]
    fn a_client_row_depends_on_and_counts_the_same_features() {
        let row = |key: &str| SCENARIOS.iter().find(|s| s.key == key).expect("a row");
        let ring = row("rustls-ring");
        assert_eq!(
            ring.dependencies(),
            r#"cloudflare-ssl = { path = "../cloudflare-ssl", default-features = false, features = ["rustls-ring"] }"#
        );
        assert_eq!(
            ring.crate_flags(),
            Some(vec![
                "--no-default-features".to_owned(),
                "--features".to_owned(),
                "rustls-ring".to_owned()
            ])
        );
        assert_eq!(
            row("dns").crate_flags(),
            Some(vec![
                "--no-default-features".to_owned(),
                "--features".to_owned(),
                "rustls,dns".to_owned()
            ])
        );
        let plain = row("no-default");
        assert_eq!(
            plain.dependencies(),
            r#"cloudflare-ssl = { path = "../cloudflare-ssl", default-features = false }"#
        );
        assert_eq!(
            plain.crate_flags(),
            Some(vec!["--no-default-features".to_owned()])
        );
        assert_eq!(row("default").crate_flags(), Some(Vec::new()));
        assert_eq!(row(REFERENCE).crate_flags(), None);
    }

    #[test]
    fn keys_are_unique_and_the_reference_is_a_row() {
        let mut keys = keys();
        assert!(keys.contains(&REFERENCE));
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), SCENARIOS.len());
    }
}
