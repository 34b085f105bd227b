//! What the footprint ran on: cores, CPU model, toolchain, load.

use std::fs;
use std::process::Command;

/// Cores, CPU model, toolchain and the load average, for the record.
pub fn describe() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "rustc ?".into());
    let load = fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| {
            let fields: Vec<&str> = l.split_whitespace().take(3).collect();
            format!(", load average {} at the end", fields.join(" "))
        })
        .unwrap_or_default();
    format!(
        "Machine: {cores} cores, {cpu}, {rustc}, {}{load}.",
        std::env::consts::OS
    )
}
