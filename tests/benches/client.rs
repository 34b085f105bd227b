//! Benchmarks for `cloudflare-ssl` (issue 6), side by side with the baseline
//! each one is judged against:
//!
//! - `decode_*`: the documented example responses decoded into the generated
//!   types vs into `serde_json::Value` (throughput in bytes/s).
//! - `patch_*`: one PATCH on loopback through `cloudflare_ssl::Client` vs a
//!   raw `reqwest::Client` sending the same headers and decoding the same
//!   body into the same envelope type, against the same in-process server.
//! - `concurrent_256`: 256 PATCHes in flight through one client vs one raw
//!   reqwest client (requests/s), on a small HTTP/1.1 server in this file that
//!   counts the connections it accepts, to show that connections are reused.
//!
//! After criterion, the `paired` step measures the same pairs again in
//! alternating rounds (client, raw, raw, client, …) and reports the median of
//! the per-round ratios, which a noisy, shared machine disturbs far less than
//! two medians taken minutes apart. Then a summary table with the ratios is
//! printed. Nothing here asserts on speed.
//!
//! Run: `cargo bench -p conformance --bench client` (add `-- FILTER` to run
//! only matching benchmarks; `-- paired` runs only the paired step).

// tidy: long file: one bench target whose criterion groups, paired step and
// in-process HTTP/1.1 server share the same clients, bodies and counters;
// split into modules when a third kind of measurement arrives.

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use cloudflare_ssl::types::{
    ApiFailure, CertificatePack, CertificatePackEditRequest, CertificatePackResponse,
    SslAutomaticModeEditRequest, SslAutomaticModeResponse, SslAutomaticModeSetting,
    SslAutomaticModeValue,
};
use cloudflare_ssl::{Client, Credentials, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT};
use criterion::{Criterion, SamplingMode, Throughput};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue, USER_AGENT};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;
use tokio::task::JoinSet;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The example responses of the two documentation pages, byte for byte,
/// and the ids and token of the examples: the mock's one copy.
use cloudflare_ssl_mock::documented::{
    API_TOKEN as TOKEN, CERTIFICATE_PACK_ID as PACK_ID,
    EDIT_CERTIFICATE_PACK as CERTIFICATE_PACK_SUCCESS,
    EDIT_SSL_AUTOMATIC_MODE as SSL_AUTOMATIC_MODE_SUCCESS,
    EDIT_SSL_AUTOMATIC_MODE_FAILURE as SSL_AUTOMATIC_MODE_FAILURE, ZONE_ID,
};
/// The documented example's request path of the certificate pack edit.
fn certificate_pack_path() -> String {
    format!("/zones/{ZONE_ID}/ssl/certificate_packs/{PACK_ID}")
}
/// The documented example's request path of the Automatic SSL/TLS edit.
fn ssl_automatic_mode_path() -> String {
    format!("/zones/{ZONE_ID}/settings/ssl_automatic_mode")
}
static EDIT: std::sync::LazyLock<CertificatePackEditRequest> =
    std::sync::LazyLock::new(|| CertificatePackEditRequest::new().cloudflare_branding(true));
/// How many requests `concurrent_256` keeps in flight.
const CONCURRENCY: usize = 256;

