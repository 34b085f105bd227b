//! The exit-status contract the examples share: 0 with the result as
//! pretty JSON on stdout; 1 when the API refuses (on stderr: the HTTP
//! status, each error as `code: message`, the requested wait of a rate
//! limit, and the `cf-ray` to quote to Cloudflare support); 2 on bad input
//! or missing credentials, with nothing sent. And what the fleet tools
//! share: their command line and their start.

// Compiled into each example, which uses only part of it.
#![allow(dead_code)]

use std::process::ExitCode;

use cloudflare_ssl::types::CertificatePack;
use cloudflare_ssl::{Client, ClientBuilder, Error, RateLimiter, WaitError};
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

/// A fleet tool's command line: `--switch`es, `--option N`s taking a whole
/// number, `--option TEXT`s taking any word, and positional arguments, in
/// any order.
#[derive(Debug, Default)]
pub struct CommandLine {
    pub positional: Vec<String>,
    switches: Vec<String>,
    numbers: Vec<(String, u64)>,
    texts: Vec<(String, String)>,
}

/// The options a tool takes, by kind.
#[derive(Debug, Default)]
pub struct Options<'a> {
    /// Options that stand alone.
    pub switches: &'a [&'a str],
    /// Options that take a whole number.
    pub numbers: &'a [&'a str],
    /// Options that take a word (repeatable: [`CommandLine::texts`]).
    pub texts: &'a [&'a str],
}

impl CommandLine {
    /// Reads `args`: each of `switches` stands alone, each of `numbers`
    /// takes a whole number; any other `--…` is an error, the rest are
    /// positional.
    pub fn parse(args: &[String], switches: &[&str], numbers: &[&str]) -> Result<Self, String> {
        let options = Options {
            switches,
            numbers,
            texts: &[],
        };
        Self::parse_options(args, &options)
    }

    /// [`CommandLine::parse`] with options that take a word too.
    pub fn parse_options(args: &[String], options: &Options<'_>) -> Result<Self, String> {
        let mut line = Self::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            if options.switches.contains(&arg.as_str()) {
                line.switches.push(arg.clone());
            } else if options.numbers.contains(&arg.as_str()) {
                let number = args
                    .next()
                    .and_then(|n| n.parse::<u64>().ok())
                    .ok_or(format!("{arg} takes a whole number"))?;
                line.numbers.push((arg.clone(), number));
            } else if options.texts.contains(&arg.as_str()) {
                let text = args.next().ok_or(format!("{arg} takes a value"))?;
                line.texts.push((arg.clone(), text.clone()));
            } else if arg.starts_with("--") {
                return Err(format!("unknown option {arg}"));
            } else {
                line.positional.push(arg.clone());
            }
        }
        Ok(line)
    }

    /// Whether `switch` was given.
    pub fn switch(&self, switch: &str) -> bool {
        self.switches.iter().any(|given| given == switch)
    }

    /// The number given last to `option`, if any.
    pub fn number(&self, option: &str) -> Option<u64> {
        self.numbers
            .iter()
            .rev()
            .find_map(|(given, number)| (given == option).then_some(*number))
    }

    /// The value given last to `option`, if any.
    pub fn text(&self, option: &str) -> Option<&str> {
        self.texts(option).pop()
    }

    /// Every value given to `option`, in order.
    pub fn texts(&self, option: &str) -> Vec<&str> {
        self.texts
            .iter()
            .filter(|(given, _)| given == option)
            .map(|(_, text)| text.as_str())
            .collect()
    }
}

/// A fleet tool's start: its arguments from the command line through
/// `parse`, and a client from the environment that keeps under
/// Cloudflare's rate limit; or the exit status 2 (bad input, with the
/// usage line, or missing credentials), with nothing sent.
pub fn start_tool<A>(
    usage: &str,
    switches: &[&str],
    numbers: &[&str],
    parse: impl FnOnce(CommandLine) -> Result<A, String>,
) -> Result<(A, Client), ExitCode> {
    let options = Options {
        switches,
        numbers,
        texts: &[],
    };
    start_tool_with(usage, &options, parse)
}

/// [`start_tool`] for a tool whose options take words too.
pub fn start_tool_with<A>(
    usage: &str,
    options: &Options<'_>,
    parse: impl FnOnce(CommandLine) -> Result<A, String>,
) -> Result<(A, Client), ExitCode> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arguments = CommandLine::parse_options(&args, options)
        .and_then(parse)
        .map_err(|reason| usage_error(&reason, usage))?;
    let client = client_from_env_with(|builder| builder.rate_limiter(RateLimiter::cloudflare()))?;
    Ok((arguments, client))
}

/// The zones named on the command line, each checked as every call checks
/// a `zone_id`, so that a bad one is refused before anything is sent for
/// the others; at least one.
pub fn zone_ids(positional: Vec<String>) -> Result<Vec<String>, String> {
    if positional.is_empty() {
        return Err("name at least one zone".into());
    }
    for zone in &positional {
        cloudflare_ssl::check_path_parameter("zone_id", zone).map_err(|e| e.to_string())?;
    }
    Ok(positional)
}

/// How a wait for a pack ended, as the tools print it: the status it
/// reached, or the last one seen; `gone` when the pack disappeared,
/// `unknown` when no poll answered.
pub fn final_status(waited: &Result<CertificatePack, WaitError>) -> String {
    match waited {
        Ok(pack) => pack.status.to_string(),
        Err(WaitError::Gone { .. }) => "gone".to_owned(),
        Err(error) => error
            .last_pack()
            .map_or_else(|| "unknown".to_owned(), |pack| pack.status.to_string()),
    }
}

/// 0 when nothing failed, else 1.
pub fn exit_status(failed: usize) -> ExitCode {
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
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
