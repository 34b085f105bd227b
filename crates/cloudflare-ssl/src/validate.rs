//! Checks on caller input, made before any I/O.

use crate::error::Error;
use crate::generated_open_enums::IDENTIFIER_MAX_LENGTH;

/// A path identifier (`zone_id`, `certificate_pack_id`) that is non-empty,
/// at most `maxLength` characters, and cannot change which path the request
/// goes to: no `/ \ ? # %`, no whitespace or control characters, not `.` or `..`.
pub(crate) fn identifier(parameter: &'static str, value: &str) -> Result<(), Error> {
    let invalid = |reason: String| Err(Error::InvalidInput { parameter, reason });
    if value.is_empty() {
        return invalid("must not be empty".into());
    }
    let length = value.chars().count();
    if length > IDENTIFIER_MAX_LENGTH {
        return invalid(format!(
            "is {length} characters long; at most {IDENTIFIER_MAX_LENGTH} are allowed"
        ));
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

    fn reason(value: &str) -> Option<String> {
        identifier("zone_id", value).err().map(|e| e.to_string())
    }

    #[test]
    fn accepts_documented_identifiers() {
        assert_eq!(reason("023e105f4ecef8ad9ca31a8372d0c353"), None);
        assert_eq!(reason(&"a".repeat(IDENTIFIER_MAX_LENGTH)), None);
        assert_eq!(reason("..."), None, "three dots are an ordinary segment");
    }

    #[test]
    fn rejects_what_would_change_the_path_and_names_the_parameter() {
        for value in [
            "", "a/b", "a\\b", "a?b", "a#b", "a%2F", "a b", "a\tb", "a\nb", "a\u{7f}", "a\u{a0}b",
            ".", "..",
        ] {
            let message = reason(value).unwrap_or_else(|| panic!("{value:?} was accepted"));
            assert!(message.starts_with("invalid `zone_id`: "), "{message}");
        }
        let long = "a".repeat(IDENTIFIER_MAX_LENGTH + 1);
        assert_eq!(
            reason(&long).as_deref(),
            Some("invalid `zone_id`: is 33 characters long; at most 32 are allowed")
        );
    }
}