fn main() {
    let started = SystemTime::now();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();

    // Clients on one runtime, the server on another (2 workers each), as if
    // the server were another process. The `_1thread` variants put client and
    // server on one current-thread runtime instead: no thread hand-offs, so
    // what is left is CPU time per call, the least noisy view of the
    // client's overhead.
    let clients = runtime("bench-client", 2);
    let server = runtime("bench-server", 2);
    let tiny = TinyServer::start(&server);
    let mock = clients.block_on(wiremock_server());
    let setup = Setup::new(&clients, &tiny.uri(), &mock.uri());
    let single = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let tiny_1thread = TinyServer::start(&single);
    let pair_1thread = Pair::new(&tiny_1thread.uri());
    single.block_on(pair_1thread.check());

    decode(&mut criterion);
    let mut reuse = Vec::new();
    // (group, workload, server): `Tiny*` servers count connections.
    for (group, workload, server) in [
        ("patch_certificate_pack_tiny", Workload::Pack, Server::Tiny),
        (
            "patch_certificate_pack_wiremock",
            Workload::Pack,
            Server::Wiremock,
        ),
        (
            "patch_ssl_automatic_mode_tiny",
            Workload::Setting,
            Server::Tiny,
        ),
        ("concurrent_256", Workload::Burst, Server::Tiny),
        (
            "patch_certificate_pack_1thread",
            Workload::Pack,
            Server::Tiny1Thread,
        ),
        (
            "concurrent_256_1thread",
            Workload::Burst,
            Server::Tiny1Thread,
        ),
    ] {
        let (rt, pair, counter) = match server {
            Server::Tiny => (&clients, &setup.tiny, Some(tiny.counter())),
            Server::Wiremock => (&clients, &setup.mock, None),
            Server::Tiny1Thread => (&single, &pair_1thread, Some(tiny_1thread.counter())),
        };
        let counted = counter.as_ref().map(|c| c as &dyn Fn() -> (u64, u64));
        client_and_raw(
            &mut criterion,
            rt,
            group,
            workload,
            pair,
            counted,
            &mut reuse,
        );
    }
    criterion.final_summary();

    if bench_mode(&args) {
        print_criterion_summary(started);
        print_connection_reuse(&reuse);
        if wanted(&args, "paired") {
            paired(
                &clients,
                &setup,
                &tiny,
                &single,
                &pair_1thread,
                &tiny_1thread,
            );
        }
    }
    tiny.check();
    tiny_1thread.check();
}

// ---------------------------------------------------------------- decoding --

fn decode(c: &mut Criterion) {
    decode_pair::<CertificatePackResponse>(c, "decode_certificate_pack", CERTIFICATE_PACK_SUCCESS);
    decode_pair::<SslAutomaticModeResponse>(
        c,
        "decode_ssl_automatic_mode",
        SSL_AUTOMATIC_MODE_SUCCESS,
    );
    decode_pair::<ApiFailure>(c, "decode_failure_1008", SSL_AUTOMATIC_MODE_FAILURE);
}

/// `generated`: the bytes into `T`; `value`: the same bytes into `serde_json::Value`.
fn decode_pair<T: serde::de::DeserializeOwned>(c: &mut Criterion, group: &str, body: &str) {
    let bytes = body.as_bytes();
    // The documented examples must decode at all, or the figures mean nothing.
    if let Err(error) = serde_json::from_slice::<T>(bytes) {
        panic!("{group}: the documented example does not decode: {error}");
    }
    let mut group = c.benchmark_group(group);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_slice::<T>(black_box(bytes)).expect("decodes"));
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(bytes)).expect("decodes"));
    });
    group.finish();
}

// ------------------------------------------------------------ the clients --

/// The clients under test: one `cloudflare_ssl::Client` and one raw
/// `reqwest::Client` per server.
struct Setup {
    tiny: Pair,
    mock: Pair,
}

struct Pair {
    client: Client,
    raw: Raw,
}

/// The baseline: what a caller would write with reqwest alone. The same
/// default headers, the same timeouts, the same `Accept`, the same JSON body,
/// the body decoded into the same envelope type.
#[derive(Clone)]
struct Raw {
    http: reqwest::Client,
    base_url: Arc<str>,
}

impl Setup {
    fn new(rt: &Runtime, tiny_uri: &str, mock_uri: &str) -> Self {
        let setup = Self {
            tiny: Pair::new(tiny_uri),
            mock: Pair::new(mock_uri),
        };
        // Both sides must get the documented result from both servers before
        // any of them is timed.
        rt.block_on(async {
            setup.tiny.check().await;
            setup.mock.check().await;
            let expected = documented_setting();
            let from_client = setup
                .tiny
                .client
                .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Auto)
                .await
                .expect("client PATCH");
            let from_raw = setup
                .tiny
                .raw
                .edit_ssl_automatic_mode()
                .await
                .expect("raw PATCH");
            assert_eq!(from_client, expected);
            assert_eq!(from_raw, expected);
        });
        setup
    }
}

