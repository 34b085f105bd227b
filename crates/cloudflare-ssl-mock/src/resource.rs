//! Field-level access to a resource held as JSON (a pack, a setting), for
//! the zone and pack handles: a resource may be any JSON a test set, so a
//! field can only be set in an object, and reading it as the client's type
//! can fail.

use serde_json::Value;

/// Sets `field` of `resource`, the `what` (for the panic).
///
/// # Panics
/// If `resource` is not a JSON object.
pub(crate) fn set_field(resource: &mut Value, what: &str, field: &str, value: Value) {
    match resource {
        Value::Object(fields) => {
            fields.insert(field.to_owned(), value);
        }
        other => panic!(
            "cloudflare-ssl-mock: cannot set `{field}`: the {what} was set to {other}, not a JSON object"
        ),
    }
}

/// `resource` as the client's type (`decode` is `serde_json::from_value`,
/// passed in so that this crate needs no `serde` of its own); `what` names
/// it in the panic.
///
/// # Panics
/// If it does not decode.
pub(crate) fn decoded<T>(
    resource: &Value,
    what: &str,
    decode: fn(Value) -> serde_json::Result<T>,
) -> T {
    decode(resource.clone()).unwrap_or_else(|error| {
        panic!("cloudflare-ssl-mock: the {what} {resource} does not decode: {error}")
    })
}
