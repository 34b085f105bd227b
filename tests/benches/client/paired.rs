//! Paired benchmarks on criterion: the client and the raw baseline measured
//! in the same samples, so that the load of a shared machine, which changes
//! faster than criterion moves from one benchmark to the next, hits both
//! alike.
//!
//! Each iteration of a sample runs the workload once through each side,
//! timing each, the side that goes first alternating. A sample's value is
//! its ratio client time / raw time, times its iterations: criterion divides
//! a sample's value by its iterations, so what it analyses per iteration,
//! and prints, is the ratio. Criterion keeps its estimates to itself (it
//! prints them and writes them to disk; it has no API for them:
//! <https://github.com/bheisler/criterion.rs/issues/73>), so the `ratio:`
//! line that other tools read is the median of the same samples' ratios,
//! kept here as criterion takes them.

use std::time::{Duration, Instant};

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput};
use tokio::runtime::Runtime;

use crate::sides::{Sides, Workload};

/// Samples of a pair of single calls: many short ones (about 10 ms), so that
/// a stall of the machine, which lands on one side, spoils few of them and
/// the median passes over those. Odd, so that the median is one of them.
const SAMPLES: usize = 401;
/// Samples of a pair of bursts: a burst takes milliseconds, so a sample
/// holds only a few of them, one per side on a busy machine.
const BURST_SAMPLES: usize = 101;

/// Criterion's measurement for a paired benchmark: a ratio client / raw.
/// Its benchmarks time both sides themselves (`iter_custom`).
#[derive(Debug)]
pub struct Ratio;

impl Measurement for Ratio {
    type Intermediate = ();
    type Value = f64;

    fn start(&self) -> Self::Intermediate {
        unreachable!("a paired benchmark times both sides itself, with iter_custom")
    }

    fn end(&self, (): Self::Intermediate) -> Self::Value {
        unreachable!("a paired benchmark times both sides itself, with iter_custom")
    }

    fn add(&self, v1: &f64, v2: &f64) -> f64 {
        v1 + v2
    }

    fn zero(&self) -> f64 {
        0.0
    }

    fn to_f64(&self, value: &f64) -> f64 {
        *value
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        &RatioFormatter
    }
}

/// Prints a ratio as it is, with no unit to scale.
struct RatioFormatter;

impl ValueFormatter for RatioFormatter {
    fn scale_values(&self, _typical_value: f64, _values: &mut [f64]) -> &'static str {
        "client/raw"
    }

    fn scale_throughputs(
        &self,
        _typical_value: f64,
        _throughput: &Throughput,
        _values: &mut [f64],
    ) -> &'static str {
        "client/raw"
    }

    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "client/raw"
    }
}

/// The group the pairs are measured in. Every sample has the same number of
/// iterations (flat sampling), so every sample's ratio weighs the same.
pub fn group(criterion: &mut Criterion<Ratio>) -> BenchmarkGroup<'_, Ratio> {
    let mut group = criterion.benchmark_group("paired");
    group.sampling_mode(SamplingMode::Flat);
    group
}

/// Measures the pair `name` and returns the median of its samples' ratios,
/// or `None` when criterion took no samples (filtered out, or `--test`,
/// `--list`, `--profile-time`).
pub fn bench(
    group: &mut BenchmarkGroup<'_, Ratio>,
    name: &str,
    runtime: &Runtime,
    sides: &Sides,
    workload: Workload,
) -> Option<f64> {
    let samples = match workload {
        Workload::Burst => BURST_SAMPLES,
        Workload::Pack | Workload::Setting => SAMPLES,
    };
    group.sample_size(samples);
    let mut ratios = Vec::new();
    // Which side goes first alternates from sample to sample too: a sample
    // of an odd number of iterations favours neither side over a run, and
    // neither side always takes the first call after criterion's pause
    // between samples.
    let mut client_first = false;
    group.bench_function(name, |b| {
        b.iter_custom(|iters| {
            client_first = !client_first;
            let (client, raw) = runtime.block_on(sample(sides, workload, iters, client_first));
            let ratio = client.as_secs_f64() / raw.as_secs_f64();
            ratios.push(ratio);
            ratio * iters as f64
        });
    });
    // Criterion calls the routine while it warms up, then once per sample.
    let first = ratios.len().checked_sub(samples)?;
    let taken = &mut ratios[first..];
    taken.sort_by(f64::total_cmp);
    Some(taken[samples / 2])
}

/// `iters` iterations of `workload` through each side, the side that goes
/// first alternating from one iteration to the next, so that neither always
/// follows the other; returns the time each side took.
async fn sample(
    sides: &Sides,
    workload: Workload,
    iters: u64,
    mut client_first: bool,
) -> (Duration, Duration) {
    let (mut client, mut raw) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..iters {
        for client_side in [client_first, !client_first] {
            let start = Instant::now();
            if client_side {
                workload.run(&sides.client).await;
                client += start.elapsed();
            } else {
                workload.run(&sides.raw).await;
                raw += start.elapsed();
            }
        }
        client_first = !client_first;
    }
    (client, raw)
}