impl Pair {
    /// Both sides get the documented certificate pack.
    async fn check(&self) {
        let expected = documented_pack();
        let from_client = self
            .client
            .edit_certificate_pack(ZONE_ID, PACK_ID, &*EDIT)
            .await
            .expect("client PATCH");
        let from_raw = self.raw.edit_certificate_pack().await.expect("raw PATCH");
        assert_eq!(from_client, expected);
        assert_eq!(from_raw, expected);
    }

    fn new(base_url: &str) -> Self {
        let client = Client::builder(Credentials::api_token(TOKEN))
            .base_url(base_url)
            .build()
            .expect("client builds");
        Self {
            client,
            raw: Raw::new(base_url),
        }
    }
}

impl Raw {
    fn new(base_url: &str) -> Self {
        let mut headers = HeaderMap::new();
        let mut authorization =
            HeaderValue::from_str(&format!("Bearer {TOKEN}")).expect("header value");
        authorization.set_sensitive(true);
        headers.insert(AUTHORIZATION, authorization);
        headers.insert(
            USER_AGENT,
            HeaderValue::from_static(cloudflare_ssl::USER_AGENT_VALUE),
        );
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
            .timeout(DEFAULT_TIMEOUT)
            .build()
            .expect("reqwest client builds");
        Self {
            http,
            base_url: base_url.trim_end_matches('/').into(),
        }
    }

    async fn edit_certificate_pack(&self) -> Result<CertificatePack, String> {
        let url = format!("{}{}", self.base_url, certificate_pack_path());
        let envelope: CertificatePackResponse = self.patch(url, &*EDIT).await?;
        match (envelope.success, envelope.result) {
            (true, Some(result)) => Ok(result),
            _ => Err("no result".into()),
        }
    }

    async fn edit_ssl_automatic_mode(&self) -> Result<SslAutomaticModeSetting, String> {
        let url = format!("{}{}", self.base_url, ssl_automatic_mode_path());
        let body = SslAutomaticModeEditRequest::new(SslAutomaticModeValue::Auto);
        let envelope: SslAutomaticModeResponse = self.patch(url, &body).await?;
        if envelope.success {
            Ok(envelope.result)
        } else {
            Err("success is false".into())
        }
    }

