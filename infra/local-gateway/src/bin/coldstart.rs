//! `coldstart`: starts each function binary behind a local Lambda Runtime API and prints
//! its init time, first-request time, warm-request time and size, beside the
//! `hello-lambda` baseline built with the same profile.
//!
//! ```text
//! coldstart [--dir target/release] [--events events] [--warm 20] [FUNCTION ...]
//! ```
//! Functions read their configuration from this process's environment, so run it where
//! the local stand-ins are up (`infra/scripts/bench-coldstart.sh` does that).

use local_gateway::{Template, lambda::FunctionProcess};
use serde_json::{Value, json};
use std::{path::PathBuf, time::Duration, time::Instant};

struct Args {
    dir: PathBuf,
    events: PathBuf,
    warm: usize,
    functions: Vec<String>,
}

fn parse_args() -> Args {
    let mut args = Args {
        dir: PathBuf::from("target/release"),
        events: PathBuf::from("events"),
        warm: 20,
        functions: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--dir" => args.dir = it.next().expect("--dir DIR").into(),
            "--events" => args.events = it.next().expect("--events DIR").into(),
            "--warm" => args.warm = it.next().and_then(|n| n.parse().ok()).expect("--warm N"),
            name => args.functions.push(name.to_owned()),
        }
    }
    if args.functions.is_empty() {
        args.functions = Template::load(std::path::Path::new("template.yaml"))
            .expect("template.yaml in the current directory")
            .routed_functions();
    }
    args
}

struct Row {
    name: String,
    size: u64,
    init: Duration,
    first: Duration,
    warm: Duration,
    outcome: String,
}

async fn measure(args: &Args, name: &str, event: Value) -> Result<Row, String> {
    let binary = args.dir.join(name);
    let size = std::fs::metadata(&binary)
        .map_err(|e| format!("{}: {e}", binary.display()))?
        .len();
    let process = FunctionProcess::start(&binary, name, &[])
        .await
        .map_err(|e| e.to_string())?;
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
    times.sort();
    let warm = times.get(times.len() / 2).copied().unwrap_or_default();
    Ok(Row {
        name: name.to_owned(),
        size,
        init: process.init,
        first: first_time,
        warm,
        outcome,
    })
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

#[tokio::main]
async fn main() {
    let args = parse_args();
    let mut names = vec!["hello-lambda".to_owned()];
    names.extend(args.functions.iter().cloned());
    println!(
        "binaries: {} (median of {} warm requests)",
        args.dir.display(),
        args.warm
    );
    println!(
        "{:<20} {:>9} {:>10} {:>12} {:>10}  first answer",
        "function", "size KiB", "init ms", "first req ms", "warm ms"
    );
    for name in &names {
        match measure(&args, name, event_for(&args, name)).await {
            Ok(r) => println!(
                "{:<20} {:>9} {:>10} {:>12} {:>10}  {}",
                r.name,
                r.size / 1024,
                ms(r.init),
                ms(r.first),
                ms(r.warm),
                r.outcome
            ),
            Err(e) => println!("{name:<20} failed: {e}"),
        }
    }
}
