//! Restart validation of, or set branding on, an advanced certificate pack.
//!
//! ```text
//! edit_certificate_pack <zone_id> <certificate_pack_id> [--cloudflare-branding true|false]
//! ```
//!
//! Credentials come from `CLOUDFLARE_API_TOKEN` (or `CLOUDFLARE_EMAIL` +
//! `CLOUDFLARE_API_KEY`), the base URL from `CLOUDFLARE_BASE_URL` if set.
//! Exit status: see `common/mod.rs`.

mod common;

use std::process::ExitCode;

use cloudflare_ssl::types::CertificatePackEditRequest;

const USAGE: &str = "usage: edit_certificate_pack <zone_id> <certificate_pack_id> [--cloudflare-branding true|false]";

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (zone_id, pack_id, cloudflare_branding) = match args.as_slice() {
        [zone, pack] => (zone, pack, None),
        [zone, pack, flag, value] if flag == "--cloudflare-branding" => match value.as_str() {
            "true" => (zone, pack, Some(true)),
            "false" => (zone, pack, Some(false)),
            other => {
                return common::usage_error(
                    &format!("--cloudflare-branding takes true or false, not {other:?}"),
                    USAGE,
                );
            }
        },
        _ => return common::usage_error("wrong number of arguments", USAGE),
    };
    let client = match common::client_from_env() {
        Ok(client) => client,
        Err(exit) => return exit,
    };
    let mut edit = CertificatePackEditRequest::new();
    edit.cloudflare_branding = cloudflare_branding;
    common::report(client.edit_certificate_pack(zone_id, pack_id, &edit).await)
}