    async fn patch<B: serde::Serialize, T: serde::de::DeserializeOwned>(
        &self,
        url: String,
        body: &B,
    ) -> Result<T, String> {
        let response = self
            .http
            .patch(url)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .json(body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        if !status.is_success() {
            return Err(format!("HTTP {status}"));
        }
        serde_json::from_slice(&bytes).map_err(|e| e.to_string())
    }
}

fn documented_pack() -> CertificatePack {
    serde_json::from_str::<CertificatePackResponse>(CERTIFICATE_PACK_SUCCESS)
        .expect("documented example decodes")
        .result
        .expect("documented example has a result")
}

fn documented_setting() -> SslAutomaticModeSetting {
    serde_json::from_str::<SslAutomaticModeResponse>(SSL_AUTOMATIC_MODE_SUCCESS)
        .expect("documented example decodes")
        .result
}

async fn client_pack(client: &Client) {
    let pack = client
        .edit_certificate_pack(ZONE_ID, PACK_ID, &*EDIT)
        .await
        .expect("client PATCH");
    black_box(pack);
}

async fn raw_pack(raw: &Raw) {
    black_box(raw.edit_certificate_pack().await.expect("raw PATCH"));
}

/// `CONCURRENCY` calls of `call` at once, each its own task with its own
/// clone of `side` (a client shares its pool between clones).
async fn burst<T, F>(side: &T, call: impl Fn(T) -> F)
where
    T: Clone,
    F: Future<Output = ()> + Send + 'static,
{
    let mut tasks = JoinSet::new();
    for _ in 0..CONCURRENCY {
        tasks.spawn(call(side.clone()));
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("task");
    }
}

// ------------------------------------------------------ end to end PATCH --

/// What the tiny server saw while one benchmark ran.
struct Reuse {
    bench: String,
    requests: u64,
    connections: u64,
}

/// Where an end-to-end group's calls go.
#[derive(Clone, Copy)]
enum Server {
    /// The tiny server, on its own runtime.
    Tiny,
    /// wiremock, serving the documented examples.
    Wiremock,
    /// The tiny server on the clients' current-thread runtime.
    Tiny1Thread,
}

/// One criterion group: `workload` through the client, then through raw
/// reqwest, on `pair`. With the server's connection counter, the requests
/// and new connections of each side go into `reuse`.
fn client_and_raw(
    c: &mut Criterion,
    rt: &Runtime,
    group: &str,
    workload: Workload,
    pair: &Pair,
    counted: Option<&dyn Fn() -> (u64, u64)>,
    reuse: &mut Vec<Reuse>,
) {
    let mut benches = c.benchmark_group(group);
    if let Workload::Burst = workload {
        benches.throughput(Throughput::Elements(CONCURRENCY as u64));
        benches.sampling_mode(SamplingMode::Flat);
        benches.sample_size(20);
    }
    for side in ["client", "raw"] {
        let before = counted.map(|counted| counted());
        benches.bench_function(side, |b| {
            let mut b = b.to_async(rt);
            if side == "client" {
                b.iter(|| workload.client(&pair.client));
            } else {
                b.iter(|| workload.raw(&pair.raw));
            }
        });
        if let (Some(counted), Some(before)) = (counted, before) {
            reuse.push(Reuse::since(&format!("{group}/{side}"), before, counted()));
        }
    }
    benches.finish();
}

impl Reuse {
    fn since(bench: &str, before: (u64, u64), after: (u64, u64)) -> Self {
        Self {
            bench: bench.to_owned(),
            requests: after.0 - before.0,
            connections: after.1 - before.1,
        }
    }
}

fn print_connection_reuse(reuse: &[Reuse]) {
    let ran: Vec<&Reuse> = reuse.iter().filter(|r| r.requests > 0).collect();
    if ran.is_empty() {
        return;
    }
    println!("\n## Connections the tiny server accepted\n");
    println!("| benchmark | requests | new connections | requests per new connection |");
    println!("|---|---:|---:|---:|");
    for r in ran {
        let per = if r.connections == 0 {
            "all on connections opened earlier".to_owned()
        } else {
            format!("{:.0}", r.requests as f64 / r.connections as f64)
        };
        println!(
            "| {} | {} | {} | {per} |",
            r.bench, r.requests, r.connections
        );
    }
}

// ------------------------------------------------------ criterion summary --

/// The pairs whose ratio the summary prints: group, numerator, denominator.
const PAIRS: &[(&str, &str, &str)] = &[
    ("decode_certificate_pack", "generated", "value"),
    ("decode_ssl_automatic_mode", "generated", "value"),
    ("decode_failure_1008", "generated", "value"),
    ("patch_certificate_pack_tiny", "client", "raw"),
    ("patch_certificate_pack_wiremock", "client", "raw"),
    ("patch_ssl_automatic_mode_tiny", "client", "raw"),
    ("concurrent_256", "client", "raw"),
    ("patch_certificate_pack_1thread", "client", "raw"),
    ("concurrent_256_1thread", "client", "raw"),
];

/// Criterion's median and mean time per iteration (ns) of `group/bench`, if
/// this process measured it (older estimates from other runs are skipped).
fn estimates(group: &str, bench: &str, since: SystemTime) -> Option<(f64, f64)> {
    let file = criterion_home()
        .join(group)
        .join(bench)
        .join("new/estimates.json");
    let modified = std::fs::metadata(&file).ok()?.modified().ok()?;
    if modified < since {
        return None;
    }
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).ok()?).ok()?;
    let point = |name: &str| json[name]["point_estimate"].as_f64();
    Some((point("median")?, point("mean")?))
}

/// Where criterion writes, found as criterion finds it.
fn criterion_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    let metadata = std::env::var_os("CARGO").and_then(|cargo| {
        std::process::Command::new(cargo)
            .args(["metadata", "--format-version", "1", "--no-deps"])
            .output()
            .ok()
    });
    metadata
        .and_then(|out| serde_json::from_slice::<serde_json::Value>(&out.stdout).ok())
        .and_then(|json| json["target_directory"].as_str().map(PathBuf::from))
        .map(|target| target.join("criterion"))
        .unwrap_or_else(|| PathBuf::from("target/criterion"))
}

