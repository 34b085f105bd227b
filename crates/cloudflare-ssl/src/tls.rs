//! TLS for the client: which stack speaks HTTPS, which certificates it
//! trusts, and the private CAs a caller adds.
//!
//! The crate sets TLS up itself instead of leaving it to reqwest because
//! reqwest's own rustls setup takes its crypto provider from process-wide
//! state: the default provider some other crate installed, else aws-lc-rs,
//! else (with reqwest's `rustls-no-provider`, as under `rustls-ring`) a
//! panic. So with `rustls` (aws-lc-rs, the default) or `rustls-ring`,
//! [`configure`] builds a `rustls::ClientConfig` with that provider named
//! explicitly and hands it to reqwest: the client neither installs a
//! process-wide provider nor depends on whether another crate did.
//! Certificates are checked by `rustls-platform-verifier`, as in reqwest's
//! own rustls setup: the system's trust store (read through
//! `rustls-native-certs` on Linux, the OS verifier on macOS and Windows),
//! plus the roots the caller added.
//!
//! With aws-lc-rs, key exchange offers the post-quantum hybrid
//! X25519MLKEM768 first, which Cloudflare's edge supports
//! (<https://developers.cloudflare.com/ssl/post-quantum-cryptography/>);
//! ring has no post-quantum group.
//!
//! With `native-tls`, reqwest's native-tls setup is used as it is (the
//! system's TLS library and trust store), with the added roots. With no TLS
//! feature, the client speaks plain HTTP only; an `https` base URL or an
//! added root is a [`Error::Config`] when the client is built, never a
//! panic or a surprise at the first call.
//!
//! When several TLS features are on (Cargo unifies features across a
//! dependency graph), `native-tls` wins over `rustls-ring`, which wins over
//! the default `rustls`: the one a user names explicitly is the one they
//! get.

use crate::error::Error;

/// Whether this build speaks HTTPS at all.
pub(crate) const HTTPS: bool = cfg!(any(
    feature = "rustls",
    feature = "rustls-ring",
    feature = "native-tls"
));

/// What the caller's root certificate looks like: PEM (one or more
/// `CERTIFICATE` blocks) or a single DER certificate.
#[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
fn is_pem(certificate: &[u8]) -> bool {
    certificate.trim_ascii_start().starts_with(b"-----BEGIN")
}

/// A root certificate that does not parse, named by its place.
#[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
fn bad_certificate(index: usize, why: impl std::fmt::Display) -> Error {
    Error::Config(format!(
        "root certificate {} (added with `add_root_certificate`) is not a usable certificate: {why}",
        index + 1
    ))
}

/// The certificates of root number `index`: every `CERTIFICATE` block of a
/// PEM, or the one DER certificate, read by the TLS backend's own `pem` and
/// `der` functions. A root that does not parse, or a PEM without a
/// certificate, is a `Config` error naming the root.
#[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
fn certificates_in<C, E: std::fmt::Display>(
    index: usize,
    root: &[u8],
    pem: impl FnOnce(&[u8]) -> Result<Vec<C>, E>,
    der: impl FnOnce(&[u8]) -> Result<C, E>,
) -> Result<Vec<C>, Error> {
    let certificates = if is_pem(root) {
        pem(root)
    } else {
        der(root).map(|certificate| vec![certificate])
    }
    .map_err(|e| bad_certificate(index, e))?;
    if certificates.is_empty() {
        return Err(bad_certificate(index, "no CERTIFICATE block in the PEM"));
    }
    Ok(certificates)
}

/// Sets up HTTPS on `builder`, trusting the system's store and `roots`
/// (each PEM or DER, as given to `ClientBuilder::add_root_certificate`).
#[cfg(feature = "native-tls")]
pub(crate) fn configure(
    mut builder: reqwest::ClientBuilder,
    roots: &[Vec<u8>],
) -> Result<reqwest::ClientBuilder, Error> {
    builder = builder.tls_backend_native();
    for (index, root) in roots.iter().enumerate() {
        let certificates = certificates_in(
            index,
            root,
            reqwest::Certificate::from_pem_bundle,
            reqwest::Certificate::from_der,
        )?;
        for certificate in certificates {
            builder = builder.add_root_certificate(certificate);
        }
    }
    Ok(builder)
}

