//! The real function binaries behind the gateway, each in its own process with a Lambda
//! Runtime API, as they run on AWS.

use local_gateway::{Gateway, Invoker, Template};
use studio_tests::otlp::Receiver;
use studio_tests::{TestEnv, app::read, postgres::fresh_database, workspace_root};
use tokio::net::TcpListener;

/// `target/debug`, where the test command builds the function binaries.
fn binaries_dir() -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().and_then(|deps| deps.parent()).unwrap().to_path_buf()
}

#[tokio::test]
async fn requests_reach_the_real_binaries_through_a_runtime_api() {
    let config = fresh_database().await;
    let url = TestEnv::get().database_url_for(config.dbname(), "");
    let env = vec![
        ("DATABASE_URL".to_owned(), url),
        ("STUDIO_TRACES".to_owned(), "off".to_owned()),
    ];
    let invoker = Invoker::binaries(binaries_dir(), env);
    // The binaries run in open mode (no STUDIO_ACCESS), so the template is read as
    // deployed in open mode: its authorizer lets every request through.
    let params = [("AccessMode".to_owned(), "open".to_owned())].into();
    let template = Template::load_with(&workspace_root().join("template.yaml"), &params).unwrap();
    let gateway = Gateway::new(template, invoker)
        .expect("the function binaries are built (the test command runs cargo build -p studio-functions)");
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(gateway.serve_http(listener));
    let client = reqwest::Client::new();

    let response = client
        .post(format!("{address}/api/sessions"))
        .header("content-type", "application/json")
        .body(r#"{"name":"From a binary"}"#)
        .send()
        .await
        .unwrap();
    let (status, created) = read(response).await;
    assert_eq!(status, 201, "{created}");
    let (status, listed) = read(
        client
            .get(format!("{address}/api/sessions"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(listed["sessions"][0], created["session"]);
    let (status, bad) = read(
        client
            .get(format!("{address}/api/sessions?id=x"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, bad["error"]["code"].as_str()), (400, Some("invalid_id")));
    let (status, health) = read(client.get(format!("{address}/healthz")).send().await.unwrap()).await;
    assert_eq!((status, health["ok"].as_bool()), (200, Some(true)));
}

/// Starts `binary` behind a Runtime API with `env`, spans going to a receiver.
async fn traced_process(
    binary: &str,
    env: Vec<(String, String)>,
) -> (local_gateway::lambda::FunctionProcess, Receiver) {
    let receiver = Receiver::start().await;
    let mut env = env;
    env.push((
        "OTEL_EXPORTER_OTLP_ENDPOINT".to_owned(),
        receiver.endpoint.clone(),
    ));
    env.push(("RUST_LOG".to_owned(), "warn".to_owned()));
    let process = local_gateway::lambda::FunctionProcess::start(&binaries_dir().join(binary), binary, &env)
        .await
        .expect("the binary starts (the test command builds it)");
    (process, receiver)
}

fn event(name: &str) -> serde_json::Value {
    let path = workspace_root().join(format!("events/{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[tokio::test]
async fn a_function_exports_its_spans_over_otlp_before_the_invocation_returns() {
    let config = fresh_database().await;
    let url = TestEnv::get().database_url_for(config.dbname(), "");
    let (process, receiver) = traced_process("sessions-get", vec![("DATABASE_URL".to_owned(), url)]).await;
    let started = std::time::Instant::now();
    let result = process.invoke(event("sessions-get")).await.unwrap();
    let took = started.elapsed();
    assert_eq!(result["statusCode"], 200, "{result}");
    // Lambda freezes the process once the invocation returns: the spans must be out.
    let spans = receiver.spans();
    let invocation = spans
        .iter()
        .find(|s| s.name == "GET /api/sessions")
        .unwrap_or_else(|| panic!("an invocation span, got {spans:?}"));
    assert_eq!(invocation.service, "studio-web-api");
    assert!(invocation.parent_span_id.is_empty(), "a root span");
    let query = spans
        .iter()
        .find(|s| s.name == "postgres SELECT")
        .unwrap_or_else(|| panic!("a span per statement, got {spans:?}"));
    assert_eq!(query.parent_span_id, invocation.span_id);
    assert_eq!(query.trace_id, invocation.trace_id);
    assert!(
        took < std::time::Duration::from_secs(2),
        "the invocation took {took:?}"
    );
}

#[tokio::test]
async fn a_function_whose_collector_is_down_still_answers_within_its_bound() {
    let receiver = Receiver::start().await;
    drop(receiver);
    let env = vec![
        (
            "OTEL_EXPORTER_OTLP_ENDPOINT".to_owned(),
            format!("http://127.0.0.1:{}", unused_port()),
        ),
        ("RUST_LOG".to_owned(), "error".to_owned()),
    ];
    let process =
        local_gateway::lambda::FunctionProcess::start(&binaries_dir().join("healthz"), "healthz", &env)
            .await
            .unwrap();
    let started = std::time::Instant::now();
    let result = process.invoke(event("healthz")).await.unwrap();
    assert_eq!(result["statusCode"], 200);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn the_scheduled_media_sweep_runs_as_its_own_binary_and_reports_what_it_removed() {
    let config = fresh_database().await;
    let env = TestEnv::get();
    let bucket = studio_tests::s3::fresh_bucket().await;
    let young = bucket
        .client
        .put_object()
        .bucket(&bucket.name)
        .key("uploads/x/y/young");
    young
        .body(b"not an hour old".to_vec().into())
        .send()
        .await
        .unwrap();
    let (id, secret) = env.access_key();
    let vars = [
        ("DATABASE_URL", env.database_url_for(config.dbname(), "")),
        ("MEDIA_BUCKET", bucket.name.clone()),
        ("AWS_ENDPOINT_URL_S3", env.s3().to_owned()),
        ("S3_FORCE_PATH_STYLE", "true".to_owned()),
        ("AWS_ACCESS_KEY_ID", id.to_owned()),
        ("AWS_SECRET_ACCESS_KEY", secret.to_owned()),
        ("AWS_REGION", "us-east-1".to_owned()),
        ("STUDIO_TRACES", "off".to_owned()),
    ];
    let vars: Vec<(String, String)> = vars.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    let binary = binaries_dir().join("media-sweep");
    let process = local_gateway::lambda::FunctionProcess::start(&binary, "media-sweep", &vars)
        .await
        .expect("the binary starts (the test command builds it)");
    let report = process.invoke(event("media-sweep")).await.unwrap();
    let expected = serde_json::json!({
        "staleUploads": 0, "expiredExports": 0, "orphanedObjects": 0,
        "expiredIdempotencyKeys": 0, "complete": true
    });
    assert_eq!(report, expected);
    assert_eq!(
        bucket.keys().await,
        ["uploads/x/y/young"],
        "an object under an hour old is kept"
    );
}

fn unused_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