fn print_criterion_summary(since: SystemTime) {
    let mut rows = Vec::new();
    for (group, top, bottom) in PAIRS {
        let (Some(a), Some(b)) = (
            estimates(group, top, since),
            estimates(group, bottom, since),
        ) else {
            continue;
        };
        rows.push((group, top, bottom, a, b));
    }
    if rows.is_empty() {
        return;
    }
    println!("\n## Criterion medians (mean in brackets), this run\n");
    println!(
        "| group | {{a}} | median a | median b | a / b (medians) | a / b (means) | throughput a | throughput b |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    for (group, top, bottom, a, b) in rows {
        let throughput = |ns: f64| throughput(group, ns);
        println!(
            "| {group} | a = {top}, b = {bottom} | {} ({}) | {} ({}) | {:.3} | {:.3} | {} | {} |",
            time(a.0),
            time(a.1),
            time(b.0),
            time(b.1),
            a.0 / b.0,
            a.1 / b.1,
            throughput(a.0),
            throughput(b.0),
        );
    }
}

/// Throughput at `ns` per iteration, as the group counts it.
fn throughput(group: &str, ns: f64) -> String {
    let bytes = match group {
        "decode_certificate_pack" => CERTIFICATE_PACK_SUCCESS.len(),
        "decode_ssl_automatic_mode" => SSL_AUTOMATIC_MODE_SUCCESS.len(),
        "decode_failure_1008" => SSL_AUTOMATIC_MODE_FAILURE.len(),
        "concurrent_256" | "concurrent_256_1thread" => {
            return format!("{:.0} req/s", CONCURRENCY as f64 * 1e9 / ns);
        }
        _ => return format!("{:.0} calls/s", 1e9 / ns),
    };
    format!("{:.1} MiB/s", bytes as f64 * 1e9 / ns / (1024.0 * 1024.0))
}

fn time(ns: f64) -> String {
    match ns {
        ns if ns < 1e3 => format!("{ns:.1} ns"),
        ns if ns < 1e6 => format!("{:.2} µs", ns / 1e3),
        ns => format!("{:.2} ms", ns / 1e6),
    }
}

// ------------------------------------------------------------ paired step --

