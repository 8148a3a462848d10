//! `coldstart`: starts each function binary behind a local Lambda Runtime API, cold, a
//! few times, and prints the median of its init time, init CPU time, first-request
//! time and cold request (process start to first answer), its warm-request median and
//! peak memory and its stripped size, beside the `hello-lambda` baseline built with the
//! same profile.
//!
//! ```text
//! coldstart [--dir target/release] [--events events] [--runs 7] [--warm 20]
//!           [--tls-cert cert.pem --tls-key key.pem] [FUNCTION[:cold-clients] ...]
//! ```
//! `presence-get:cold-clients` runs presence-get with its init-time warm-up switched off,
//! so a row beside `presence-get` shows what the warm-up saves the first request.
//! Functions read their configuration from this process's environment, so run it where
//! the local stand-ins are up (`infra/scripts/bench-coldstart.sh` does that). With a
//! certificate, the `AWS_ENDPOINT_URL_*` stand-ins are put behind TLS-terminating
//! proxies, so functions pay the handshakes they pay on AWS.

use local_gateway::{
    Template,
    lambda::{FunctionProcess, TlsProxy},
};
use serde_json::{Value, json};
use std::{path::PathBuf, time::Duration, time::Instant};

struct Args {
    dir: PathBuf,
    events: PathBuf,
    runs: usize,
    warm: usize,
    tls: Option<(PathBuf, PathBuf)>,
    functions: Vec<String>,
}

fn parse_args() -> Args {
    let mut args = Args {
        dir: PathBuf::from("target/release"),
        events: PathBuf::from("events"),
        runs: 7,
        warm: 20,
        tls: None,
        functions: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    let (mut cert, mut key) = (None, None);
    while let Some(arg) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--dir" => args.dir = value().into(),
            "--events" => args.events = value().into(),
            "--runs" => args.runs = value().parse().expect("--runs N"),
            "--warm" => args.warm = value().parse().expect("--warm N"),
            "--tls-cert" => cert = Some(PathBuf::from(value())),
            "--tls-key" => key = Some(PathBuf::from(value())),
            name => args.functions.push(name.to_owned()),
        }
    }
    args.tls = cert.zip(key);
    if args.functions.is_empty() {
        args.functions = Template::load(std::path::Path::new("template.yaml"))
            .expect("template.yaml in the current directory")
            .routed_functions();
    }
    args
}

/// One cold start: process start to init done, the first request, then warm requests.
#[derive(Default, Clone)]
struct Run {
    init: Duration,
    init_cpu: Duration,
    first: Duration,
    warm: Duration,
    peak_rss_kib: u64,
    outcome: String,
}

async fn cold_run(
    args: &Args,
    binary: &std::path::Path,
    name: &str,
    env: &[(String, String)],
) -> Result<Run, String> {
    let event = event_for(args, name);
    let process = FunctionProcess::start(binary, name, env)
        .await
        .map_err(|e| e.to_string())?;
    let init_cpu = process.cpu_time().await.unwrap_or_default();
    let started = Instant::now();
    let first = process.invoke(event.clone()).await;
    let first_time = started.elapsed();
    let outcome = match &first {
        Ok(result) => result
            .get("statusCode")
            .map_or("ok".to_owned(), |s| format!("status {s}")),
        Err(e) => format!("error: {}", e.chars().take(60).collect::<String>()),
    };
    let mut times = Vec::with_capacity(args.warm);
    for _ in 0..args.warm {
        let started = Instant::now();
        let _ = process.invoke(event.clone()).await;
        times.push(started.elapsed());
    }
    Ok(Run {
        init: process.init,
        init_cpu,
        first: first_time,
        warm: median(times),
        peak_rss_kib: process.peak_rss_kib().await.unwrap_or_default(),
        outcome,
    })
}

fn median<T: Ord + Copy + Default>(mut values: Vec<T>) -> T {
    values.sort();
    values.get(values.len() / 2).copied().unwrap_or_default()
}

/// `STUDIO_WARM_AT_INIT=false`: the function named `NAME:cold-clients` opens its AWS
/// connections in its first request rather than during init.
const COLD_CLIENTS: &str = ":cold-clients";

