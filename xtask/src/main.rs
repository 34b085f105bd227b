//! The project's build tasks: `cargo xtask <command>`.

mod codegen;
mod ensure;
mod footprint;
mod growth;
mod model;
mod openapi;
mod operation_check;
#[cfg(test)]
mod tidy;
mod upstream;
mod vendor;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <command>

Commands:
  codegen           regenerate crates/cloudflare-ssl/src/generated_*.rs
                    from openapi/cloudflare-ssl.openapi.json
  codegen --check   exit non-zero, with a diff, if the generated files are stale
  upstream <SPEC>   compare the fragment with a whole Cloudflare OpenAPI spec (JSON or .gz);
                    exit 0 same meaning, 1 differences that matter, 2 unusable input (--help)
  footprint         crates, cold build times and binary size of cloudflare-ssl vendored,
                    beside cloudflare-rs and a reqwest floor (slow; --quick, --help)
  vendor-check      copy crates/cloudflare-ssl out of the workspace, build and test it there
  growth-check      regenerate such a copy from a fragment grown as Cloudflare grows its
                    schemas, and build its examples and doctests unchanged
  operation-check [ADDITION.json]
                    add operations to the fragment of a copy of the workspace, run codegen
                    and `cargo test` there, and check that no hand-written file had to change
  help              print this help
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        [] | ["help" | "--help" | "-h"] => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        ["codegen"] => codegen::run(&workspace_root(), ensure::Mode::Write),
        ["codegen", "--check"] => codegen::run(&workspace_root(), ensure::Mode::Check),
        ["footprint", rest @ ..] => footprint::run(&workspace_root(), rest),
        ["upstream", rest @ ..] => return upstream::main(&workspace_root(), rest),
        ["vendor-check"] => vendor::check(&workspace_root()),
        ["growth-check"] => growth::check(&workspace_root()),
        ["operation-check", rest @ ..] => operation_check::check(&workspace_root(), rest),
        _ => {
            eprint!("unknown arguments: {}\n\n{HELP}", args.join(" "));
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same check as `cargo xtask codegen --check`, so `cargo test` fails
    /// on stale generated code too.
    #[test]
    fn generated_code_is_fresh() {
        if let Err(message) = codegen::run(&workspace_root(), ensure::Mode::Check) {
            panic!("{message}");
        }
    }
}
