//! Switch a zone's Automatic SSL/TLS between `auto` and `custom`.
//!
//! ```text
//! ssl_automatic_mode <zone_id> <auto|custom>
//! ```
//!
//! Credentials come from `CLOUDFLARE_API_TOKEN` (or `CLOUDFLARE_EMAIL` +
//! `CLOUDFLARE_API_KEY`), the base URL from `CLOUDFLARE_BASE_URL` if set.
//! Exit status: see `common/mod.rs`.

mod common;

use std::process::ExitCode;

use cloudflare_ssl::types::SslAutomaticModeValue;

const USAGE: &str = "usage: ssl_automatic_mode <zone_id> <auto|custom>";

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [zone_id, value] = args.as_slice() else {
        return common::usage_error("wrong number of arguments", USAGE);
    };
    let value = SslAutomaticModeValue::from(value.as_str());
    if !value.is_known() {
        let known = SslAutomaticModeValue::KNOWN_VALUES.join(" or ");
        return common::usage_error(
            &format!("the mode must be {known}, not {:?}", value.as_str()),
            USAGE,
        );
    }
    let client = match common::client_from_env() {
        Ok(client) => client,
        Err(exit) => return exit,
    };
    common::report(client.edit_ssl_automatic_mode(zone_id, value).await)
}
