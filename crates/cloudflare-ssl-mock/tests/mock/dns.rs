//! The fake DNS (`dns` feature), asked as a resolver asks: raw queries over
//! UDP and TCP, answers read record by record.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::time::Duration;

use cloudflare_ssl_mock::dns::FakeDns;
use hickory_server::proto::op::{Edns, Message, MessageType, OpCode, Query, ResponseCode};
use hickory_server::proto::rr::{Name, RData, RecordType};

const WAIT: Duration = Duration::from_secs(5);

fn query(name: &str, record_type: RecordType) -> Message {
    let mut message = Message::new(4242, MessageType::Query, OpCode::Query);
    message.add_query(Query::query(
        Name::from_ascii(name).expect("name"),
        record_type,
    ));
    message.metadata.recursion_desired = true;
    let mut edns = Edns::new();
    edns.set_max_payload(1232);
    message.set_edns(edns);
    message
}

fn over_udp(server: SocketAddr, name: &str, record_type: RecordType) -> Message {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
    socket.set_read_timeout(Some(WAIT)).expect("timeout");
    let bytes = query(name, record_type).to_vec().expect("encodes");
    socket.send_to(&bytes, server).expect("sent");
    let mut answer = vec![0; 65_535];
    let (len, _) = socket.recv_from(&mut answer).expect("an answer over UDP");
    Message::from_vec(&answer[..len]).expect("decodes")
}

fn over_tcp(server: SocketAddr, name: &str, record_type: RecordType) -> Message {
    let mut stream = TcpStream::connect(server).expect("connects");
    stream.set_read_timeout(Some(WAIT)).expect("timeout");
    let bytes = query(name, record_type).to_vec().expect("encodes");
    let len = u16::try_from(bytes.len()).expect("short").to_be_bytes();
    stream
        .write_all(&[&len[..], &bytes].concat())
        .expect("sent");
    let mut len = [0; 2];
    stream.read_exact(&mut len).expect("a length over TCP");
    let mut answer = vec![0; usize::from(u16::from_be_bytes(len))];
    stream.read_exact(&mut answer).expect("an answer over TCP");
    Message::from_vec(&answer).expect("decodes")
}

/// Each answer record as `name TYPE data`, data as hickory prints it.
fn answers(message: &Message) -> Vec<String> {
    message
        .answers
        .iter()
        .map(|r| format!("{} {} {}", r.name, r.record_type(), r.data))
        .collect()
}

fn fake() -> FakeDns {
    FakeDns::builder()
        .txt("_acme-challenge.example.com", "token-1")
        .cname(
            "_acme-challenge.www.example.com",
            "www.example.com.abc.dcv.cloudflare.com",
        )
        .caa("example.com", 0, "issue", "letsencrypt.org")
        .caa("example.com", 128, "tbs", "unknown")
        .start()
        .expect("starts")
}

#[test]
fn txt_cname_and_caa_records_are_served_over_udp_and_tcp() {
    let dns = fake();
    for ask in [over_udp, over_tcp] {
        let txt = ask(dns.addr(), "_acme-challenge.example.com.", RecordType::TXT);
        assert_eq!(txt.metadata.response_code, ResponseCode::NoError);
        assert!(txt.metadata.authoritative);
        assert_eq!(answers(&txt), ["_acme-challenge.example.com. TXT token-1"]);

        let cname = ask(
            dns.addr(),
            "_acme-challenge.www.example.com.",
            RecordType::CNAME,
        );
        assert_eq!(
            answers(&cname),
            ["_acme-challenge.www.example.com. CNAME www.example.com.abc.dcv.cloudflare.com."]
        );

        let caa = ask(dns.addr(), "example.com.", RecordType::CAA);
        let mut found: Vec<(bool, String, Vec<u8>)> = caa
            .answers
            .iter()
            .filter_map(|r| match &r.data {
                RData::CAA(caa) => Some((caa.issuer_critical, caa.tag.clone(), caa.value.clone())),
                _ => None,
            })
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                (false, "issue".to_owned(), b"letsencrypt.org".to_vec()),
                (true, "tbs".to_owned(), b"unknown".to_vec()),
            ]
        );
    }
}

