//! Input checks before anything is sent: ids that would change the path,
//! undocumented enum values, and ids as Cloudflare hands them out (UUIDs).

use cloudflare_ssl::Error;
use cloudflare_ssl::types::{CertificatePackEditRequest, SslAutomaticModeValue};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

/// A server that answers every request, so a stray one would succeed and be seen.
async fn catch_all() -> MockServer {
    server_answering(ResponseTemplate::new(200).set_body_json(setting_envelope("auto"))).await
}

const BAD_IDS: &[&str] = &[
    "",
    "../../accounts",
    "..",
    ".",
    "a/b",
    "a\\b",
    "zone?x=1",
    "zone#frag",
    "%2e%2e",
    "has space",
    "tab\there",
    "new\nline",
    "bell\u{7}",
];

/// Cloudflare's own documentation of advanced certificates shows pack ids
/// as 36-character UUIDs, longer than the documented `maxLength: 32`; the
/// API's ids must work in the next call (openapi/README.md, "Identifiers longer than `maxLength`").
#[tokio::test]
async fn a_36_character_uuid_pack_id_is_sent_as_is() {
    let uuid = "3822ff90-ea29-44df-9e55-21300bb9419b";
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(wiremock::matchers::path(format!(
            "/zones/{ZONE}/ssl/certificate_packs/{uuid}"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(pack_envelope("active")))
        .expect(1)
        .mount(&server)
        .await;
    let pack = client(&server)
        .edit_certificate_pack(ZONE, uuid, &CertificatePackEditRequest::default())
        .await
        .expect("a UUID pack id is accepted");
    assert_eq!(pack.id, PACK);
}

/// `error` refuses `bad` as `parameter`, and says so by name.
fn assert_refused(error: &Error, parameter: &str, bad: &str) {
    assert!(
        matches!(error, Error::InvalidInput { parameter: got, .. } if *got == parameter),
        "{bad:?}: {error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with(&format!("invalid `{parameter}`: ")),
        "{bad:?}: {error}"
    );
}

#[tokio::test]
async fn bad_ids_are_rejected_by_name_and_nothing_is_sent() {
    let server = catch_all().await;
    let client = client(&server);
    for bad in BAD_IDS {
        let error = client
            .edit_ssl_automatic_mode(bad, SslAutomaticModeValue::Auto)
            .await
            .expect_err(bad);
        assert_refused(&error, "zone_id", bad);
        let error = client
            .edit_certificate_pack(ZONE, bad, &CertificatePackEditRequest::default())
            .await
            .expect_err(bad);
        assert_refused(&error, "certificate_pack_id", bad);
    }
    assert_eq!(requests_received(&server).await, 0);
}

#[tokio::test]
async fn an_unknown_mode_value_is_not_sent() {
    let server = catch_all().await;
    let error = client(&server)
        .edit_ssl_automatic_mode(ZONE, SslAutomaticModeValue::from("strict"))
        .await
        .expect_err("not a documented value");
    assert!(
        matches!(&error, Error::InvalidInput { parameter: "value", reason } if reason.contains("auto, custom")),
        "{error:?}"
    );
    assert_eq!(requests_received(&server).await, 0);
}

/// What a server reads from a segment the client wrote. Lenient (a
/// malformed escape passes through as it stands), which is enough here: the
/// client refuses `%` in ids, so a malformed escape it wrote could never
/// decode to the id it was given.
fn decode_segment(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .expect("the client writes UTF-8 segments")
        .into_owned()
}

/// Whatever string a caller passes as `zone_id`, the client either refuses
/// it without sending anything, or sends it to the documented path with
/// the id as one percent-encoded segment that decodes back to the input.
///
/// One runtime, server and client serve every case (building a client
/// loads the system's trust store, which takes longer than a case), so the
/// requests of a case are those the server saw after the ones before it.
#[test]
fn no_zone_id_can_change_the_request_path() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime.block_on(catch_all());
    let client = client(&server);
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(96);
    let config = ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases)
    };
    let zone_ids = "\\PC{0,34}|[./?#%\\\\ a-z0-9]{0,6}";
    let outcome = TestRunner::new(config).run(&zone_ids, |zone_id| {
        runtime.block_on(async {
            let before = server
                .received_requests()
                .await
                .expect("recording is on")
                .len();
            let outcome = client
                .edit_ssl_automatic_mode(&zone_id, SslAutomaticModeValue::Auto)
                .await;
            let requests = server.received_requests().await.expect("recording is on");
            let requests = &requests[before..];
            match outcome {
                Err(Error::InvalidInput { parameter, .. }) => {
                    prop_assert_eq!(parameter, "zone_id");
                    prop_assert!(requests.is_empty());
                }
                Ok(_) => {
                    prop_assert_eq!(requests.len(), 1);
                    let path = requests[0].url.path();
                    let segments: Vec<&str> = path.split('/').collect();
                    prop_assert_eq!(segments.len(), 5, "path {}", path);
                    prop_assert_eq!(
                        (segments[0], segments[1], segments[3], segments[4]),
                        ("", "zones", "settings", "ssl_automatic_mode")
                    );
                    prop_assert_eq!(decode_segment(segments[2]), zone_id.clone());
                }
                Err(other) => prop_assert!(false, "unexpected error {:?}", other),
            }
            Ok(())
        })
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}