/// Each pair in alternating rounds; per round the ratio client / raw of the
/// time per call; the median of those ratios and their interquartile range.
/// Ends with one `ratio: <pair> <median>` line per pair and the sizes of the
/// two futures, the lines BENCHMARKS.md quotes.
fn paired(
    rt: &Runtime,
    setup: &Setup,
    tiny: &TinyServer,
    single: &Runtime,
    pair: &Pair,
    tiny_1thread: &TinyServer,
) {
    println!("\n## Paired rounds (client and raw alternate; median of per-round ratios)\n");
    println!(
        "Time per call (per burst for concurrent-256), and per round the ratio client / raw.\n"
    );
    println!(
        "| pair | rounds x calls per side | median client | median raw | client / raw: median [IQR] | new connections client / raw |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    let mut ratios = Vec::new();
    let counted = tiny.counter();
    rt.block_on(async {
        for (name, workload) in [
            ("pack-tiny", Workload::Pack),
            ("auto-tiny", Workload::Setting),
            ("concurrent-256", Workload::Burst),
        ] {
            ratios.push(paired_rounds(name, workload, &setup.tiny, &counted).await);
        }
    });
    let counted = tiny_1thread.counter();
    single.block_on(async {
        for (name, workload) in [
            ("pack-1thread", Workload::Pack),
            ("concurrent-256-1thread", Workload::Burst),
        ] {
            ratios.push(paired_rounds(name, workload, pair, &counted).await);
        }
    });
    println!();
    for (name, median) in ratios {
        println!("ratio: {name} {median:.3}");
    }
    let client_future = pair.client.edit_certificate_pack(ZONE_ID, PACK_ID, &*EDIT);
    let raw_future = pair.raw.edit_certificate_pack();
    println!(
        "future-bytes: client {} raw {}",
        std::mem::size_of_val(&client_future),
        std::mem::size_of_val(&raw_future)
    );
}

/// What one paired round calls on each side.
#[derive(Clone, Copy)]
enum Workload {
    /// `calls` certificate pack PATCHes, one after the other.
    Pack,
    /// `calls` Automatic SSL/TLS PATCHes, one after the other.
    Setting,
    /// One burst of `CONCURRENCY` certificate pack PATCHes at once.
    Burst,
}

impl Workload {
    /// Rounds, and calls per side per round.
    fn rounds_and_calls(self) -> (usize, u32) {
        match self {
            Self::Pack | Self::Setting => (41, 200),
            Self::Burst => (31, 1),
        }
    }

    async fn client(self, client: &Client) {
        match self {
            Self::Pack => client_pack(client).await,
            Self::Setting => {
                let setting = client
                    .edit_ssl_automatic_mode(ZONE_ID, SslAutomaticModeValue::Auto)
                    .await
                    .expect("client PATCH");
                black_box(setting);
            }
            Self::Burst => burst(client, |client| async move { client_pack(&client).await }).await,
        }
    }

    async fn raw(self, raw: &Raw) {
        match self {
            Self::Pack => raw_pack(raw).await,
            Self::Setting => {
                black_box(raw.edit_ssl_automatic_mode().await.expect("raw PATCH"));
            }
            Self::Burst => burst(raw, |raw| async move { raw_pack(&raw).await }).await,
        }
    }
}

/// Runs one pair, prints its table row, and returns its name and median
/// per-round ratio.
async fn paired_rounds(
    name: &'static str,
    workload: Workload,
    pair: &Pair,
    counted: &dyn Fn() -> (u64, u64),
) -> (&'static str, f64) {
    let (rounds, calls) = workload.rounds_and_calls();
    // Warm both up (connections open, caches warm).
    for _ in 0..calls.max(3) {
        workload.client(&pair.client).await;
        workload.raw(&pair.raw).await;
    }
    let (mut client_times, mut raw_times, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut client_connections, mut raw_connections) = (0, 0);
    for round in 0..rounds {
        let mut per_call = [0.0; 2];
        // Alternate which side goes first, so neither always follows the other.
        for side in [round % 2, 1 - round % 2] {
            let before = counted().1;
            let start = Instant::now();
            for _ in 0..calls {
                if side == 0 {
                    workload.client(&pair.client).await;
                } else {
                    workload.raw(&pair.raw).await;
                }
            }
            per_call[side] = start.elapsed().as_nanos() as f64 / f64::from(calls);
            let opened = counted().1 - before;
            if side == 0 {
                client_connections += opened;
            } else {
                raw_connections += opened;
            }
        }
        client_times.push(per_call[0]);
        raw_times.push(per_call[1]);
        ratios.push(per_call[0] / per_call[1]);
    }
    let (q1, median, q3) = quartiles(&mut ratios);
    println!(
        "| {name} | {rounds} x {calls} | {} | {} | {median:.3} [{q1:.3}, {q3:.3}] | {client_connections} / {raw_connections} |",
        time(quartiles(&mut client_times).1),
        time(quartiles(&mut raw_times).1),
    );
    (name, median)
}

fn quartiles(values: &mut [f64]) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    (at(0.25), at(0.5), at(0.75))
}

// -------------------------------------------------------------- arguments --

/// Whether criterion measures (not `cargo test --benches`, `--list`, …).
fn bench_mode(args: &[String]) -> bool {
    let has = |flag: &str| args.iter().any(|a| a == flag);
    has("--bench") && !has("--test") && !has("--list") && !has("--profile-time")
}

/// Whether the step `name` is selected: no filter, or a filter that is a
/// substring of `name`.
fn wanted(args: &[String], name: &str) -> bool {
    const TAKES_VALUE: &[&str] = &[
        "-c",
        "--color",
        "-s",
        "--save-baseline",
        "-b",
        "--baseline",
        "--baseline-lenient",
        "--format",
        "--profile-time",
        "--load-baseline",
        "--sample-size",
        "--warm-up-time",
        "--measurement-time",
        "--nresamples",
        "--noise-threshold",
        "--confidence-level",
        "--significance-level",
        "--plotting-backend",
        "--output-format",
    ];
    let mut filters = Vec::new();
    let mut skip = false;
    for arg in args {
        if skip {
            skip = false;
        } else if TAKES_VALUE.contains(&arg.as_str()) {
            skip = true;
        } else if !arg.starts_with('-') {
            filters.push(arg.as_str());
        }
    }
    filters.is_empty() || filters.iter().any(|f| name.contains(f))
}

