//! The `dns` feature without a DNS server to ask: what the checker says
//! when nothing answers, and how it refuses to be set up without a
//! nameserver. The states against records served are tested with the fake
//! DNS of `cloudflare-ssl-mock` (the workspace's conformance suite).

use std::net::{Ipv4Addr, SocketAddr, TcpListener, UdpSocket};
use std::time::Duration;

use cloudflare_ssl::dcv::dns::DnsChecker;
use cloudflare_ssl::dcv::{CaaVerdict, DcvPlan, DcvRecord, RecordState};
use cloudflare_ssl::types::CertificateAuthority;

/// A port of 127.0.0.1 where nothing listens, UDP or TCP (bound, then
/// let go).
fn closed_port() -> SocketAddr {
    let udp = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind UDP");
    let addr = udp.local_addr().expect("address");
    let tcp = TcpListener::bind(addr);
    drop((udp, tcp));
    addr
}

#[tokio::test]
async fn nothing_answering_makes_every_state_and_verdict_a_failed_lookup() {
    let checker = DnsChecker::with_nameservers(&[closed_port()])
        .expect("a checker")
        .lookup_timeout(Duration::from_millis(300));
    let txt = DcvRecord::Txt {
        name: "_acme-challenge.example.com".into(),
        value: "token".into(),
    };
    let state = checker.record_state(&txt).await;
    assert!(
        matches!(state, RecordState::LookupFailed { .. }),
        "{state:?}"
    );
    assert!(state.is_problem());
    assert_eq!(state.to_string(), "lookup failed: no answer within 300ms");

    let check = checker
        .caa("www.example.com", Some(&CertificateAuthority::LetsEncrypt))
        .await;
    assert!(
        matches!(check.verdict, CaaVerdict::LookupFailed { .. }),
        "{check:?}"
    );
    assert_eq!(check.ca_domain.as_deref(), Some("letsencrypt.org"));

    let mut plan = DcvPlan::new("023e105f4ecef8ad9ca31a8372d0c353", &[], &[]);
    plan.add_delegation([DcvRecord::Cname {
        name: "_acme-challenge.example.com".into(),
        target: "example.com.abc.dcv.cloudflare.com".into(),
    }]);
    checker.check(&mut plan).await;
    assert_eq!(
        plan.problems(),
        1,
        "a failed lookup is a problem: nothing is known"
    );
}

#[tokio::test]
async fn http_and_email_are_not_checked_and_ask_nothing() {
    let checker = DnsChecker::with_nameservers(&[closed_port()])
        .expect("a checker")
        .lookup_timeout(Duration::from_millis(300));
    let http = DcvRecord::Http {
        url: "http://example.com/.well-known/pki-validation/x.txt".into(),
        body: "body".into(),
    };
    assert_eq!(checker.record_state(&http).await, RecordState::NotChecked);
    let email = DcvRecord::Email {
        addresses: vec!["admin@example.com".into()],
    };
    assert_eq!(checker.record_state(&email).await, RecordState::NotChecked);
}

#[test]
fn a_checker_needs_a_nameserver() {
    let error = DnsChecker::with_nameservers(&[]).expect_err("no nameserver");
    assert_eq!(
        error.to_string(),
        "cannot set up the DNS resolver: no nameserver given"
    );
}
