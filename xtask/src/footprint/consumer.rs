//! The minimal consumer binaries the footprint builds: what an application
//! making one authenticated call looks like with cloudflare-ssl, with
//! cloudflare-rs, and with nothing but reqwest and serde (the floor). Each
//! reads its token (and base URL) from the environment, makes one call,
//! prints the result, so that everything a real call needs is linked.

use std::fs;
use std::path::Path;

use super::scenarios::{Program, Scenario};

/// The consumer's package name, hence its binary's.
pub const NAME: &str = "footprint-consumer";

const CLIENT: &str = r#"//! Edit one certificate pack: credentials and base URL from the environment.
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [zone_id, pack_id] = args.as_slice() else {
        eprintln!("usage: footprint-consumer <zone_id> <certificate_pack_id>");
        return ExitCode::from(2);
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let client = match cloudflare_ssl::Client::from_env() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let edit = cloudflare_ssl::types::CertificatePackEditRequest::default();
    match runtime.block_on(client.edit_certificate_pack(zone_id, pack_id, &edit)) {
        Ok(pack) => {
            println!("{} {}", pack.id, pack.status.as_str());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
"#;

const CLOUDFLARE_RS: &str = r#"//! Fetch one zone with cloudflare-rs: token and base URL from the environment.
use std::process::ExitCode;

use cloudflare::endpoints::zones::zone::ZoneDetails;
use cloudflare::framework::Environment;
use cloudflare::framework::auth::Credentials;
use cloudflare::framework::client::ClientConfig;
use cloudflare::framework::client::async_api::Client;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [zone_id] = args.as_slice() else {
        eprintln!("usage: footprint-consumer <zone_id>");
        return ExitCode::from(2);
    };
    let Ok(token) = std::env::var("CLOUDFLARE_API_TOKEN") else {
        eprintln!("CLOUDFLARE_API_TOKEN is not set");
        return ExitCode::from(2);
    };
    let environment = match std::env::var("CLOUDFLARE_BASE_URL") {
        Ok(url) => Environment::Custom(url),
        Err(_) => Environment::Production,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let credentials = Credentials::UserAuthToken { token };
    let client = match Client::new(credentials, ClientConfig::default(), environment) {
        Ok(client) => client,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(client.request(&ZoneDetails { identifier: zone_id })) {
        Ok(response) => {
            println!("{} {}", response.result.id, response.result.name);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
"#;

const FLOOR: &str = r#"//! Edit one certificate pack with reqwest and serde alone: no client crate.
use std::process::ExitCode;

#[derive(serde::Deserialize)]
struct Envelope {
    success: bool,
    result: Option<Pack>,
}

#[derive(serde::Deserialize)]
struct Pack {
    id: String,
    status: String,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [zone_id, pack_id] = args.as_slice() else {
        eprintln!("usage: footprint-consumer <zone_id> <certificate_pack_id>");
        return ExitCode::from(2);
    };
    let Ok(token) = std::env::var("CLOUDFLARE_API_TOKEN") else {
        eprintln!("CLOUDFLARE_API_TOKEN is not set");
        return ExitCode::from(2);
    };
    let base = std::env::var("CLOUDFLARE_BASE_URL")
        .unwrap_or_else(|_| "https://api.cloudflare.com/client/v4".to_owned());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let http = match reqwest::Client::builder().build() {
        Ok(http) => http,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let url = format!("{base}/zones/{zone_id}/ssl/certificate_packs/{pack_id}");
    let call = async {
        let response = http
            .patch(url)
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let body = response.bytes().await.map_err(|e| e.to_string())?;
        serde_json::from_slice::<Envelope>(&body).map_err(|e| e.to_string())
    };
    match runtime.block_on(call) {
        Ok(Envelope { success: true, result: Some(pack) }) => {
            println!("{} {}", pack.id, pack.status);
            ExitCode::SUCCESS
        }
        Ok(_) => {
            eprintln!("the API reported a failure");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
"#;

pub fn source(program: Program) -> &'static str {
    match program {
        Program::Client => CLIENT,
        Program::CloudflareRs => CLOUDFLARE_RS,
        Program::Floor => FLOOR,
    }
}

/// Writes the consumer crate for `scenario` into `dir`: its own workspace,
/// `tokio` with `rt` besides the scenario's dependencies.
pub fn write(dir: &Path, scenario: &Scenario) -> Result<(), String> {
    fs::create_dir_all(dir.join("src")).map_err(|e| format!("{}: {e}", dir.display()))?;
    let manifest = format!(
        "[package]\nname = \"{NAME}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{}\ntokio = {{ version = \"1\", default-features = false, features = [\"rt\"] }}\n\n[workspace]\n",
        scenario.dependencies()
    );
    write_file(&dir.join("Cargo.toml"), &manifest)?;
    write_file(&dir.join("src/main.rs"), source(scenario.program()))
}

fn write_file(file: &Path, contents: &str) -> Result<(), String> {
    fs::write(file, contents).map_err(|e| format!("{}: {e}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::footprint::scenarios::SCENARIOS;

    #[test]
    fn every_scenario_gets_a_program_using_its_dependencies() {
        for scenario in SCENARIOS {
            let main = source(scenario.program());
            assert!(main.contains("fn main"), "{}", scenario.key);
            let used = match scenario.program() {
                Program::Client => "cloudflare_ssl::",
                Program::CloudflareRs => "cloudflare::",
                Program::Floor => "reqwest::",
            };
            assert!(main.contains(used), "{}", scenario.key);
            let dependency = used.trim_end_matches("::").replace('_', "-");
            assert!(
                scenario.dependencies().contains(&dependency),
                "{}",
                scenario.key
            );
        }
    }
}
