//! What the generated operation descriptions (`generated_operations.rs`)
//! tell the runtime, and the helpers they call.
//!
//! `cargo xtask codegen` reads each operation of the fragment and emits a
//! struct implementing [`Operation`]; `call.rs` runs any of them. So
//! the hand-written code knows how Cloudflare's API behaves (envelopes,
//! retries, errors) but nothing about a particular operation.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::generated_types::ResponseInfo;
use crate::open_enum::OpenEnum;

pub(crate) use crate::path::push_path_segment;

/// One operation of the fragment.
pub(crate) trait Operation {
    /// The fragment's `operationId`.
    const ID: &'static str;
    /// The HTTP method.
    const METHOD: reqwest::Method;
    /// Whether sending it twice does no more than sending it once (the
    /// fragment's method, or its `x-idempotent`): only such an operation is
    /// retried after a request that may have reached Cloudflare.
    const IDEMPOTENT: bool;
    /// Statuses (inclusive ranges) documented to carry [`Self::Envelope`].
    const SUCCESS_STATUSES: &'static [(u16, u16)];
    /// Statuses (inclusive ranges) documented to carry [`Self::Failure`].
    const FAILURE_STATUSES: &'static [(u16, u16)];
    /// The success response's schema.
    type Envelope: SuccessEnvelope;
    /// The failure responses' schema.
    type Failure: FailureEnvelope;

    /// Checks each path parameter and appends the encoded path to `url`.
    fn write_path(&self, url: &mut String) -> Result<(), Error>;

    /// Checks each query parameter that is set and appends it, encoded, to
    /// `url` (after the path); an operation without any writes nothing.
    fn write_query(&self, _url: &mut String) -> Result<(), Error> {
        Ok(())
    }

    /// Checks the request body and encodes it as JSON; `None` when the
    /// operation takes no body.
    fn body(&self) -> Result<Option<Vec<u8>>, Error>;
}

/// Whether `status` falls in one of the documented `ranges`.
pub(crate) fn documents(ranges: &[(u16, u16)], status: u16) -> bool {
    ranges
        .iter()
        .any(|(low, high)| (*low..=*high).contains(&status))
}

/// Cloudflare's envelope taken apart.
pub(crate) struct Parts<T> {
    pub success: bool,
    pub errors: Vec<ResponseInfo>,
    pub messages: Vec<ResponseInfo>,
    pub result: Option<T>,
}

/// A success response schema: an envelope around a `result`.
pub(crate) trait SuccessEnvelope: DeserializeOwned {
    type Result;
    fn into_parts(self) -> Parts<Self::Result>;
}

/// A failure response schema: an envelope whose `errors` say why.
pub(crate) trait FailureEnvelope: DeserializeOwned {
    fn into_parts(self) -> Parts<()>;
}

/// Refuses to send a value the fragment does not list.
pub(crate) fn known_value<E: OpenEnum>(parameter: &'static str, value: &E) -> Result<(), Error> {
    if value.is_known() {
        return Ok(());
    }
    Err(Error::InvalidInput {
        parameter,
        reason: format!(
            "{:?} is not one of {}",
            value.to_string(),
            E::KNOWN_WIRE_VALUES.join(", ")
        ),
    })
}

/// Refuses an integer outside the fragment's `minimum`/`maximum`.
pub(crate) fn integer_in_range(
    parameter: &'static str,
    value: i128,
    minimum: Option<i128>,
    maximum: Option<i128>,
) -> Result<(), Error> {
    let refuse = |bound: &str| {
        Err(Error::InvalidInput {
            parameter,
            reason: format!("{value} is {bound}"),
        })
    };
    match (minimum, maximum) {
        (Some(low), Some(high)) if !(low..=high).contains(&value) => {
            refuse(&format!("not between {low} and {high}"))
        }
        (Some(low), None) if value < low => refuse(&format!("less than {low}")),
        (None, Some(high)) if value > high => refuse(&format!("more than {high}")),
        _ => Ok(()),
    }
}

/// Everything but RFC 3986 `unreserved`: in a query, `&`, `=` and `+`
/// would change what the server reads.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends `name=value` to the query of `url`, percent-encoded (`url` has
/// no `?` before its query: the base URL may not have a query, and path
/// segments are encoded).
pub(crate) fn push_query(url: &mut String, name: &str, value: &str) {
    url.push(if url.contains('?') { '&' } else { '?' });
    url.extend(utf8_percent_encode(name, NOT_UNRESERVED));
    url.push('=');
    url.extend(utf8_percent_encode(value, NOT_UNRESERVED));
}

/// `body` as JSON.
pub(crate) fn json_body<T: Serialize>(body: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(body)
        .map_err(|e| Error::Encoding(format!("the request body could not be encoded: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body that cannot be JSON is a call-time `Encoding` error, not a
    /// `Config` one: the client was built fine.
    #[test]
    fn a_body_that_cannot_be_encoded_is_an_encoding_error() {
        let body = std::collections::BTreeMap::from([((1, 2), 3)]);
        let error = json_body(&body).expect_err("map keys must be strings");
        assert!(matches!(&error, Error::Encoding(_)), "{error:?}");
        assert_eq!(error.attempts(), 0);
        assert!(
            error.to_string().starts_with(
                "the request could not be made: the request body could not be encoded: "
            ),
            "{error}"
        );
    }
}
