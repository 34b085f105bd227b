//! The exit-status contract both examples share: 0 with the result as
//! pretty JSON on stdout; 1 when the API refuses, each error as
//! `code: message` on stderr; 2 on bad input or missing credentials, with
//! nothing sent.

use std::process::ExitCode;

use cloudflare_ssl::{Client, Error};
use serde::Serialize;

/// Bad command-line input: the reason, then the usage line, exit 2.
pub fn usage_error(reason: &str, usage: &str) -> ExitCode {
    eprintln!("{reason}\n{usage}");
    ExitCode::from(2)
}

/// The client from the environment, or the reason there is none (exit 2).
pub fn client_from_env() -> Result<Client, ExitCode> {
    Client::from_env().map_err(|error| {
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
        Err(error @ (Error::InvalidInput { .. } | Error::Config(_))) => {
            eprintln!("{error}");
            ExitCode::from(2)
        }
        Err(Error::Api { errors, .. } | Error::RateLimited { errors, .. })
            if !errors.is_empty() =>
        {
            for entry in errors {
                eprintln!("{}: {}", entry.code, entry.message);
            }
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
