//! Percent-encoding of path parameters, called by the generated methods.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986 `pchar` (unreserved, sub-delims, `:` and `@`).
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

/// `segment` as one RFC 3986 path segment: UTF-8, upper-case hex.
pub(crate) fn encode(segment: &str) -> String {
    utf8_percent_encode(segment, NOT_PCHAR).to_string()
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn encodes_what_rfc_3986_forbids_in_a_segment_and_keeps_pchars() {
        assert_eq!(encode("zone[1]"), "zone%5B1%5D");
        assert_eq!(encode("a^b|c"), "a%5Eb%7Cc");
        assert_eq!(encode("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(encode("é\"<>`{}"), "%C3%A9%22%3C%3E%60%7B%7D");
        assert_eq!(encode("AZaz09-._~!$&'()*+,;=:@"), "AZaz09-._~!$&'()*+,;=:@");
    }
}