/// Sets up HTTPS on `builder`, trusting the system's store and `roots`
/// (each PEM or DER, as given to `ClientBuilder::add_root_certificate`).
#[cfg(all(
    any(feature = "rustls", feature = "rustls-ring"),
    not(feature = "native-tls")
))]
pub(crate) fn configure(
    builder: reqwest::ClientBuilder,
    roots: &[Vec<u8>],
) -> Result<reqwest::ClientBuilder, Error> {
    use std::sync::Arc;

    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;

    let provider = Arc::new(provider());
    let mut extra: Vec<CertificateDer<'static>> = Vec::new();
    for (index, root) in roots.iter().enumerate() {
        let certificates = certificates_in(
            index,
            root,
            |pem| CertificateDer::pem_slice_iter(pem).collect::<Result<Vec<_>, _>>(),
            |der| Ok(CertificateDer::from(der.to_vec())),
        )?;
        for certificate in certificates {
            // Parse now, so that a bad certificate is named by its place.
            rustls::RootCertStore::empty()
                .add(certificate.clone())
                .map_err(|e| bad_certificate(index, e))?;
            extra.push(certificate);
        }
    }
    let verifier = verifier(extra, provider.clone())
        .map_err(|e| Error::Config(format!("the system's trust store could not be used: {e}")))?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Config(format!("TLS could not be configured: {e}")))?
        .dangerous()
        // Not dangerous: the platform verifier checks the chain and the
        // host name like rustls' own WebPKI verifier, against the system's
        // roots; it is only not the builder's default type.
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    // The client speaks HTTP/1.1 only (reqwest's `http2` feature is off).
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(builder.tls_backend_preconfigured(config))
}

/// The crypto provider of the default `rustls` feature: aws-lc-rs.
#[cfg(all(
    feature = "rustls",
    not(any(feature = "rustls-ring", feature = "native-tls"))
))]
fn provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::aws_lc_rs::default_provider()
}

/// The crypto provider of the `rustls-ring` feature: ring.
#[cfg(all(feature = "rustls-ring", not(feature = "native-tls")))]
// rustls 0.23.48 deprecates it (no post-quantum key exchange); `rustls-ring` chooses ring knowingly.
#[allow(deprecated)]
fn provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}

#[cfg(all(
    any(feature = "rustls", feature = "rustls-ring"),
    not(feature = "native-tls")
))]
fn verifier(
    extra: Vec<rustls::pki_types::CertificateDer<'static>>,
    provider: std::sync::Arc<rustls::crypto::CryptoProvider>,
) -> Result<rustls_platform_verifier::Verifier, rustls::Error> {
    use rustls_platform_verifier::Verifier;
    if extra.is_empty() {
        return Verifier::new(provider);
    }
    #[cfg(not(target_os = "android"))]
    return Verifier::new_with_extra_roots(extra, provider);
    #[cfg(target_os = "android")]
    return Err(rustls::Error::General(
        "extra root certificates are not supported on Android".into(),
    ));
}

/// Without a TLS feature: plain HTTP only, so an added root is a mistake.
#[cfg(not(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls")))]
pub(crate) fn configure(
    builder: reqwest::ClientBuilder,
    roots: &[Vec<u8>],
) -> Result<reqwest::ClientBuilder, Error> {
    if roots.is_empty() {
        Ok(builder)
    } else {
        Err(Error::Config(format!(
            "{} root certificate(s) were added, but {NO_TLS}",
            roots.len()
        )))
    }
}

/// Why an `https` URL or a root certificate cannot be used.
pub(crate) const NO_TLS: &str = "cloudflare-ssl was built without a TLS feature \
     (`rustls`, `rustls-ring` or `native-tls`) and speaks plain HTTP only";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
    fn pem_is_told_from_der() {
        assert!(is_pem(b"\n  -----BEGIN CERTIFICATE-----\nMIIB\n"));
        assert!(!is_pem(&[0x30, 0x82, 0x01, 0x0a]));
        assert!(!is_pem(b""));
    }

    #[test]
    fn bad_roots_are_config_errors_naming_their_place() {
        let roots =
            [b"-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n".to_vec()];
        for roots in [
            &roots[..],
            &[b"not DER".to_vec()],
            &[b"-----BEGIN NOTHING".to_vec()],
        ] {
            let error =
                configure(reqwest::Client::builder(), roots).expect_err("a bad root is refused");
            let Error::Config(message) = error else {
                panic!("not a Config error: {error:?}");
            };
            if HTTPS {
                assert!(message.contains("root certificate 1 "), "{message}");
            } else {
                assert!(message.contains("without a TLS feature"), "{message}");
            }
        }
        assert!(configure(reqwest::Client::builder(), &[]).is_ok());
    }
}
