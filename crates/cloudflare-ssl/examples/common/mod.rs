//! The exit-status contract the examples share: 0 with the result as
//! pretty JSON on stdout; 1 when the API refuses (on stderr: the HTTP
//! status, each error as `code: message`, the requested wait of a rate
//! limit, and the `cf-ray` to quote to Cloudflare support); 2 on bad input
//! or missing credentials, with nothing sent.

// Compiled into each example, which uses only part of it.
#![allow(dead_code)]

use std::process::ExitCode;

use cloudflare_ssl::{Client, ClientBuilder, Error};
use serde::Serialize;

/// Bad command-line input: the reason, then the usage line, exit 2.
pub fn usage_error(reason: &str, usage: &str) -> ExitCode {
    eprintln!("{reason}\n{usage}");
    ExitCode::from(2)
}

/// The client from the environment, or the reason there is none (exit 2).
pub fn client_from_env() -> Result<Client, ExitCode> {
    client_from_env_with(|builder| builder)
}

/// [`client_from_env`] with more settings.
pub fn client_from_env_with(
    configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
) -> Result<Client, ExitCode> {
    ClientBuilder::from_env()
        .and_then(|builder| configure(builder).build())
        .map_err(|error| {
            eprintln!("{error}");
            ExitCode::from(2)
        })
}

/// Prints the outcome of a call as the contract says.
pub fn report<T: Serialize>(outcome: Result<T, Error>) -> ExitCode {
    match outcome {
        Ok(result) => match serde_json::to_string_pretty(&result) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("cannot print the result: {error}");
                ExitCode::FAILURE
            }
        },
        Err(error @ (Error::InvalidInput { .. } | Error::Encoding(_) | Error::Config(_))) => {
            eprintln!("{error}");
            ExitCode::from(2)
        }
        Err(error) => {
            eprint!("{}", refusal(&error));
            ExitCode::FAILURE
        }
    }
}

/// What the examples print on stderr for an error from the API, one fact
/// per line.
pub fn refusal(error: &Error) -> String {
    let mut lines = Vec::new();
    match error {
        Error::Api { status, errors, .. } => {
            lines.push(format!("HTTP {}", status.as_u16()));
            lines.extend(errors.iter().map(|e| format!("{}: {}", e.code, e.message)));
        }
        Error::RateLimited {
            retry_after,
            errors,
            ..
        } => {
            lines.push(match retry_after {
                Some(wait) => format!(
                    "HTTP 429: rate limited; Cloudflare asks to wait {} s",
                    wait.as_secs_f64().ceil()
                ),
                None => "HTTP 429: rate limited".to_owned(),
            });
            lines.extend(errors.iter().map(|e| format!("{}: {}", e.code, e.message)));
        }
        // The error's own words already end with its cf-ray, if any.
        other => return format!("{other}\n"),
    }
    if let Some(ray) = error.cf_ray() {
        lines.push(format!("cf-ray: {ray}"));
    }
    lines.iter().map(|line| format!("{line}\n")).collect()
}
