//! A fake DNS for tests of DCV automation (the `dns` feature): TXT, CNAME
//! and CAA records served on 127.0.0.1 over UDP and TCP, by hickory-server's
//! in-memory zone handler, on a thread and runtime of its own, so that it
//! answers whatever the test does meanwhile (a blocking
//! `std::process::Command` running a tool included).
//!
//! It is authoritative for the whole tree (its one zone is the root): a
//! name it holds nothing for is NXDOMAIN, never a referral or a refusal, so
//! a CNAME pointing anywhere ends in an answer. A UDP answer longer than
//! the query's EDNS payload size is truncated, and resolvers retry it over
//! TCP, as with a real server.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, UdpSocket};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use hickory_server::Server;
use hickory_server::proto::rr::rdata::{CAA, CNAME, SOA, TXT};
use hickory_server::proto::rr::{LowerName, Name, RData, Record, RecordSet, RecordType, RrKey};
use hickory_server::store::in_memory::InMemoryZoneHandler;
use hickory_server::zone_handler::{AxfrPolicy, Catalog, ZoneType};
use tokio::sync::oneshot;

/// The TTL of every record served.
const TTL: u32 = 60;
/// How long a TCP connection may stay idle.
const TCP_TIMEOUT: Duration = Duration::from_secs(5);
/// How many ports to try before giving up finding one free for UDP and
/// TCP alike.
const PORT_TRIES: usize = 20;

/// Records for a [`FakeDns`] to start with.
#[derive(Debug, Default)]
#[must_use = "nothing is served until `start`"]
pub struct FakeDnsBuilder {
    records: Vec<(String, RecordData)>,
}

/// What one record holds, before it is checked.
#[derive(Clone, Debug)]
enum RecordData {
    Txt(String),
    Cname(String),
    Caa {
        flags: u8,
        tag: String,
        value: String,
    },
}

impl FakeDnsBuilder {
    /// A TXT record `name` holding `value` (split into strings of 255 bytes
    /// when longer). Several calls for one name make several records.
    pub fn txt(mut self, name: &str, value: &str) -> Self {
        self.records
            .push((name.to_owned(), RecordData::Txt(value.to_owned())));
        self
    }

    /// A CNAME record `name` pointing at `target` (one per name: a later
    /// call replaces it).
    pub fn cname(mut self, name: &str, target: &str) -> Self {
        self.records
            .push((name.to_owned(), RecordData::Cname(target.to_owned())));
        self
    }

    /// A CAA record `name`: `flags` (128 sets the issuer critical flag),
    /// `tag` (`issue`, `issuewild`, `iodef`, or any other) and `value`
    /// (`letsencrypt.org`, `;`, …), as a zone file writes them.
    pub fn caa(mut self, name: &str, flags: u8, tag: &str, value: &str) -> Self {
        let data = RecordData::Caa {
            flags,
            tag: tag.to_owned(),
            value: value.to_owned(),
        };
        self.records.push((name.to_owned(), data));
        self
    }

    /// Starts serving on 127.0.0.1, UDP and TCP on one port. Fails when a
    /// name or tag is not valid, or no port was free.
    pub fn start(self) -> io::Result<FakeDns> {
        let mut zone =
            InMemoryZoneHandler::empty(Name::root(), ZoneType::Primary, AxfrPolicy::Deny);
        let soa = SOA::new(
            Name::from_ascii("ns.fake-dns.test.").map_err(invalid)?,
            Name::from_ascii("hostmaster.fake-dns.test.").map_err(invalid)?,
            1,
            3600,
            600,
            86_400,
            TTL,
        );
        zone.upsert_mut(Record::from_rdata(Name::root(), TTL, RData::SOA(soa)), 1);
        for (name, data) in self.records {
            let record = record(&name, data)?;
            refuse_cname_clash(zone.records_get_mut(), &record)?;
            zone.upsert_mut(record, 1);
        }
        FakeDns::serve(Arc::new(zone))
    }
}