// ---------------------------------------------------------------- servers --

fn runtime(name: &str, workers: usize) -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .thread_name(name)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

async fn wiremock_server() -> MockServer {
    // Recording every request would grow without bound over a benchmark.
    let server = MockServer::builder()
        .disable_request_recording()
        .start()
        .await;
    Mock::given(method("PATCH"))
        .and(path(certificate_pack_path()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(CERTIFICATE_PACK_SUCCESS.as_bytes(), "application/json"),
        )
        .mount(&server)
        .await;
    server
}

/// A minimal keep-alive HTTP/1.1 server on 127.0.0.1, on its own runtime,
/// answering the two PATCH paths with the documented examples. It counts the
/// connections it accepts and the requests it answers, which wiremock cannot.
struct TinyServer {
    uri: String,
    stats: Arc<Stats>,
}

#[derive(Default)]
struct Stats {
    connections: AtomicU64,
    requests: AtomicU64,
    /// Requests without `authorization: Bearer <token>` or a JSON body.
    malformed: AtomicU64,
}

impl TinyServer {
    /// Serves on `runtime`, which must outlive the benchmarks.
    fn start(runtime: &Runtime) -> Self {
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .expect("bind 127.0.0.1");
        let uri = format!("http://{}", listener.local_addr().expect("local address"));
        let stats = Arc::new(Stats::default());
        let accepted = Arc::clone(&stats);
        runtime.spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                accepted.connections.fetch_add(1, Ordering::Relaxed);
                let stats = Arc::clone(&accepted);
                tokio::spawn(async move {
                    // A client hanging up mid-request is not the server's concern.
                    let _ = serve(stream, &stats).await;
                });
            }
        });
        Self { uri, stats }
    }

    fn uri(&self) -> String {
        self.uri.clone()
    }

    /// (requests answered, connections accepted) so far.
    fn counter(&self) -> impl Fn() -> (u64, u64) + use<> {
        let stats = Arc::clone(&self.stats);
        move || {
            (
                stats.requests.load(Ordering::Relaxed),
                stats.connections.load(Ordering::Relaxed),
            )
        }
    }

    /// Every request the benchmarks sent carried the credentials and a body.
    fn check(&self) {
        let malformed = self.stats.malformed.load(Ordering::Relaxed);
        assert_eq!(malformed, 0, "{malformed} malformed requests");
    }
}

fn response(status: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

async fn serve(stream: TcpStream, stats: &Stats) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let pack = response("200 OK", CERTIFICATE_PACK_SUCCESS);
    let setting = response("200 OK", SSL_AUTOMATIC_MODE_SUCCESS);
    let (pack_path, setting_path) = (certificate_pack_path(), ssl_automatic_mode_path());
    let not_found = response(
        "404 Not Found",
        r#"{"success":false,"errors":[{"code":7003,"message":"Could not route"}],"messages":[],"result":null}"#,
    );
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    let mut line = String::new();
    let mut body = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let mut words = line.split_ascii_whitespace();
        let verb = words.next().unwrap_or_default().to_owned();
        let target = words.next().unwrap_or_default().to_owned();
        let (mut length, mut authorized) = (0usize, false);
        loop {
            line.clear();
            if reader.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let Some((name, value)) = header.split_once(':') else {
                continue;
            };
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse().unwrap_or(0);
            } else if name.eq_ignore_ascii_case("authorization") {
                authorized = value.strip_prefix("Bearer ") == Some(TOKEN);
            }
        }
        body.resize(length, 0);
        reader.read_exact(&mut body).await?;
        if !authorized || body.first() != Some(&b'{') {
            stats.malformed.fetch_add(1, Ordering::Relaxed);
        }
        let answer = match (verb.as_str(), target.as_str()) {
            ("PATCH", target) if target == pack_path => &pack,
            ("PATCH", target) if target == setting_path => &setting,
            _ => &not_found,
        };
        write.write_all(answer).await?;
        stats.requests.fetch_add(1, Ordering::Relaxed);
    }
}
