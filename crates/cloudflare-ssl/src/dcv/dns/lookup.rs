//! The DNS lookups the check needs, through hickory-resolver, reduced to
//! what the judgements read: TXT values, CNAME targets, CAA properties. The
//! only file that names hickory's types, so that none reaches the public
//! API.

use std::net::SocketAddr;
use std::time::Duration;

use hickory_resolver::TokioResolver;
use hickory_resolver::config::{
    ConnectionConfig, NameServerConfig, ProtocolConfig, ResolverConfig, ResolverOpts,
};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::{Name, RData, RecordType};

use super::ResolverError;

/// What one lookup found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Answer<T> {
    /// Records of the type asked for (never empty).
    Found(Vec<T>),
    /// None: the name does not exist, or holds no record of that type.
    Nothing,
    /// The lookup failed; why, in the resolver's words.
    Failed(String),
}

/// One CAA property, as RFC 8659 §4.1 lays it out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct CaaProperty {
    /// The whole flags octet (bit 0, `128`, is the issuer critical flag).
    pub flags: u8,
    /// The property tag, as published (tags match case-insensitively).
    pub tag: String,
    /// The value, as text (bytes that are not UTF-8 replaced).
    pub value: String,
}

impl CaaProperty {
    /// The issuer critical flag.
    pub fn is_critical(&self) -> bool {
        self.flags & 0b1000_0000 != 0
    }
}

/// A stub resolver that caches nothing: a check repeated after a record
/// was published must see it, not an answer remembered from before.
#[derive(Clone)]
pub(super) struct Lookups {
    resolver: TokioResolver,
    /// A bound on each lookup, over the resolver's own timeouts and
    /// attempts (5 s, twice, per server and protocol by default).
    pub limit: Option<Duration>,
}

impl Lookups {
    /// The system's resolver configuration (`/etc/resolv.conf` on Unix).
    pub fn system() -> Result<Self, ResolverError> {
        let builder = TokioResolver::builder_tokio().map_err(ResolverError::from_cause)?;
        Self::build(builder)
    }

    /// `servers` only, each over UDP and, for an answer too long for UDP
    /// (truncated) or a UDP failure, over TCP on the same port.
    pub fn nameservers(servers: &[SocketAddr]) -> Result<Self, ResolverError> {
        if servers.is_empty() {
            return Err(ResolverError::new("no nameserver given"));
        }
        let connection = |protocol, port| {
            let mut connection = ConnectionConfig::new(protocol);
            connection.port = port;
            connection
        };
        let servers = servers
            .iter()
            .map(|server| {
                let connections = vec![
                    connection(ProtocolConfig::Udp, server.port()),
                    connection(ProtocolConfig::Tcp, server.port()),
                ];
                NameServerConfig::new(server.ip(), true, connections)
            })
            .collect();
        let config = ResolverConfig::from_name_servers(servers);
        Self::build(TokioResolver::builder_with_config(
            config,
            TokioRuntimeProvider::default(),
        ))
    }

    fn build(
        mut builder: hickory_resolver::ResolverBuilder<TokioRuntimeProvider>,
    ) -> Result<Self, ResolverError> {
        let options: &mut ResolverOpts = builder.options_mut();
        options.try_tcp_on_error = true;
        // Nothing outlives its lookup: a cache entry's TTL is capped at 0.
        options.positive_max_ttl = Some(Duration::ZERO);
        options.negative_max_ttl = Some(Duration::ZERO);
        let resolver = builder.build().map_err(ResolverError::from_cause)?;
        Ok(Self {
            resolver,
            limit: None,
        })
    }

    /// The TXT values at `name`, each record's strings joined, read through
    /// any CNAME (the values at the end of the chain).
    pub async fn txt(&self, name: &str) -> Answer<String> {
        self.lookup(name, RecordType::TXT, |_, data| match data {
            RData::TXT(txt) => {
                let bytes: Vec<u8> = txt
                    .txt_data
                    .iter()
                    .flat_map(|s| s.iter().copied())
                    .collect();
                Some(String::from_utf8_lossy(&bytes).into_owned())
            }
            _ => None,
        })
        .await
    }

    /// The CNAME targets `name` itself holds, absolute and in lowercase.
    pub async fn cname(&self, name: &str) -> Answer<String> {
        self.lookup(name, RecordType::CNAME, |owner, data| match data {
            RData::CNAME(target) if owner => Some(target.0.to_lowercase().to_ascii()),
            _ => None,
        })
        .await
    }

    /// The CAA properties at `name`, read through any CNAME (RFC 8659 §3
    /// follows aliases).
    pub async fn caa(&self, name: &str) -> Answer<CaaProperty> {
        self.lookup(name, RecordType::CAA, |_, data| match data {
            RData::CAA(caa) => Some(CaaProperty {
                flags: caa.flags(),
                tag: caa.tag.clone(),
                value: String::from_utf8_lossy(&caa.value).into_owned(),
            }),
            _ => None,
        })
        .await
    }

    /// The answers to `record_type` at `name` that `pick` keeps; `pick` is
    /// told whether the record's owner is `name` itself (names compare
    /// case-insensitively), not a name further down a CNAME chain.
    async fn lookup<T>(
        &self,
        name: &str,
        record_type: RecordType,
        pick: impl Fn(bool, &RData) -> Option<T>,
    ) -> Answer<T> {
        let mut query = match Name::from_ascii(name) {
            Ok(query) => query,
            Err(error) => return Answer::Failed(format!("`{name}` is not a domain name: {error}")),
        };
        query.set_fqdn(true);
        let lookup = self.resolver.lookup(query.clone(), record_type);
        let outcome = match self.limit {
            Some(limit) => match tokio::time::timeout(limit, lookup).await {
                Ok(outcome) => outcome,
                Err(_) => return Answer::Failed(format!("no answer within {limit:?}")),
            },
            None => lookup.await,
        };
        match outcome {
            Ok(lookup) => {
                let found: Vec<T> = lookup
                    .answers()
                    .iter()
                    .filter_map(|record| pick(record.name == query, &record.data))
                    .collect();
                if found.is_empty() {
                    Answer::Nothing
                } else {
                    Answer::Found(found)
                }
            }
            Err(error) if error.is_no_records_found() => Answer::Nothing,
            Err(error) => Answer::Failed(error.to_string()),
        }
    }
}