/// A DNS server for tests on 127.0.0.1, UDP and TCP: see the module docs.
/// Stops when dropped.
pub struct FakeDns {
    addr: SocketAddr,
    zone: Arc<InMemoryZoneHandler>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl FakeDns {
    /// Records to start with; then [`FakeDnsBuilder::start`].
    pub fn builder() -> FakeDnsBuilder {
        FakeDnsBuilder::default()
    }

    /// Where it listens, UDP and TCP alike.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Adds a TXT record while serving (see [`FakeDnsBuilder::txt`]).
    pub async fn add_txt(&self, name: &str, value: &str) -> io::Result<()> {
        self.add(name, RecordData::Txt(value.to_owned())).await
    }

    /// Adds or replaces the CNAME record `name` while serving.
    pub async fn add_cname(&self, name: &str, target: &str) -> io::Result<()> {
        self.add(name, RecordData::Cname(target.to_owned())).await
    }

    /// Adds a CAA record while serving (see [`FakeDnsBuilder::caa`]).
    pub async fn add_caa(&self, name: &str, flags: u8, tag: &str, value: &str) -> io::Result<()> {
        let data = RecordData::Caa {
            flags,
            tag: tag.to_owned(),
            value: value.to_owned(),
        };
        self.add(name, data).await
    }

    /// Removes every record of `record_type` (`"TXT"`, `"CNAME"`, `"CAA"`)
    /// at `name`; `Ok(false)` when there was none.
    pub async fn remove(&self, name: &str, record_type: &str) -> io::Result<bool> {
        let record_type: RecordType = record_type.parse().map_err(invalid)?;
        let key = RrKey::new(LowerName::new(&absolute(name)?), record_type);
        Ok(self.zone.records_mut().await.remove(&key).is_some())
    }

    async fn add(&self, name: &str, data: RecordData) -> io::Result<()> {
        let record = record(name, data)?;
        refuse_cname_clash(&*self.zone.records().await, &record)?;
        // `false` here means the same record was there already.
        self.zone.upsert(record, 1).await;
        Ok(())
    }

    /// Binds one port for UDP and TCP, and serves `zone` there from a
    /// thread of its own.
    fn serve(zone: Arc<InMemoryZoneHandler>) -> io::Result<Self> {
        let (udp, tcp) = bind_one_port()?;
        let addr = udp.local_addr()?;
        udp.set_nonblocking(true)?;
        tcp.set_nonblocking(true)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let mut catalog = Catalog::new();
        catalog.upsert(LowerName::new(&Name::root()), vec![zone.clone()]);
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("fake-dns-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(async move {
                    let mut server = Server::new(catalog);
                    match (
                        tokio::net::UdpSocket::from_std(udp),
                        tokio::net::TcpListener::from_std(tcp),
                    ) {
                        (Ok(udp), Ok(tcp)) => {
                            server.register_socket(udp);
                            server.register_listener(tcp, TCP_TIMEOUT, 64);
                            // Served until the sender is dropped or used.
                            let _ = stopped.await;
                        }
                        _ => drop(stopped),
                    }
                });
            })?;
        Ok(Self {
            addr,
            zone,
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl fmt::Debug for FakeDns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeDns")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Drop for FakeDns {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A UDP socket and a TCP listener on one port of 127.0.0.1.
fn bind_one_port() -> io::Result<(UdpSocket, TcpListener)> {
    let mut last = None;
    for _ in 0..PORT_TRIES {
        let udp = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0))?;
        match TcpListener::bind(udp.local_addr()?) {
            Ok(tcp) => return Ok((udp, tcp)),
            Err(error) => last = Some(error),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free port")))
}

/// The record `name` holding `data`.
fn record(name: &str, data: RecordData) -> io::Result<Record> {
    let rdata = match data {
        RecordData::Txt(value) => {
            let strings: Vec<&[u8]> = value.as_bytes().chunks(255).collect();
            RData::TXT(TXT::from_bytes(if strings.is_empty() {
                vec![b""]
            } else {
                strings
            }))
        }
        RecordData::Cname(target) => RData::CNAME(CNAME(absolute(&target)?)),
        RecordData::Caa { flags, tag, value } => {
            if tag.is_empty() || !tag.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(invalid(format!("`{tag}` is not a CAA tag")));
            }
            let mut caa = CAA::new_issue(flags & 0b1000_0000 != 0, None, Vec::new());
            caa.reserved_flags = flags & 0b0111_1111;
            caa.tag = tag;
            caa.value = value.into_bytes();
            RData::CAA(caa)
        }
    };
    Ok(Record::from_rdata(absolute(name)?, TTL, rdata))
}

/// hickory's zone silently keeps out a CNAME beside other records at one
/// name, and any record beside a CNAME (a CNAME stands alone: RFC 1034
/// §3.6.2); said here instead, as `InvalidInput`.
fn refuse_cname_clash(
    records: &BTreeMap<RrKey, Arc<RecordSet>>,
    record: &Record,
) -> io::Result<()> {
    let is_cname = record.record_type() == RecordType::CNAME;
    let clash = records.keys().find(|key| {
        key.name == LowerName::new(&record.name)
            && (key.record_type == RecordType::CNAME) != is_cname
    });
    match clash {
        Some(key) => Err(invalid(format!(
            "{} {}: the name holds a {} record, and a CNAME cannot stand beside other records (RFC 1034 §3.6.2)",
            record.name,
            record.record_type(),
            key.record_type
        ))),
        None => Ok(()),
    }
}

/// `name` as an absolute domain name.
fn absolute(name: &str) -> io::Result<Name> {
    let mut absolute = Name::from_ascii(name).map_err(invalid)?;
    absolute.set_fqdn(true);
    Ok(absolute)
}

fn invalid(error: impl ToString) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, error.to_string())
}
