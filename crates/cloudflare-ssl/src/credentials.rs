//! The two documented authentication schemes, kept out of every `Debug`,
//! `Display` and error message.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::error::Error;

/// Environment variable holding an API token.
pub const ENV_API_TOKEN: &str = "CLOUDFLARE_API_TOKEN";
/// Environment variable holding the account e-mail for the legacy global key.
pub const ENV_EMAIL: &str = "CLOUDFLARE_EMAIL";
/// Environment variable holding the legacy global API key.
pub const ENV_API_KEY: &str = "CLOUDFLARE_API_KEY";

/// How requests authenticate.
#[derive(Clone)]
pub enum Credentials {
    /// `Authorization: Bearer <token>`: the preferred scheme.
    ApiToken(String),
    /// `X-Auth-Email` + `X-Auth-Key`: the legacy global API key.
    GlobalApiKey {
        /// The account's e-mail address.
        email: String,
        /// The global API key.
        key: String,
    },
}

impl Credentials {
    /// An API token (`Authorization: Bearer …`).
    pub fn api_token(token: impl Into<String>) -> Self {
        Self::ApiToken(token.into())
    }

    /// The legacy e-mail and global API key pair.
    pub fn global_api_key(email: impl Into<String>, key: impl Into<String>) -> Self {
        Self::GlobalApiKey {
            email: email.into(),
            key: key.into(),
        }
    }

    /// `CLOUDFLARE_API_TOKEN`, or else `CLOUDFLARE_EMAIL` with
    /// `CLOUDFLARE_API_KEY`; an error naming the variables when neither is set.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env`] over any variable lookup (tests, config files).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let get = |name: &str| lookup(name).filter(|value| !value.is_empty());
        if let Some(token) = get(ENV_API_TOKEN) {
            return Ok(Self::ApiToken(token));
        }
        match (get(ENV_EMAIL), get(ENV_API_KEY)) {
            (Some(email), Some(key)) => Ok(Self::GlobalApiKey { email, key }),
            (Some(_), None) => Err(Error::Config(format!(
                "{ENV_EMAIL} is set but {ENV_API_KEY} is not"
            ))),
            (None, Some(_)) => Err(Error::Config(format!(
                "{ENV_API_KEY} is set but {ENV_EMAIL} is not"
            ))),
            (None, None) => Err(Error::Config(format!(
                "no Cloudflare credentials: set {ENV_API_TOKEN}, or {ENV_EMAIL} and {ENV_API_KEY}"
            ))),
        }
    }

    /// The headers that carry these credentials, each marked sensitive so
    /// that reqwest and `http` never print their values.
    pub(crate) fn headers(&self) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::new();
        match self {
            Self::ApiToken(token) => {
                insert_secret(
                    &mut headers,
                    reqwest::header::AUTHORIZATION,
                    "API token",
                    &format!("Bearer {token}"),
                )?;
            }
            Self::GlobalApiKey { email, key } => {
                insert_secret(
                    &mut headers,
                    HeaderName::from_static("x-auth-email"),
                    "e-mail",
                    email,
                )?;
                insert_secret(
                    &mut headers,
                    HeaderName::from_static("x-auth-key"),
                    "API key",
                    key,
                )?;
            }
        }
        Ok(headers)
    }
}

/// The error names the credential, never its value.
fn insert_secret(
    headers: &mut HeaderMap,
    name: HeaderName,
    what: &str,
    value: &str,
) -> Result<(), Error> {
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        Error::Config(format!(
            "the {what} is not a valid HTTP header value (it holds a control character such as a newline, or a non-visible character)"
        ))
    })?;
    value.set_sensitive(true);
    headers.insert(name, value);
    Ok(())
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ApiToken(_) => f.write_str("Credentials::ApiToken(<redacted>)"),
            Self::GlobalApiKey { .. } => {
                f.write_str("Credentials::GlobalApiKey { email: <redacted>, key: <redacted> }")
            }
        }
    }
}
