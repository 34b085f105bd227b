//! What the footprint ran on: cores, CPU model, toolchain, load; and the
//! CPU time of the builds it waited for.

use std::fs;
use std::process::Command;
use std::time::Duration;

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

/// The user + system CPU time of every child process this one has waited
/// for, and of theirs (`cutime` + `cstime` of `/proc/self/stat`, in
/// Linux's fixed USER_HZ of 100 ticks a second); `None` off Linux. The
/// difference around a build is its CPU time, which other load on the
/// machine changes far less than wall time.
pub fn children_cpu() -> Option<Duration> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may
    // hold spaces: field 3 (`state`) first, so `cutime` (16) is at 13.
    let (_, fields) = stat.rsplit_once(')')?;
    let fields: Vec<&str> = fields.split_whitespace().collect();
    let ticks = |index: usize| fields.get(index)?.parse::<u64>().ok();
    let total = ticks(13)? + ticks(14)?;
    Some(Duration::from_millis(total * 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_s_cpu_time_is_counted_once_it_is_waited_for() {
        let Some(before) = children_cpu() else {
            return; // not Linux
        };
        // A child that burns about 0.1 s of CPU.
        let status = Command::new("sh")
            .args(["-c", "i=0; while [ $i -lt 50000 ]; do i=$((i+1)); done"])
            .status()
            .expect("sh");
        assert!(status.success());
        let after = children_cpu().expect("still Linux");
        assert!(after > before, "{before:?} -> {after:?}");
    }
}
