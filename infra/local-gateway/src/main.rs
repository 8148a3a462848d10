//! `local-gateway`: serves the studio's HTTP API on 127.0.0.1 as API Gateway would.
//!
//! ```text
//! local-gateway [--template template.yaml] [--http-port 3000] [--ws-port 8080]
//!               [--invoke in-process | binaries | http://127.0.0.1:9000]
//!               [--index-lag-ms 0] [--post-latency-ms 0]
//! local-gateway --routed-functions [--template template.yaml]
//! ```
//! `in-process` (default) runs every handler in this process; `binaries` runs each
//! function's binary from this executable's directory behind a local Runtime API;
//! a URL posts events to a Lambda invoke endpoint such as `cargo lambda watch`'s.
//! `--index-lag-ms` makes the connections index trail its writes as DynamoDB's global
//! indexes do on AWS; `--post-latency-ms` adds an in-region round trip to each
//! `@connections` post. `--routed-functions` prints the functions the template routes
//! in invite mode (every HTTP and WebSocket function and the authorizers), one a line,
//! and exits: test.sh holds them to what the tests invoked (`STUDIO_INVOKED_DIR`).
//! Functions read the same environment either way (`DATABASE_URL`, `PRESENCE_TABLE`,
//! `AWS_ENDPOINT_URL_DYNAMODB`, `STUDIO_ACCESS`, `STUDIO_TOKEN_KEYS`, ...); with
//! `STUDIO_ACCESS=invite` the template's authorizers run in front of their routes. The database and the tables are prepared
//! beforehand by `studio-admin migrate create-tables`.

use local_gateway::hosted::Clients;
use local_gateway::{Gateway, Invoker, Template, WsSettings};
use std::{path::PathBuf, process::ExitCode, time::Duration};
use studio::{settings, telemetry};
use tokio::net::TcpListener;

struct Args {
    template: PathBuf,
    http_port: u16,
    ws_port: u16,
    invoke: Option<String>,
    index_lag_ms: u64,
    post_latency_ms: u64,
    routed_functions: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        template: PathBuf::from("template.yaml"),
        http_port: 3000,
        ws_port: 8080,
        invoke: None,
        index_lag_ms: 0,
        post_latency_ms: 0,
        routed_functions: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--template" => args.template = PathBuf::from(value()?),
            "--http-port" => args.http_port = value()?.parse().map_err(|e| format!("--http-port: {e}"))?,
            "--invoke" => args.invoke = Some(value()?).filter(|v| v != "in-process"),
            "--ws-port" => args.ws_port = value()?.parse().map_err(|e| format!("--ws-port: {e}"))?,
            "--index-lag-ms" => {
                args.index_lag_ms = value()?.parse().map_err(|e| format!("--index-lag-ms: {e}"))?
            }
            "--post-latency-ms" => {
                args.post_latency_ms = value()?.parse().map_err(|e| format!("--post-latency-ms: {e}"))?
            }
            "--routed-functions" => args.routed_functions = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

async fn invoker(args: &Args) -> Result<Invoker, String> {
    match args.invoke.as_deref() {
        Some("binaries") => {
            let exe = std::env::current_exe().map_err(|e| e.to_string())?;
            let dir = exe
                .parent()
                .ok_or("the executable has no directory")?
                .to_path_buf();
            return Ok(Invoker::binaries(dir, Vec::new()));
        }
        Some(endpoint) => return Ok(Invoker::remote(endpoint)),
        None => {}
    }
    let mut clients = Clients::from_settings().await.map_err(|e| e.to_string())?;
    if args.index_lag_ms > 0 {
        clients = clients.with_index_lag(Duration::from_millis(args.index_lag_ms));
    }
    let telemetry = telemetry::Telemetry::new(settings::traces(), &telemetry::Service::ALL);
    Ok(Invoker::in_process(clients, telemetry))
}

async fn run() -> Result<(), String> {
    telemetry::init_logging();
    let args = parse_args()?;
    if args.routed_functions {
        let params = [("AccessMode".to_owned(), "invite".to_owned())].into();
        let template = Template::load_with(&args.template, &params).map_err(|e| e.to_string())?;
        template.routed_functions().iter().for_each(|f| println!("{f}"));
        return Ok(());
    }
    // The template is read as deployed in the functions' access mode (STUDIO_ACCESS):
    // in invite mode its authorizers stand in front of $connect and the protected routes.
    let mode = settings::access_mode().map_err(|e| e.to_string())?;
    let params = [("AccessMode".to_owned(), mode.to_string())].into();
    let template = Template::load_with(&args.template, &params).map_err(|e| e.to_string())?;
    tracing::info!(%mode, "access mode");
    let gateway = Gateway::new(template, invoker(&args).await?).map_err(|e| e.to_string())?;
    let listen = |port: u16| async move {
        TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))
    };
    let (http, ws) = (listen(args.http_port).await?, listen(args.ws_port).await?);
    tracing::info!("HTTP API on http://127.0.0.1:{}", args.http_port);
    tracing::info!(
        "WebSocket API on ws://127.0.0.1:{}/?roomId=&memberId=&displayName=",
        args.ws_port
    );
    let settings = WsSettings {
        post_latency: Duration::from_millis(args.post_latency_ms),
        ..WsSettings::default()
    };
    let ws = tokio::spawn(gateway.clone().serve_ws(ws, settings));
    tokio::select! {
        served = gateway.serve_http(http) => served.map_err(|e| e.to_string()),
        served = ws => served.map_err(|e| e.to_string())?.map_err(|e| e.to_string()),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("local-gateway: {message}");
            ExitCode::FAILURE
        }
    }
}
