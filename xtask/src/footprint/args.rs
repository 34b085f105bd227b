//! The command line of `cargo xtask footprint`.

pub const USAGE: &str = "\
cargo xtask footprint [--runs N] [--quick] [--only KEY,KEY...] [--fresh-lock] [--keep]

  --runs N          cold builds per scenario and profile; the median is reported (default 3)
  --quick           dependency counts only, no builds (seconds)
  --only KEYS       only these scenarios (comma-separated keys, e.g. default,cloudflare-rs,floor)
  --fresh-lock      resolve the newest versions instead of using the workspace's Cargo.lock
  --keep            keep the scratch directory
";

#[derive(Debug)]
pub struct Options {
    pub runs: usize,
    pub quick: bool,
    /// Scenario keys to measure; empty means all.
    pub only: Vec<String>,
    pub fresh_lock: bool,
    pub keep: bool,
}

pub fn parse(args: &[&str], known_keys: &[&str]) -> Result<Options, String> {
    let mut options = Options {
        runs: 3,
        quick: false,
        only: Vec::new(),
        fresh_lock: false,
        keep: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--runs" => {
                options.runs = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("--runs takes a positive number\n\n{USAGE}"))?;
            }
            "--only" => {
                let keys = args
                    .next()
                    .ok_or_else(|| format!("--only takes scenario keys\n\n{USAGE}"))?;
                for key in keys.split(',').filter(|k| !k.is_empty()) {
                    if !known_keys.contains(&key) {
                        return Err(format!(
                            "unknown scenario {key:?}; the scenarios are {}",
                            known_keys.join(", ")
                        ));
                    }
                    options.only.push(key.to_owned());
                }
            }
            "--quick" => options.quick = true,
            "--fresh-lock" => options.fresh_lock = true,
            "--keep" => options.keep = true,
            other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
        }
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_and_reject() {
        let keys = ["default", "floor"];
        let parsed = parse(&["--runs", "5", "--quick", "--keep"], &keys).expect("valid");
        assert_eq!(parsed.runs, 5);
        assert!(parsed.quick && parsed.keep && !parsed.fresh_lock);
        assert!(parsed.only.is_empty());
        let parsed = parse(&["--only", "floor,default"], &keys).expect("valid");
        assert_eq!(parsed.only, ["floor", "default"]);
        assert!(parse(&["--only", "nope"], &keys).is_err());
        assert!(parse(&["--only"], &keys).is_err());
        assert!(parse(&["--runs", "0"], &keys).is_err());
        assert!(parse(&["--bogus"], &keys).is_err());
    }
}
