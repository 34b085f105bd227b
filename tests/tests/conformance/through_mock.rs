//! Both operations through `cloudflare-ssl-mock`, which checks every request
//! against the fragment (path, ids, credentials, content type, body schema)
//! and fails the test on any violation. The wire-level tests in `requests`
//! and `status` stay on plain wiremock: they need raw paths, exact header
//! sets and arbitrary bodies, which the mock deliberately abstracts.

use cloudflare_ssl::Credentials;
use cloudflare_ssl::types::{CertificatePackEditRequest, SslAutomaticModeValue};
use cloudflare_ssl_mock::MockCloudflare;
use cloudflare_ssl_mock::documented::{CERTIFICATE_PACK_ID, ZONE_ID};
use conformance::fixtures::Fixture;
use conformance::json_diff::first_difference;

/// The documented result of `fixture`, compared with what the client returned.
fn assert_documented_result(fixture: &str, returned: &impl serde::Serialize) {
    let documented = Fixture::by_file(fixture).json();
    let returned = serde_json::to_value(returned).expect("results serialize");
    if let Some(difference) = first_difference(&documented["result"], &returned) {
        panic!(
            "{fixture}: the result through the mock differs from the documentation {difference}"
        );
    }
}

#[tokio::test]
async fn both_operations_with_both_schemes_conform_and_return_the_documented_results() {
    for credentials in [
        Credentials::api_token(cloudflare_ssl_mock::API_TOKEN),
        MockCloudflare::global_api_key_credentials(),
    ] {
        let mock = MockCloudflare::builder()
            .credentials(credentials)
            .start()
            .await;
        let client = mock.client();
        for branding in [None, Some(true), Some(false)] {
            let mut edit = CertificatePackEditRequest::new();
            edit.cloudflare_branding = branding;
            let pack = client
                .edit_certificate_pack(ZONE_ID, CERTIFICATE_PACK_ID, &edit)
                .await
                .expect("the documented pack");
            assert_documented_result("edit_certificate_pack.json", &pack);
        }
        for value in [SslAutomaticModeValue::Auto, SslAutomaticModeValue::Custom] {
            let setting = client
                .edit_ssl_automatic_mode(ZONE_ID, value)
                .await
                .expect("the documented setting");
            assert_documented_result("edit_ssl_automatic_mode.json", &setting);
        }
        assert_eq!(mock.requests().len(), 5);
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
