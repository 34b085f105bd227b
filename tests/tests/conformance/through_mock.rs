//! Every operation through `cloudflare-ssl-mock`, which checks every
//! request against the fragment (path, ids, credentials, content type, body
//! schema) and fails the test on any violation. The wire-level tests in `requests`
//! and `status` stay on plain wiremock: they need raw paths, exact header
//! sets and arbitrary bodies, which the mock deliberately abstracts.

use cloudflare_ssl::Credentials;
use cloudflare_ssl::types::SslAutomaticModeValue;
use cloudflare_ssl_mock::MockCloudflare;
use cloudflare_ssl_mock::documented::ZONE_ID;
use conformance::model;
use conformance::table::OPERATIONS;

/// Every operation, with both schemes and a valid body, through the mock
/// (a fresh one each, as the fake models state: an order makes a pack, a
/// delete removes one): the mock finds each request conforming, and each
/// answer decodes into what its success schema allows. Which answers are
/// the fragment's examples is the fake's own suite's to check.
#[tokio::test]
async fn every_operation_with_both_schemes_conforms_and_decodes() {
    for credentials in [
        Credentials::api_token(cloudflare_ssl_mock::API_TOKEN),
        MockCloudflare::global_api_key_credentials(),
    ] {
        for operation in OPERATIONS {
            let mock = MockCloudflare::builder()
                .credentials(credentials.clone())
                .start()
                .await;
            let ids = operation.documented_ids();
            let decoded = operation
                .send(mock.client(), &ids, operation.a_body())
                .await
                .unwrap_or_else(|e| panic!("{} through the mock: {e}", operation.id));
            let success = operation.model().success().expect("a success response");
            let mut envelope = decoded.clone();
            envelope["success"] = serde_json::json!(true);
            envelope["errors"] = serde_json::json!([]);
            envelope["messages"] = serde_json::json!([]);
            if let Err(violations) = model::validate(operation.id, &success.schema, &envelope) {
                panic!(
                    "{}: what the client decoded through the mock: {violations}",
                    operation.id
                );
            }
            assert_eq!(mock.requests().len(), 1, "{}", operation.id);
            mock.verify();
        }
    }
}

#[tokio::test]
async fn the_documented_failure_reaches_the_caller_with_its_code() {
    let mock = cloudflare_ssl_mock::start().await;
    mock.edit_ssl_automatic_mode().documented_failure();
    let error = mock
        .client()
        .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Auto)
        .await
        .expect_err("the documented failure");
    assert_eq!(error.codes(), [1008]);
    assert!(
        error.to_string().starts_with(
            "Cloudflare API error 1008: Invalid SSL/TLS encryption configuration value"
        ),
        "{error}"
    );
    mock.verify();
}