/// The medians of `runs` cold starts of `row`: a function's name, or its name with
/// [`COLD_CLIENTS`] to run it without its warm-up, for a side-by-side comparison.
async fn measure(args: &Args, row: &str, env: &[(String, String)]) -> Result<(u64, Run), String> {
    let name = row.strip_suffix(COLD_CLIENTS).unwrap_or(row);
    let mut env = env.to_vec();
    if name != row {
        env.push(("STUDIO_WARM_AT_INIT".to_owned(), "false".to_owned()));
    }
    let env = env.as_slice();
    let binary = args.dir.join(name);
    let size = std::fs::metadata(&binary)
        .map_err(|e| format!("{}: {e}", binary.display()))?
        .len();
    let mut runs = Vec::with_capacity(args.runs);
    for _ in 0..args.runs.max(1) {
        runs.push(cold_run(args, &binary, name, env).await?);
    }
    let pick = |f: fn(&Run) -> Duration| median(runs.iter().map(f).collect());
    let cold = median(runs.iter().map(|r| r.init + r.first).collect());
    let row = Run {
        init: pick(|r| r.init),
        init_cpu: pick(|r| r.init_cpu),
        first: pick(|r| r.first),
        warm: pick(|r| r.warm),
        peak_rss_kib: median(runs.iter().map(|r| r.peak_rss_kib).collect()),
        outcome: format!("{} (cold {} ms)", runs[0].outcome, ms(cold)),
    };
    Ok((size, row))
}

fn event_for(args: &Args, name: &str) -> Value {
    let path = args.events.join(format!("{name}.json"));
    std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_else(|| json!({ "hello": "world" }))
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// TLS proxies in front of every `AWS_ENDPOINT_URL_*` stand-in, and the environment
/// that sends the functions to them and makes them trust the proxies' certificate.
async fn behind_tls(cert: &std::path::Path, key: &std::path::Path) -> (Vec<TlsProxy>, Vec<(String, String)>) {
    let mut proxies = Vec::new();
    let mut env = vec![("SSL_CERT_FILE".to_owned(), cert.display().to_string())];
    for (var, url) in std::env::vars().filter(|(var, _)| var.starts_with("AWS_ENDPOINT_URL_")) {
        let Some(upstream) = url
            .strip_prefix("http://")
            .and_then(|rest| rest.trim_end_matches('/').parse().ok())
        else {
            continue;
        };
        let proxy = TlsProxy::start(upstream, cert, key)
            .await
            .expect("a TLS proxy starts");
        env.push((var, format!("https://{}", proxy.address)));
        proxies.push(proxy);
    }
    (proxies, env)
}

#[tokio::main]
async fn main() {
    let args = parse_args();
    let (_proxies, env) = match &args.tls {
        Some((cert, key)) => behind_tls(cert, key).await,
        None => (Vec::new(), Vec::new()),
    };
    let mut names = vec!["hello-lambda".to_owned()];
    names.extend(args.functions.iter().cloned());
    println!(
        "binaries: {}; median of {} cold starts, warm = median of {} requests; AWS stand-ins over {}",
        args.dir.display(),
        args.runs,
        args.warm,
        if args.tls.is_some() { "TLS" } else { "plain HTTP" }
    );
    println!(
        "{:<20} {:>8} {:>8} {:>9} {:>9} {:>8} {:>8}  first answer",
        "function", "size KiB", "init ms", "init CPU", "first ms", "warm ms", "RSS MiB"
    );
    for name in &names {
        match measure(&args, name, &env).await {
            Ok((size, r)) => println!(
                "{:<20} {:>8} {:>8} {:>9} {:>9} {:>8} {:>8.1}  {}",
                name,
                size / 1024,
                ms(r.init),
                ms(r.init_cpu),
                ms(r.first),
                ms(r.warm),
                r.peak_rss_kib as f64 / 1024.0,
                r.outcome
            ),
            Err(e) => println!("{name:<20} failed: {e}"),
        }
    }
}
