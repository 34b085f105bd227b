//! Every operation through `cloudflare-ssl-mock`, which checks every
//! request against the fragment (path, ids, credentials, content type, body
//! schema) and fails the test on any violation. The wire-level tests in `requests`
//! and `status` stay on plain wiremock: they need raw paths, exact header
//! sets and arbitrary bodies, which the mock deliberately abstracts.

use cloudflare_ssl::Credentials;
use cloudflare_ssl::types::SslAutomaticModeValue;
use cloudflare_ssl_mock::MockCloudflare;
use cloudflare_ssl_mock::documented::ZONE_ID;
use conformance::examples;
use conformance::operation::decoded_difference;
use conformance::table::OPERATIONS;

/// Every operation, with both schemes and a valid body, through the mock:
/// the mock finds each request conforming, and each answer decodes; an
/// operation whose success carries examples returns one of them.
#[tokio::test]
async fn every_operation_with_both_schemes_conforms_and_returns_its_example() {
    for credentials in [
        Credentials::api_token(cloudflare_ssl_mock::API_TOKEN),
        MockCloudflare::global_api_key_credentials(),
    ] {
        let mock = MockCloudflare::builder()
            .credentials(credentials)
            .start()
            .await;
        let client = mock.client();
        for operation in OPERATIONS {
            let ids = operation.documented_ids();
            let decoded = operation
                .send(client, &ids, operation.a_body())
                .await
                .unwrap_or_else(|e| panic!("{} through the mock: {e}", operation.id));
            let examples: Vec<serde_json::Value> = operation
                .model()
                .success()
                .expect("a success response")
                .examples
                .iter()
                .map(|example| serde_json::from_str(examples::text(&example.name)).expect("JSON"))
                .collect();
            let differences: Vec<String> = examples
                .iter()
                .filter_map(|example| decoded_difference(example, &decoded))
                .collect();
            assert!(
                examples.is_empty() || differences.len() < examples.len(),
                "{}: the result through the mock is none of its examples: {differences:?}",
                operation.id
            );
        }
        assert_eq!(mock.requests().len(), OPERATIONS.len());
        mock.verify();
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
