//! Credentials, the base URL and the client's defaults: what is sent for
//! each documented scheme, where they come from (code or environment), and
//! that secrets never appear in errors or `Debug` output.

use std::collections::HashMap;

use cloudflare_ssl::types::SslAutomaticModeValue;
use cloudflare_ssl::{
    Client, ClientBuilder, Credentials, DEFAULT_BASE_URL, Error, USER_AGENT_VALUE,
};
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| map.get(name).cloned()
}

#[tokio::test]
async fn api_token_is_sent_as_bearer_with_user_agent_and_nothing_undocumented() {
    let server = MockServer::start().await;
    patch_with_token(mode_path())
        .and(header(
            "user-agent",
            concat!("cloudflare-ssl/", env!("CARGO_PKG_VERSION")),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(setting_envelope("auto")))
        .expect(1)
        .mount(&server)
        .await;
    set_auto(&client(&server))
        .await
        .expect("documented success");

    let requests = server.received_requests().await.expect("recording is on");
    let mut names: Vec<&str> = requests[0]
        .headers
        .keys()
        .map(|name| name.as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "accept",
            "authorization",
            "content-length",
            "content-type",
            "host",
            "user-agent"
        ]
    );
    assert_eq!(requests[0].headers["user-agent"], USER_AGENT_VALUE);
}

/// The API's one server, as Cloudflare's spec (and so the fragment) names it.
fn documented_server() -> String {
    let fragment: serde_json::Value =
        serde_json::from_str(cloudflare_ssl::internal::OPENAPI_FRAGMENT).expect("JSON");
    fragment["servers"][0]["url"]
        .as_str()
        .expect("the fragment names its server")
        .to_owned()
}

#[tokio::test]
async fn global_api_key_is_sent_as_email_and_key_headers() {
    let server = MockServer::start().await;
    patch_with_global_key(mode_path())
        .respond_with(ResponseTemplate::new(200).set_body_json(setting_envelope("custom")))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(Credentials::global_api_key(EMAIL, KEY))
        .base_url(server.uri())
        .build()
        .expect("client");
    client
        .edit_ssl_automatic_mode(ZONE, SslAutomaticModeValue::Custom)
        .await
        .expect("documented success");
    let requests = server.received_requests().await.expect("recording is on");
    assert!(requests[0].headers.get("authorization").is_none());
}

#[test]
fn environment_prefers_the_token_then_the_email_and_key_pair() {
    let token = Credentials::from_lookup(lookup(&[
        ("CLOUDFLARE_API_TOKEN", "t"),
        ("CLOUDFLARE_EMAIL", "e"),
    ]));
    assert!(matches!(token, Ok(Credentials::ApiToken(t)) if t == "t"));
    let pair = Credentials::from_lookup(lookup(&[
        ("CLOUDFLARE_EMAIL", "e"),
        ("CLOUDFLARE_API_KEY", "k"),
    ]));
    assert!(
        matches!(pair, Ok(Credentials::GlobalApiKey { email, key }) if email == "e" && key == "k")
    );
}

#[test]
fn missing_credentials_name_the_variables() {
    let message = Credentials::from_lookup(lookup(&[]))
        .expect_err("nothing set")
        .to_string();
    for name in [
        "CLOUDFLARE_API_TOKEN",
        "CLOUDFLARE_EMAIL",
        "CLOUDFLARE_API_KEY",
    ] {
        assert!(message.contains(name), "{message}");
    }
    let half =
        Credentials::from_lookup(lookup(&[("CLOUDFLARE_EMAIL", "e")])).expect_err("key missing");
    assert!(
        half.to_string().contains("CLOUDFLARE_API_KEY is not"),
        "{half}"
    );
}

#[test]
fn base_url_defaults_to_cloudflare_and_follows_the_environment_and_code() {
    let default = ClientBuilder::from_lookup(lookup(&[("CLOUDFLARE_API_TOKEN", "t")]))
        .and_then(ClientBuilder::build);
    if cfg!(any(
        feature = "rustls",
        feature = "rustls-ring",
        feature = "native-tls"
    )) {
        assert_eq!(default.expect("client").base_url(), DEFAULT_BASE_URL);
    } else {
        // Plain HTTP only: the https default is refused (plain_http.rs).
        assert!(
            matches!(default, Err(cloudflare_ssl::Error::Config(_))),
            "{default:?}"
        );
    }
    assert_eq!(DEFAULT_BASE_URL, documented_server());

    let from_env = ClientBuilder::from_lookup(lookup(&[
        ("CLOUDFLARE_API_TOKEN", "t"),
        ("CLOUDFLARE_BASE_URL", "http://127.0.0.1:9/client/v4/"),
    ]))
    .and_then(ClientBuilder::build);
    assert_eq!(
        from_env.expect("client").base_url(),
        "http://127.0.0.1:9/client/v4"
    );

    let in_code = Client::builder(Credentials::api_token("t"))
        .base_url("http://localhost:1")
        .build();
    assert_eq!(in_code.expect("client").base_url(), "http://localhost:1");
}

