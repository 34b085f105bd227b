//! Client behaviour once found wrong through the mock, kept as regression tests.

use cloudflare_ssl::Error;
use cloudflare_ssl_mock::documented::{CERTIFICATE_PACK_ID, ZONE_ID};

#[tokio::test]
async fn success_without_result_keeps_the_body_prefix() {
    let mock = cloudflare_ssl_mock::start().await;
    let body = r#"{"success":true,"errors":[],"messages":[],"result":null}"#;
    mock.edit_certificate_pack()
        .raw(200, "application/json", body);
    let error = mock
        .client()
        .edit_certificate_pack(ZONE_ID, CERTIFICATE_PACK_ID, &Default::default())
        .await
        .expect_err("no result");
    match &error {
        Error::UnexpectedResponse { body_prefix, .. } => assert_eq!(body_prefix, body),
        other => panic!("{other:?}"),
    }
    assert!(!error.to_string().contains("empty body"), "{error}");
}
