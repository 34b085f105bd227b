//! HTTPS with whichever TLS feature this suite is built with (`rustls`,
//! `rustls-ring` or `native-tls`): a real handshake against a local
//! server whose certificate a test CA (made here with rcgen) signed. The
//! call succeeds once the CA is added with `add_root_certificate`, and is a
//! transport error naming the certificate when it is not. The server runs
//! on aws-lc-rs and offers the post-quantum hybrid X25519MLKEM768, as
//! Cloudflare's edge does, and records the key exchange group each
//! handshake settled on. No network.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use cloudflare_ssl::types::SslAutomaticModeValue;
use cloudflare_ssl::{Client, ClientBuilder, Credentials, Error, TransportKind};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{NamedGroup, ServerConfig, crypto::aws_lc_rs};

use crate::raw_server::{json_response, read_request};
use crate::support::*;

/// A test CA and an HTTPS server on 127.0.0.1 presenting a certificate it
/// signed.
struct Server {
    url: String,
    ca_pem: String,
    ca_der: Vec<u8>,
    /// HTTP requests that arrived over a completed handshake.
    requests: Arc<AtomicUsize>,
    /// The key exchange groups the server offers, X25519MLKEM768 among them.
    offered: Vec<NamedGroup>,
    /// The key exchange group of each completed handshake, in order.
    groups: Arc<Mutex<Vec<NamedGroup>>>,
}

impl Server {
    fn groups(&self) -> Vec<NamedGroup> {
        self.groups.lock().expect("groups").clone()
    }
}

fn test_ca() -> CertifiedIssuer<'static, KeyPair> {
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "cloudflare-ssl test CA");
    CertifiedIssuer::self_signed(params, KeyPair::generate().expect("CA key")).expect("CA")
}

