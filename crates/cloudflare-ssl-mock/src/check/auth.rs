//! Credential checks: which of Cloudflare's two authentication schemes a
//! request uses, and whether it carries the mock's credentials. Kept apart
//! because it is the one check that never depends on the route: a request
//! to no route at all is still told what is wrong with its credentials.

use std::fmt;

use cloudflare_ssl::Credentials;

use super::request::{Incoming, Problem};
use crate::codes;

/// The credentials the mock accepts.
#[derive(Clone)]
pub(crate) enum ExpectedAuth {
    Token(String),
    GlobalKey { email: String, key: String },
}

impl fmt::Debug for ExpectedAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Token(_) => f.write_str("Token(..)"),
            Self::GlobalKey { .. } => f.write_str("GlobalKey(..)"),
        }
    }
}

impl From<&Credentials> for ExpectedAuth {
    fn from(credentials: &Credentials) -> Self {
        match credentials {
            Credentials::ApiToken(token) => Self::Token(token.clone()),
            Credentials::GlobalApiKey { email, key } => Self::GlobalKey {
                email: email.clone(),
                key: key.clone(),
            },
        }
    }
}

/// Checks the credentials `request` carries against `expected`.
pub(super) fn check(request: &Incoming<'_>, expected: &ExpectedAuth, problems: &mut Vec<Problem>) {
    let authorization = request.header("authorization");
    let email = request.header("x-auth-email");
    let key = request.header("x-auth-key");
    let global = email.is_some() || key.is_some();
    if authorization.is_some() && global {
        problems.push(Problem::new(
            400,
            codes::INVALID_HEADERS,
            "the request carries both `Authorization` and `X-Auth-Email`/`X-Auth-Key`; send exactly one of the two documented schemes",
        ));
        return;
    }
    match expected {
        ExpectedAuth::Token(token) => match authorization {
            None if global => problems.push(Problem::new(
                400,
                codes::INVALID_HEADERS,
                "the request authenticates with `X-Auth-Email`/`X-Auth-Key` (global API key), but this mock expects an API token: `Authorization: Bearer <token>`",
            )),
            None => problems.push(Problem::new(
                400,
                codes::INVALID_HEADERS,
                "no credentials: expected `Authorization: Bearer <token>`",
            )),
            Some(value) => match bearer_token(value) {
                None => problems.push(Problem::new(
                    400,
                    codes::INVALID_HEADERS,
                    "`Authorization` is not of the form `Bearer <token>`",
                )),
                Some(sent) if sent == token => {}
                Some(_) => problems.push(Problem::new(
                    403,
                    codes::AUTHENTICATION_ERROR,
                    "`Authorization: Bearer` carries a token other than the one this mock expects (its credentials()); did the code under test read CLOUDFLARE_API_TOKEN from the environment?",
                )),
            },
        },
        ExpectedAuth::GlobalKey {
            email: expected_email,
            key: expected_key,
        } => {
            if authorization.is_some() {
                problems.push(Problem::new(
                    400,
                    codes::INVALID_HEADERS,
                    "the request authenticates with `Authorization` (API token), but this mock expects a global API key: `X-Auth-Email` and `X-Auth-Key`",
                ));
                return;
            }
            let mut missing = Vec::new();
            if email.is_none() {
                missing.push("`X-Auth-Email`");
            }
            if key.is_none() {
                missing.push("`X-Auth-Key`");
            }
            if !missing.is_empty() {
                problems.push(Problem::new(
                    400,
                    codes::INVALID_HEADERS,
                    format!(
                        "missing {}: the global API key scheme needs both `X-Auth-Email` and `X-Auth-Key`",
                        missing.join(" and ")
                    ),
                ));
            } else if email != Some(expected_email.as_str()) || key != Some(expected_key.as_str()) {
                problems.push(Problem::new(
                    403,
                    codes::AUTHENTICATION_ERROR,
                    "`X-Auth-Email`/`X-Auth-Key` differ from the ones this mock expects (its credentials()); did the code under test read CLOUDFLARE_EMAIL/CLOUDFLARE_API_KEY from the environment?",
                ));
            }
        }
    }
}

fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_scheme_is_case_insensitive_and_needs_a_token() {
        assert_eq!(bearer_token("Bearer abc"), Some("abc"));
        assert_eq!(bearer_token("bearer abc"), Some("abc"));
        assert_eq!(bearer_token("Bearer "), None);
        assert_eq!(bearer_token("Basic abc"), None);
        assert_eq!(bearer_token("abc"), None);
    }
}
