//! Benchmarks of `cloudflare-ssl`, each beside the baseline it is judged
//! against (BENCHMARKS.md has the figures and how to read them):
//!
//! - `decode_*`: the documented example responses decoded into the
//!   generated types, and into `serde_json::Value` (bytes/s).
//! - `call/<pair>/client`, `call/<pair>/raw`: the time of one call (of one
//!   burst of 256 for the `concurrent-*` pairs) through each side, measured
//!   one side after the other.
//! - `paired/<pair>`: the figure that matters, client time / raw time
//!   measured in the same samples (see `paired`). After criterion's output
//!   come one `ratio: <pair> <client/raw>` line per pair measured and
//!   `future-bytes: client <n> raw <n>`, the size of the future of one
//!   certificate pack PATCH through each side; other tools read these lines.
//!
//! Every call goes over loopback to the runtime suite's keep-alive raw
//! server (`raw_server::KeepAliveServer`), answering with the documented
//! examples.
//!
//! Run: `cargo bench -p conformance --bench client`; `-- FILTER` runs only
//! the benchmarks whose name matches, `-- paired` the pairs only.

mod paired;
#[allow(dead_code)] // the bench uses its keep-alive server only
#[path = "../../../crates/cloudflare-ssl/tests/runtime/raw_server.rs"]
mod raw_server;
mod sides;

use std::hint::black_box;
use std::time::Duration;

use cloudflare_ssl::types::{ApiFailure, CertificatePackResponse, SslAutomaticModeResponse};
use cloudflare_ssl_mock::documented::{
    CERTIFICATE_PACK_ID, EDIT_CERTIFICATE_PACK, EDIT_SSL_AUTOMATIC_MODE,
    EDIT_SSL_AUTOMATIC_MODE_FAILURE, ZONE_ID,
};
use criterion::{Criterion, SamplingMode, Throughput};
use tokio::runtime::{Builder, Runtime};

use paired::Ratio;
use raw_server::KeepAliveServer;
use sides::{CONCURRENCY, EDIT, Sides, Workload, documented_answers};

/// The pairs, in the order of their `ratio:` lines: name, what one
/// iteration does on each side, and where client and server run.
const PAIRS: [(&str, Workload, Place); 5] = [
    ("pack-tiny", Workload::Pack, Place::Split),
    ("auto-tiny", Workload::Setting, Place::Split),
    ("concurrent-256", Workload::Burst, Place::Split),
    ("pack-1thread", Workload::Pack, Place::OneThread),
    ("concurrent-256-1thread", Workload::Burst, Place::OneThread),
];

fn main() {
    let split = Setup::split();
    let one_thread = Setup::one_thread();
    let setup = |place| match place {
        Place::Split => &split,
        Place::OneThread => &one_thread,
    };

    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    decode(&mut criterion);
    for (name, workload, place) in PAIRS {
        calls(&mut criterion, name, workload, setup(place));
    }
    criterion.final_summary();

    let mut criterion = Criterion::default()
        .with_measurement(Ratio)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        // Enough for the confidence intervals of a few hundred samples, in
        // a tenth of the default's analysis time.
        .nresamples(10_000)
        .configure_from_args();
    let mut group = paired::group(&mut criterion);
    let mut ratios = Vec::new();
    for (name, workload, place) in PAIRS {
        let Setup { runtime, sides, .. } = setup(place);
        if let Some(ratio) = paired::bench(&mut group, name, runtime, sides, workload) {
            ratios.push((name, ratio));
        }
    }
    group.finish();
    criterion.final_summary();

    if ratios.is_empty() {
        return;
    }
    println!();
    for (name, ratio) in ratios {
        println!("ratio: {name} {ratio:.3}");
    }
    let Sides { client, raw } = &one_thread.sides;
    let client_future = client.edit_certificate_pack(ZONE_ID, CERTIFICATE_PACK_ID, &*EDIT);
    let raw_future = raw.edit_certificate_pack();
    println!(
        "future-bytes: client {} raw {}",
        std::mem::size_of_val(&client_future),
        std::mem::size_of_val(&raw_future)
    );
}

/// Where a pair's client and server run.
#[derive(Clone, Copy, Debug)]
enum Place {
    /// Clients on one runtime, the server on another (2 workers each), as if
    /// the server were another process (the `-tiny` and `concurrent-256`
    /// pairs).
    Split,
    /// Both on one current-thread runtime: no thread hand-offs, so what is
    /// left is CPU time per call, the least noisy view of the client's
    /// overhead (the `-1thread` pairs).
    OneThread,
}

/// The runtime a place's calls run on, its server, and the two sides.
struct Setup {
    runtime: Runtime,
    sides: Sides,
    _server: KeepAliveServer,
    /// The server's own runtime, when it is not `runtime`.
    _server_runtime: Option<Runtime>,
}

impl Setup {
    fn split() -> Self {
        let server_runtime = multi_thread("bench-server");
        let server = server_runtime.block_on(KeepAliveServer::start(documented_answers()));
        Self::new(multi_thread("bench-client"), server, Some(server_runtime))
    }

    fn one_thread() -> Self {
        let runtime = Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("tokio runtime");
        let server = runtime.block_on(KeepAliveServer::start(documented_answers()));
        Self::new(runtime, server, None)
    }

    fn new(runtime: Runtime, server: KeepAliveServer, server_runtime: Option<Runtime>) -> Self {
        let sides = Sides::new(&server.url());
        runtime.block_on(sides.check());
        Self {
            runtime,
            sides,
            _server: server,
            _server_runtime: server_runtime,
        }
    }
}

fn multi_thread(name: &str) -> Runtime {
    Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(name)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// The time of one iteration of `workload` through each side on its own.
fn calls(criterion: &mut Criterion, name: &str, workload: Workload, setup: &Setup) {
    let mut group = criterion.benchmark_group(format!("call/{name}"));
    if let Workload::Burst = workload {
        group.throughput(Throughput::Elements(CONCURRENCY as u64));
        group.sampling_mode(SamplingMode::Flat).sample_size(20);
    } else {
        group.throughput(Throughput::Elements(1));
    }
    let Setup { runtime, sides, .. } = setup;
    group.bench_function("client", |b| {
        b.to_async(runtime).iter(|| workload.run(&sides.client));
    });
    group.bench_function("raw", |b| {
        b.to_async(runtime).iter(|| workload.run(&sides.raw));
    });
    group.finish();
}

fn decode(criterion: &mut Criterion) {
    decode_pair::<CertificatePackResponse>(
        criterion,
        "decode_certificate_pack",
        EDIT_CERTIFICATE_PACK,
    );
    decode_pair::<SslAutomaticModeResponse>(
        criterion,
        "decode_ssl_automatic_mode",
        EDIT_SSL_AUTOMATIC_MODE,
    );
    decode_pair::<ApiFailure>(
        criterion,
        "decode_failure_1008",
        EDIT_SSL_AUTOMATIC_MODE_FAILURE,
    );
}

/// `generated`: the bytes into `T`; `value`: the same bytes into
/// `serde_json::Value`.
fn decode_pair<T: serde::de::DeserializeOwned>(criterion: &mut Criterion, name: &str, body: &str) {
    let bytes = body.as_bytes();
    // The documented examples must decode at all, or the figures mean nothing.
    if let Err(error) = serde_json::from_slice::<T>(bytes) {
        panic!("{name}: the documented example does not decode: {error}");
    }
    let mut group = criterion.benchmark_group(name);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_slice::<T>(black_box(bytes)).expect("decodes"));
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(bytes)).expect("decodes"));
    });
    group.finish();
}