/// Serves every connection: a TLS handshake, then one request answered
/// with a successful `ssl_automatic_mode` envelope.
async fn https_server() -> Server {
    let ca = test_ca();
    let key = KeyPair::generate().expect("server key");
    let params = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
        .expect("server parameters");
    let certificate = params.signed_by(&key, &ca).expect("server certificate");
    let provider = aws_lc_rs::default_provider();
    let offered: Vec<NamedGroup> = provider.kx_groups.iter().map(|g| g.name()).collect();
    assert!(offered.contains(&NamedGroup::X25519MLKEM768), "{offered:?}");
    let config = ServerConfig::builder_with_provider(Arc::new(provider))
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(
            vec![certificate.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
        .expect("server config");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("https://{}", listener.local_addr().expect("address"));
    let requests = Arc::new(AtomicUsize::new(0));
    let groups = Arc::new(Mutex::new(Vec::new()));
    let (counter, negotiated) = (requests.clone(), groups.clone());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let (counter, negotiated) = (counter.clone(), negotiated.clone());
            tokio::spawn(async move {
                let Ok(mut stream) = acceptor.accept(stream).await else {
                    return;
                };
                if let Some(group) = stream.get_ref().1.negotiated_key_exchange_group() {
                    negotiated.lock().expect("groups").push(group.name());
                }
                if read_request(&mut stream).await.is_none() {
                    return;
                }
                counter.fetch_add(1, Ordering::SeqCst);
                let body = setting_envelope("auto").to_string();
                let _ = stream.write_all(&json_response(200, &body)).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    Server {
        url,
        ca_pem: ca.pem(),
        ca_der: ca.der().to_vec(),
        requests,
        offered,
        groups,
    }
}

fn builder(server: &Server) -> ClientBuilder {
    builder_at(&server.url).max_retries(0)
}

async fn call(client: &Client) -> Result<SslAutomaticModeValue, Error> {
    let setting = set_auto(client).await?;
    Ok(setting.value)
}

#[tokio::test]
async fn a_server_signed_by_an_added_ca_completes_the_handshake() {
    let server = https_server().await;
    for (format, ca) in [
        ("PEM", server.ca_pem.as_bytes().to_vec()),
        ("DER", server.ca_der.clone()),
    ] {
        let client = builder(&server)
            .add_root_certificate(ca)
            .build()
            .expect("client trusting the test CA");
        let value = call(&client).await;
        assert!(
            matches!(value, Ok(SslAutomaticModeValue::Auto)),
            "{format}: {value:?}"
        );
    }
    assert_eq!(server.requests.load(Ordering::SeqCst), 2);
}

/// The client names its provider in its own configuration: it installs no
/// process-wide default, and works the same whether another crate installed
/// one or not. (The only test here that touches the process default.) Not
/// with `native-tls`, which wins over the rustls features and uses no
/// rustls provider at all: there the test could not fail.
#[cfg(not(feature = "native-tls"))]
#[tokio::test]
async fn the_process_wide_provider_is_neither_needed_nor_set_nor_used() {
    use tokio_rustls::rustls::crypto::CryptoProvider;

    let server = https_server().await;
    let trusting = || {
        builder(&server)
            .add_root_certificate(server.ca_pem.clone())
            .build()
            .expect("client")
    };
    assert!(CryptoProvider::get_default().is_none());
    assert!(call(&trusting()).await.is_ok());
    assert!(
        CryptoProvider::get_default().is_none(),
        "building a client or calling installed a default provider"
    );
    // Another crate installs a provider that cannot complete a handshake
    // (no cipher suites): the client does not take it.
    let useless = CryptoProvider {
        cipher_suites: Vec::new(),
        ..aws_lc_rs::default_provider()
    };
    assert!(useless.install_default().is_ok());
    assert!(call(&trusting()).await.is_ok());
    assert_eq!(server.requests.load(Ordering::SeqCst), 2);
}

/// Against a server offering the post-quantum hybrid X25519MLKEM768 (as
/// Cloudflare's edge does), the default `rustls` feature (aws-lc-rs)
/// settles on it; `rustls-ring` has no post-quantum group and settles on a
/// classical one. With `native-tls` the group is the system library's
/// choice (OpenSSL offers X25519MLKEM768 from 3.5 on): any the server offers.
#[tokio::test]
async fn the_key_exchange_is_post_quantum_with_aws_lc_rs_and_classical_with_ring() {
    let server = https_server().await;
    let client = builder(&server)
        .add_root_certificate(server.ca_pem.clone())
        .build()
        .expect("client");
    assert!(call(&client).await.is_ok());
    let groups = server.groups();
    println!("negotiated key exchange group: {groups:?}");
    let expected: &[NamedGroup] = if cfg!(feature = "native-tls") {
        &server.offered
    } else if cfg!(feature = "rustls-ring") {
        &[
            NamedGroup::X25519,
            NamedGroup::secp256r1,
            NamedGroup::secp384r1,
        ]
    } else {
        &[NamedGroup::X25519MLKEM768]
    };
    assert!(
        matches!(groups[..], [group] if expected.contains(&group)),
        "negotiated {groups:?}, expected one of {expected:?}"
    );
}

#[tokio::test]
async fn without_the_ca_the_handshake_fails_as_a_transport_error() {
    let server = https_server().await;
    // Another CA: trusting it is not trusting the server's.
    let other = test_ca();
    for client in [
        builder(&server).build().expect("client"),
        builder(&server)
            .add_root_certificate(other.pem())
            .build()
            .expect("client"),
    ] {
        let error = call(&client)
            .await
            .expect_err("an unknown issuer is refused");
        assert_transport(&error, TransportKind::Connect);
        let chain = error_chain(&error).to_ascii_lowercase();
        assert!(chain.contains("certificate"), "{chain}");
    }
    assert_eq!(server.requests.load(Ordering::SeqCst), 0);
}

#[test]
fn a_root_that_is_not_a_certificate_is_a_config_error() {
    for bad in [
        b"not a certificate".to_vec(),
        b"-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n".to_vec(),
    ] {
        let error = Client::builder(Credentials::api_token(TOKEN))
            .add_root_certificate(bad)
            .build()
            .expect_err("refused");
        assert!(
            matches!(&error, Error::Config(m) if m.contains("root certificate 1")),
            "{error:?}"
        );
    }
}

/// The error and every source under it, one per line.
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        out.push('\n');
        out.push_str(&inner.to_string());
        source = inner.source();
    }
    out
}
