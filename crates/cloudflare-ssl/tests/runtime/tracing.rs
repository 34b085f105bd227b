//! The `tracing` feature: one span per call with the operation, attempt,
//! status, `cf-ray` and elapsed time; a warning for enum values the client
//! does not know yet; never a credential.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use cloudflare_ssl::{Client, Credentials};
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::ResponseTemplate;

use crate::support::*;

/// Everything the subscriber printed.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(
            &self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
        .into_owned()
    }
}

/// One subscriber for the whole test binary, installed by the first test
/// that asks. A subscriber set per test with `set_default` is not enough
/// here: while other tests register the client's span callsite on their
/// threads, tracing can cache "no interest" for it between that subscriber's
/// registration and the callsite's, and the span then never reaches it
/// (it failed about one run in three). With a global subscriber every
/// callsite is registered against it; the captured text holds every test's
/// traces, so the assertions pick this test's lines by its unique `cf-ray`.
fn captured() -> &'static Captured {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    CAPTURED.get_or_init(|| {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(FmtSpan::CLOSE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber)
            .expect("the runtime suite installs no other global subscriber");
        // Callsites registered by other tests before the line above.
        tracing::callsite::rebuild_interest_cache();
        captured
    })
}

#[tokio::test]
async fn a_call_is_one_span_with_its_facts_and_never_a_credential() {
    const CF_RAY: &str = "8c1d2f3a4b5c6d7e-LHR";
    let captured = captured();
    let server = server_answering(
        ResponseTemplate::new(200)
            .set_body_json(setting_envelope("off"))
            .insert_header("cf-ray", CF_RAY),
    )
    .await;

    for credentials in [
        Credentials::api_token(TOKEN),
        Credentials::global_api_key(EMAIL, KEY),
    ] {
        let client = Client::builder(credentials)
            .base_url(server.uri())
            .build()
            .expect("client");
        let setting = set_auto(&client)
            .await
            .expect("decodes, with an unknown value");
        assert!(!setting.value.is_known());
    }
    let text = captured.text();
    let spans: Vec<&str> = text
        .lines()
        .filter(|line| {
            line.contains(&format!("cf_ray=\"{CF_RAY}\"")) && line.contains(" close time.busy=")
        })
        .collect();
    assert_eq!(spans.len(), 2, "one closed span per call, in:\n{text}");
    for span in &spans {
        for expected in [
            "cloudflare_ssl.call",
            "operation=\"edit_ssl_automatic_mode\"",
            "attempt=1",
            "status=200",
            "elapsed_ms=",
            "outcome=\"ok\"",
        ] {
            assert!(span.contains(expected), "{expected} not in {span}");
        }
    }
    let warnings = text
        .lines()
        .filter(|line| {
            line.contains("WARN")
                && line.contains("open_enum=\"SslAutomaticModeValue\"")
                && line.contains("value=off")
        })
        .count();
    assert!(
        warnings >= 2,
        "no warning for each unknown `off` in:\n{text}"
    );
    for secret in [TOKEN, KEY, EMAIL] {
        assert!(!text.contains(secret), "{secret} leaked:\n{text}");
    }
}
