//! The Cloudflare error codes the mock sends for its own reasons. Where
//! Cloudflare is known to use a code for the same situation the mock uses
//! it; the rest are the mock's choice. Tests should not depend on them
//! beyond "a non-conforming request fails".

/// Non-conforming request: no route for the path, or an undocumented
/// method (HTTP 404/405) or query parameter name (400). Also a request to an
/// operation the fragment documents, the mock does not model and the
/// fragment gives no example answer for (HTTP 501).
pub const NO_ROUTE: i64 = 7000;
/// Non-conforming request: a path identifier that is empty or not valid
/// percent-encoded UTF-8 (HTTP 400). Ids longer than the fragment's
/// `maxLength` are accepted, as Cloudflare hands them out.
pub const INVALID_IDENTIFIER: i64 = 7003;
/// Non-conforming request: credentials missing or in the wrong scheme,
/// or a missing or wrong `Content-Type` (HTTP 400).
pub const INVALID_HEADERS: i64 = 6003;
/// Non-conforming request: credentials other than the mock's (HTTP 403).
pub const AUTHENTICATION_ERROR: i64 = 10000;
/// Non-conforming request: no body, or a body that is not JSON (HTTP 400).
pub const MALFORMED_JSON: i64 = 6007;
/// Non-conforming request: a body that does not match the operation's
/// request schema, for an operation whose failure the fragment gives no
/// example of, or a body sent to an operation that documents none (HTTP
/// 400).
pub const INVALID_BODY: i64 = 1004;
/// Non-conforming request: a documented query parameter whose value
/// does not match the parameter's schema in the fragment (its type,
/// `minimum`, `maximum`, `enum`: `per_page=3`, `page=0`,
/// `per_page=abc`, `status=some`), is not valid percent-encoded UTF-8,
/// or is given twice (HTTP 400). The mock's choice: no code for this is
/// documented.
pub const INVALID_QUERY_PARAMETER: i64 = 1001;
/// Not a violation: a zone does not hold the certificate pack a `GET`,
/// `PATCH`, `DELETE` or verification `PATCH` names (HTTP 404), or a
/// script's `not_found`/`gone` step. The mock's choice: the
/// documentation and Cloudflare's spec name no code for an unknown pack, so
/// do not match on it in code meant for the real API; match on the HTTP
/// status.
pub const NOT_FOUND: i64 = 1404;
/// Non-conforming request: an Automatic SSL/TLS body that does not match
/// the fragment's schema (HTTP 400). The documented code for a bad `value`:
/// a body that breaks its schema gets the code of the operation's example
/// failure in the fragment, and this is the Automatic SSL/TLS page's.
pub const INVALID_SSL_AUTOMATIC_MODE_VALUE: i64 = 1008;
/// The `errors[]` code of rate-limited answers (HTTP 429): an operation's
/// `rate_limited` reply, a script's `Step::rate_limited`.
pub const RATE_LIMITED: i64 = 1015;
