//! Path parameters: checked, then percent-encoded into the request's URL.
//! The generated operations call [`push_path_segment`] for each one, with
//! the constraints the fragment states.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::Error;

/// Everything but RFC 3986 `pchar` (unreserved, sub-delims, `:` and `@`).
/// (`url`'s own segment encoder leaves `[ ] ^ |` as they are.)
const NOT_PCHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// Appends `value` to `url` as one path segment, after checking that it is
/// non-empty and cannot change which path the request goes to: no
/// `/ \ ? # %`, no whitespace or control characters, not `.` or `..`.
///
/// `documented_max_length` (the fragment's `maxLength`) is *not* enforced:
/// Cloudflare hands out certificate pack ids of 36 characters (UUIDs) while
/// documenting 32, and an id the API hands out must work in the next call
/// (openapi/README.md, "Identifiers longer than `maxLength`"). With the `tracing` feature a longer id
/// is noted at debug level.
pub(crate) fn push_path_segment(
    url: &mut String,
    parameter: &'static str,
    documented_max_length: Option<usize>,
    value: &str,
) -> Result<(), Error> {
    check_path_parameter(parameter, value)?;
    #[cfg(feature = "tracing")]
    if documented_max_length.is_some_and(|max| value.chars().count() > max) {
        tracing::debug!(
            parameter,
            length = value.chars().count(),
            documented_max_length,
            "id longer than documented; sent as is"
        );
    }
    #[cfg(not(feature = "tracing"))]
    let _ = documented_max_length;
    url.extend(utf8_percent_encode(value, NOT_PCHAR));
    Ok(())
}

/// The check every method makes of a path parameter (`zone_id`,
/// `certificate_pack_id`) before anything is sent: not empty, no
/// `/ \ ? # %`, no whitespace or control characters, not `.` or `..`.
/// For a program that takes many ids and would refuse a bad one before it
/// sends anything for the others; a method call makes the same check.
///
/// ```
/// use cloudflare_ssl::check_path_parameter;
/// assert!(check_path_parameter("zone_id", "023e105f4ecef8ad9ca31a8372d0c353").is_ok());
/// let refused = check_path_parameter("zone_id", "023e/../other").unwrap_err();
/// assert_eq!(refused.to_string(), "invalid `zone_id`: holds '/', which would change the request's path");
/// ```
pub fn check_path_parameter(parameter: &'static str, value: &str) -> Result<(), Error> {
    let invalid = |reason: String| Err(Error::InvalidInput { parameter, reason });
    if value.is_empty() {
        return invalid("must not be empty".into());
    }
    if let Some(bad) = value
        .chars()
        .find(|c| matches!(c, '/' | '\\' | '?' | '#' | '%') || c.is_whitespace() || c.is_control())
    {
        return invalid(format!(
            "holds {bad:?}, which would change the request's path"
        ));
    }
    if value == "." || value == ".." {
        return invalid(format!("{value:?} is a relative path segment"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: usize = 32;

    fn pushed(value: &str) -> Result<String, String> {
        let mut url = String::from("/zones/");
        push_path_segment(&mut url, "zone_id", Some(MAX), value)
            .map(|()| url)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn accepts_documented_identifiers() {
        assert_eq!(
            pushed("023e105f4ecef8ad9ca31a8372d0c353").as_deref(),
            Ok("/zones/023e105f4ecef8ad9ca31a8372d0c353")
        );
        assert!(pushed(&"a".repeat(MAX)).is_ok());
        // Longer than documented, as Cloudflare's own pack ids are.
        assert_eq!(
            pushed("3822ff90-ea29-44df-9e55-21300bb9419b").as_deref(),
            Ok("/zones/3822ff90-ea29-44df-9e55-21300bb9419b")
        );
        assert_eq!(
            pushed("...").as_deref(),
            Ok("/zones/..."),
            "three dots are an ordinary segment"
        );
    }

    #[test]
    fn rejects_what_would_change_the_path_and_names_the_parameter() {
        for value in [
            "", "a/b", "a\\b", "a?b", "a#b", "a%2F", "a b", "a\tb", "a\nb", "a\u{7f}", "a\u{a0}b",
            ".", "..",
            // Malformed escapes, `%+F` among them (the case two of the
            // project's decoders once disagreed on): any `%` is refused.
            "%+F", "%2", "%GG", "%%",
        ] {
            let message = pushed(value).expect_err(value);
            assert!(message.starts_with("invalid `zone_id`: "), "{message}");
        }
    }

    #[test]
    fn encodes_what_rfc_3986_forbids_in_a_segment_and_keeps_pchars() {
        let encode = |value: &str| {
            let mut url = String::new();
            push_path_segment(&mut url, "id", None, value).map(|()| url)
        };
        assert_eq!(encode("zone[1]").ok().as_deref(), Some("zone%5B1%5D"));
        assert_eq!(encode("a^b|c").ok().as_deref(), Some("a%5Eb%7Cc"));
        assert_eq!(
            encode("é\"<>`{}").ok().as_deref(),
            Some("%C3%A9%22%3C%3E%60%7B%7D")
        );
        assert_eq!(
            encode("AZaz09-._~!$&'()*+,;=:@").ok().as_deref(),
            Some("AZaz09-._~!$&'()*+,;=:@")
        );
    }
}
