//! Cloudflare's rate-limit response headers.
//!
//! Since September 2025 the API answers every REST call with `Ratelimit`
//! (per limit: its name, the remaining quota `r`, seconds until the window
//! resets `t`, e.g. `"default";r=50;t=30`) and `Ratelimit-Policy` (per
//! policy: its name, the quota `q`, the window in seconds `w`, e.g.
//! `"burst";q=100;w=60`), after the IETF draft on rate-limit headers
//! (Cloudflare changelog, 2025-09-03, "Introducing new headers for rate
//! limiting on Cloudflare's API"). They are information: an item that does
//! not parse is left out, never an error.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName};

const RATELIMIT: HeaderName = HeaderName::from_static("ratelimit");
const RATELIMIT_POLICY: HeaderName = HeaderName::from_static("ratelimit-policy");

/// The `Ratelimit` and `Ratelimit-Policy` headers of a response, parsed.
/// Both lists are empty when the headers are absent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RateLimitHeaders {
    /// `Ratelimit`: where each limit stands now.
    pub limits: Vec<RateLimitStatus>,
    /// `Ratelimit-Policy`: what each limit allows.
    pub policies: Vec<RateLimitPolicy>,
}

/// One item of `Ratelimit`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLimitStatus {
    /// The limit's name, e.g. `default`.
    pub name: String,
    /// Requests left in the current window (`r`).
    pub remaining: u64,
    /// Time until the window resets (`t`).
    pub reset: Duration,
}

/// One item of `Ratelimit-Policy`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLimitPolicy {
    /// The policy's name, e.g. `burst`.
    pub name: String,
    /// Requests allowed per window (`q`).
    pub quota: u64,
    /// The window (`w`).
    pub window: Duration,
}

impl RateLimitHeaders {
    /// Reads both headers (every field line of each) from `headers`.
    pub(crate) fn from_headers(headers: &HeaderMap) -> Self {
        Self {
            limits: items(
                headers,
                RATELIMIT,
                ["r", "t"],
                |name, [remaining, reset]| RateLimitStatus {
                    name,
                    remaining,
                    reset: Duration::from_secs(reset),
                },
            ),
            policies: items(
                headers,
                RATELIMIT_POLICY,
                ["q", "w"],
                |name, [quota, window]| RateLimitPolicy {
                    name,
                    quota,
                    window: Duration::from_secs(window),
                },
            ),
        }
    }

    /// Whether neither header was there (or nothing in them parsed).
    pub fn is_empty(&self) -> bool {
        self.limits.is_empty() && self.policies.is_empty()
    }
}

type Item<'a> = (String, Vec<(&'a str, &'a str)>);

/// Every item of the header `name` that has both integer parameters `keys`,
/// built by `make` from the item's name and their values.
fn items<T>(
    headers: &HeaderMap,
    name: HeaderName,
    keys: [&str; 2],
    make: impl Fn(String, [u64; 2]) -> T,
) -> Vec<T> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(split_outside_quotes::<','>)
        .filter_map(item)
        .filter_map(|(name, parameters)| {
            let values = [
                parameter(&parameters, keys[0])?,
                parameter(&parameters, keys[1])?,
            ];
            Some(make(name, values))
        })
        .collect()
}

/// `"name";k=v;k=v` (the name quoted or a bare token).
fn item(text: &str) -> Option<Item<'_>> {
    let mut parts = split_outside_quotes::<';'>(text);
    let name = parts.next()?.trim();
    let name = match name.strip_prefix('"') {
        Some(quoted) => quoted
            .strip_suffix('"')?
            .replace("\\\"", "\"")
            .replace("\\\\", "\\"),
        None if !name.is_empty() && !name.contains(['"', ' ']) => name.to_owned(),
        None => return None,
    };
    let parameters = parts
        .filter_map(|parameter| {
            let (key, value) = parameter.split_once('=')?;
            Some((key.trim(), value.trim()))
        })
        .collect();
    Some((name, parameters))
}

fn parameter(parameters: &[(&str, &str)], key: &str) -> Option<u64> {
    parameters
        .iter()
        .find(|(k, _)| *k == key)
        .and_then(|(_, value)| value.parse().ok())
}

/// `text` split at `SEPARATOR` where it stands outside a quoted string.
fn split_outside_quotes<const SEPARATOR: char>(text: &str) -> impl Iterator<Item = &str> {
    let mut pieces = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (index, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c == SEPARATOR && !quoted => {
                pieces.push(&text[start..index]);
                start = index + c.len_utf8();
            }
            _ => {}
        }
    }
    pieces.push(&text[start..]);
    pieces.into_iter().filter(|piece| !piece.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn parsed(pairs: &[(&'static str, &'static str)]) -> RateLimitHeaders {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(*name, HeaderValue::from_static(value));
        }
        RateLimitHeaders::from_headers(&headers)
    }

    #[test]
    fn reads_cloudflares_documented_examples() {
        let headers = parsed(&[
            ("ratelimit", "\"default\";r=50;t=30"),
            ("ratelimit-policy", "\"burst\";q=100;w=60"),
        ]);
        assert_eq!(
            headers.limits,
            [RateLimitStatus {
                name: "default".into(),
                remaining: 50,
                reset: Duration::from_secs(30)
            }]
        );
        assert_eq!(
            headers.policies,
            [RateLimitPolicy {
                name: "burst".into(),
                quota: 100,
                window: Duration::from_secs(60)
            }]
        );
    }

    #[test]
    fn reads_lists_several_lines_and_tokens_and_ignores_unknown_parameters() {
        let headers = parsed(&[
            ("ratelimit", "\"default\";r=50;t=30, \"a,b\";r=0;t=1;x=9"),
            ("ratelimit", "burst;t=5;r=7"),
        ]);
        let names: Vec<(&str, u64, u64)> = headers
            .limits
            .iter()
            .map(|l| (l.name.as_str(), l.remaining, l.reset.as_secs()))
            .collect();
        assert_eq!(names, [("default", 50, 30), ("a,b", 0, 1), ("burst", 7, 5)]);
    }

    #[test]
    fn unparsable_items_are_left_out_never_an_error() {
        let headers = parsed(&[
            (
                "ratelimit",
                "\"ok\";r=1;t=2, \"no-reset\";r=1, \"neg\";r=-1;t=2, \"unterminated;r=1;t=2",
            ),
            (
                "ratelimit-policy",
                "garbage, ;;;, =, \"p\";q=x;w=1, \"good\";q=3;w=4",
            ),
        ]);
        assert_eq!(headers.limits.len(), 1, "{headers:?}");
        assert_eq!(headers.limits[0].name, "ok");
        assert_eq!(headers.policies.len(), 1, "{headers:?}");
        assert_eq!(headers.policies[0].name, "good");
        assert!(parsed(&[]).is_empty());
    }
}