#[test]
fn unusable_base_urls_are_configuration_errors() {
    for url in [
        "not a url",
        "ftp://example.com",
        "http://example.com/?q=1",
        "mailto:a@b",
    ] {
        let error = Client::builder(Credentials::api_token("t"))
            .base_url(url)
            .build()
            .expect_err(url);
        assert!(matches!(error, Error::Config(_)), "{url}: {error:?}");
    }
}

#[test]
fn secrets_with_newlines_are_errors_not_panics_and_are_not_echoed() {
    let bad = [
        Credentials::api_token("tok\nen-SECRET"),
        Credentials::global_api_key("user@example.com", "key\r\nSECRET"),
        Credentials::global_api_key("a\u{0}SECRET", "key"),
    ];
    for credentials in bad {
        let error = Client::builder(credentials)
            .build()
            .expect_err("invalid header value");
        let shown = format!("{error} {error:?}");
        assert!(matches!(error, Error::Config(_)), "{shown}");
        assert!(!shown.contains("SECRET"), "{shown}");
    }
}

#[tokio::test]
async fn secrets_never_appear_in_debug_or_errors() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(403).set_body_json(serde_json::json!({
            "success": false, "errors": [{ "code": 10000, "message": "Authentication error" }], "messages": [], "result": null
        })))
        .mount(&server)
        .await;
    for credentials in [
        Credentials::api_token(TOKEN),
        Credentials::global_api_key(EMAIL, KEY),
    ] {
        let shown_credentials = format!("{credentials:?}");
        let client = Client::builder(credentials)
            .base_url(server.uri())
            .build()
            .expect("client");
        let error = set_auto(&client).await.expect_err("403");
        let shown = format!("{shown_credentials} {client:?} {error} {error:?}");
        for secret in [TOKEN, KEY, EMAIL] {
            assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        }
    }
}

#[test]
fn defaults_are_five_seconds_to_connect_sixty_per_request_and_two_retries() {
    let shown = format!("{:?}", ClientBuilder::new(Credentials::api_token(TOKEN)));
    for expected in [
        "connect_timeout: 5s",
        "timeout: 60s",
        "max_retries: 2",
        &documented_server(),
    ] {
        assert!(shown.contains(expected), "{expected} in {shown}");
    }
    assert!(!shown.contains(TOKEN), "{shown}");
}

#[test]
fn base_urls_with_credentials_are_refused_without_echoing_them() {
    let error = Client::builder(Credentials::api_token("t"))
        .base_url("https://user:hunter2@proxy.example.com/client/v4")
        .build()
        .expect_err("userinfo");
    let shown = format!("{error} {error:?}");
    assert!(matches!(error, Error::Config(_)), "{shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
}

#[tokio::test]
async fn an_api_version_is_sent_on_every_request_when_set() {
    let server = MockServer::start().await;
    patch_with_token(mode_path())
        .and(header("api-version", "2026-08-01"))
        .respond_with(ResponseTemplate::new(200).set_body_json(setting_envelope("auto")))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .api_version("2026-08-01")
        .build()
        .expect("a valid date");
    set_auto(&client).await.expect("the header matched");
}

#[test]
fn an_api_version_that_is_not_a_date_is_a_config_error() {
    for bad in [
        "2026-13-01",
        "2026-02-30",
        "2026-8-1",
        "yesterday",
        "2026-08-01\n",
        "",
    ] {
        let error = builder_at("http://127.0.0.1:9")
            .api_version(bad)
            .build()
            .expect_err(bad);
        let Error::Config(reason) = &error else {
            panic!("{bad:?}: {error:?}")
        };
        assert!(reason.contains("api_version"), "{bad:?}: {reason}");
    }
}
