//! Path segments as a server reads them. The one percent-decoder of the
//! workspace: the mock routes with it, and the conformance suite checks the
//! client's requests with it, so the two can never disagree about what a
//! segment means.

use percent_encoding::percent_decode_str;

/// A raw path segment, percent-decoded and read as UTF-8; `None` when it is
/// not well-formed. `percent_decode_str` passes a malformed escape through
/// as it stands, so a `%` that does not start two hex digits (`%+F`, `%2`,
/// `%GG`, `%%`) is refused here first: `u8::from_str_radix("+F", 16)` would
/// even read the first one as 15.
pub fn decode_segment(raw: &str) -> Option<String> {
    let well_formed = raw
        .split('%')
        .skip(1)
        .all(|after| after.len() >= 2 && after.as_bytes()[..2].iter().all(u8::is_ascii_hexdigit));
    if !well_formed {
        return None;
    }
    percent_decode_str(raw)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::decode_segment;

    #[test]
    fn well_formed_segments_decode() {
        assert_eq!(decode_segment("a%2Fb").as_deref(), Some("a/b"));
        assert_eq!(decode_segment("%C3%A9").as_deref(), Some("é"));
        assert_eq!(decode_segment("%c3%a9").as_deref(), Some("é"));
        assert_eq!(decode_segment("abc").as_deref(), Some("abc"));
        assert_eq!(decode_segment("").as_deref(), Some(""));
    }

    #[test]
    fn malformed_escapes_and_bad_utf8_are_refused() {
        for raw in [
            "%+F", "%-1", "%2", "%GG", "%zz", "%%", "%", "a%", "%%41", "%FF",
        ] {
            assert_eq!(decode_segment(raw), None, "{raw:?}");
        }
    }
}
