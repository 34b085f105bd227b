//! Without a TLS feature (`default-features = false`) the client speaks
//! plain HTTP only: an `https` base URL, the documented default included,
//! and an added root certificate are `Config` errors when the client is
//! built, not a panic or a failure at the first call.

use cloudflare_ssl::{Client, Credentials, Error};

use crate::support::*;

fn config_message(result: Result<Client, Error>) -> String {
    match result {
        Err(Error::Config(message)) => message,
        other => panic!("expected a Config error, got {other:?}"),
    }
}

#[test]
fn an_https_base_url_is_refused_when_built() {
    for builder in [
        Client::builder(Credentials::api_token(TOKEN)),
        Client::builder(Credentials::api_token(TOKEN)).base_url("https://127.0.0.1:8443"),
    ] {
        let message = config_message(builder.build());
        assert!(message.contains("is https"), "{message}");
        assert!(message.contains("without a TLS feature"), "{message}");
        assert!(!message.contains(TOKEN));
    }
}

#[test]
fn a_root_certificate_is_refused_when_built() {
    let message = config_message(
        Client::builder(Credentials::api_token(TOKEN))
            .base_url("http://127.0.0.1:8080")
            .add_root_certificate(b"-----BEGIN CERTIFICATE-----".to_vec())
            .build(),
    );
    assert!(message.contains("without a TLS feature"), "{message}");
}
