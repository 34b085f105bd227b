//! What the mock saw: every request, and every way one broke the fragment.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

/// Header names whose values [`RecordedRequest`]'s `Debug` never prints.
const SECRET_HEADERS: &[&str] = &["authorization", "x-auth-key", "x-auth-email"];

/// One request the mock received, whether or not it conformed.
#[derive(Clone, PartialEq)]
pub struct RecordedRequest {
    /// The HTTP method, e.g. `PATCH`.
    pub method: String,
    /// The path as received (percent-encoded), base path included, e.g.
    /// `/client/v4/zones/023e…/settings/ssl_automatic_mode`.
    pub path: String,
    /// The query string without `?`, if the URL had one.
    pub query: Option<String>,
    /// The fragment's `operationId` the request was routed to (e.g.
    /// `edit_certificate_pack`), if any.
    pub operation: Option<String>,
    /// Path parameters by name (`zone_id`, `certificate_pack_id`),
    /// percent-decoded. Empty when the request matched no operation.
    pub path_params: BTreeMap<String, String>,
    /// Every header in the order received; names are lower-case.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
    /// The body parsed as JSON, when it is JSON.
    pub json: Option<Value>,
    /// Why the request does not conform to the fragment; empty when it does.
    pub violations: Vec<String>,
}

impl RecordedRequest {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// A path parameter, e.g. `path_param("zone_id")`.
    pub fn path_param(&self, name: &str) -> Option<&str> {
        self.path_params.get(name).map(String::as_str)
    }

    /// `METHOD /path?query`.
    pub fn request_line(&self) -> String {
        match &self.query {
            Some(query) => format!("{} {}?{}", self.method, self.path, query),
            None => format!("{} {}", self.method, self.path),
        }
    }
}

impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Credentials stay out of test output: the code under test may have
        // picked up real ones from the environment.
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                if SECRET_HEADERS.contains(&name.as_str()) {
                    (name.as_str(), "<redacted>")
                } else {
                    (name.as_str(), value.as_str())
                }
            })
            .collect();
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("operation", &self.operation)
            .field("path_params", &self.path_params)
            .field("headers", &headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("violations", &self.violations)
            .finish()
    }
}

/// A request that broke the fragment, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// `METHOD /path?query` of the request.
    pub request: String,
    /// What was wrong, e.g. ``no `Content-Type` header; …``.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.request, self.message)
    }
}

/// The panic message for unacknowledged violations.
pub(crate) fn report(violations: &[Violation]) -> String {
    let mut message = format!(
        "cloudflare-ssl-mock: {} problem(s) with requests the code under test sent (they do not conform to the OpenAPI fragment):",
        violations.len()
    );
    for violation in violations {
        message.push_str("\n  - ");
        message.push_str(&violation.to_string());
    }
    message.push_str(
        "\n(A test that sends such requests on purpose takes them with `mock.take_violations()` before the mock is dropped.)",
    );
    message
}