#[test]
fn a_name_it_holds_nothing_for_is_nxdomain() {
    let dns = fake();
    let answer = over_udp(dns.addr(), "nothing.example.org.", RecordType::TXT);
    assert_eq!(answer.metadata.response_code, ResponseCode::NXDomain);
    assert!(answer.answers.is_empty());
    let answer = over_udp(dns.addr(), "_acme-challenge.example.com.", RecordType::CAA);
    assert_eq!(
        answer.metadata.response_code,
        ResponseCode::NoError,
        "the name exists"
    );
    assert!(answer.answers.is_empty());
}

#[test]
fn an_answer_too_long_for_udp_is_truncated_and_whole_over_tcp() {
    let long = "x".repeat(3000);
    let dns = FakeDns::builder()
        .txt("_acme-challenge.big.example.com", &long)
        .start()
        .expect("starts");
    let udp = over_udp(
        dns.addr(),
        "_acme-challenge.big.example.com.",
        RecordType::TXT,
    );
    assert!(udp.metadata.truncation, "truncated over UDP");
    let tcp = over_tcp(
        dns.addr(),
        "_acme-challenge.big.example.com.",
        RecordType::TXT,
    );
    assert!(!tcp.metadata.truncation);
    let value: Vec<u8> = match tcp.answers.first().map(|r| &r.data) {
        Some(RData::TXT(txt)) => txt
            .txt_data
            .iter()
            .flat_map(|s| s.iter().copied())
            .collect(),
        other => panic!("no TXT record: {other:?}"),
    };
    assert_eq!(
        value,
        long.as_bytes(),
        "255-byte strings, joined back whole"
    );
}

#[tokio::test]
async fn records_added_and_removed_while_serving_are_seen_at_once() {
    let dns = FakeDns::builder().start().expect("starts");
    let name = "_acme-challenge.later.example.com.";
    assert!(
        over_udp(dns.addr(), name, RecordType::TXT)
            .answers
            .is_empty()
    );
    dns.add_txt(name, "published-now").await.expect("added");
    assert_eq!(
        answers(&over_udp(dns.addr(), name, RecordType::TXT)),
        ["_acme-challenge.later.example.com. TXT published-now"]
    );
    assert!(dns.remove(name, "TXT").await.expect("removes"));
    assert!(
        over_udp(dns.addr(), name, RecordType::TXT)
            .answers
            .is_empty()
    );
    assert!(
        !dns.remove(name, "TXT").await.expect("removes"),
        "nothing left"
    );
}

#[test]
fn a_bad_name_or_tag_is_refused_at_start() {
    let bad_tag = FakeDns::builder()
        .caa("example.com", 0, "is sue", "x")
        .start();
    assert_eq!(
        bad_tag.map(|_| ()).map_err(|e| e.kind()),
        Err(std::io::ErrorKind::InvalidInput)
    );
    let bad_name = FakeDns::builder().txt("a..b", "x").start();
    assert_eq!(
        bad_name.map(|_| ()).map_err(|e| e.kind()),
        Err(std::io::ErrorKind::InvalidInput)
    );
}

#[tokio::test]
async fn a_cname_beside_other_records_is_refused_not_dropped() {
    let name = "_acme-challenge.example.com";
    let mixed = FakeDns::builder()
        .txt(name, "left-over")
        .cname(name, "example.com.abc.dcv.cloudflare.com")
        .start();
    let error = mixed.map(|_| ()).expect_err("a CNAME beside a TXT record");
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
    assert!(error.to_string().contains("holds a TXT record"), "{error}");

    let dns = FakeDns::builder()
        .cname(name, "example.com.abc.dcv.cloudflare.com")
        .start()
        .expect("starts");
    let added = dns.add_txt(name, "token").await;
    assert_eq!(
        added.map_err(|e| e.kind()),
        Err(std::io::ErrorKind::InvalidInput)
    );
    // Another CNAME replaces the first.
    dns.add_cname(name, "elsewhere.example.net")
        .await
        .expect("replaced");
    assert_eq!(
        answers(&over_udp(dns.addr(), name, RecordType::CNAME)),
        ["_acme-challenge.example.com. CNAME elsewhere.example.net."]
    );
}
