//! The real function binaries behind the gateway, each in its own process with a Lambda
//! Runtime API, as they run on AWS.

use local_gateway::{Gateway, Invoker, Template};
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
    let template = Template::load(&workspace_root().join("template.yaml")).unwrap();
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

#[tokio::test]
async fn a_function_prints_its_spans_to_the_console_before_the_invocation_returns() {
    use local_gateway::lambda::{FunctionProcess, Output};
    use tokio::io::AsyncReadExt;
    let env = vec![("RUST_LOG".to_owned(), "warn".to_owned())];
    let process =
        FunctionProcess::start_with(&binaries_dir().join("healthz"), "healthz", &env, Output::Capture)
            .await
            .expect("the healthz binary starts (the test command builds it)");
    let event: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(workspace_root().join("events/healthz.json")).unwrap())
            .unwrap();
    let result = process.invoke(event).await.unwrap();
    assert_eq!(result["statusCode"], 200);
    // The process stays alive, frozen as Lambda would freeze it: whatever it printed by
    // now was flushed during the invocation.
    let mut stdout = process.take_stdout().await.unwrap();
    let mut printed = Vec::new();
    let mut chunk = [0u8; 8192];
    while !String::from_utf8_lossy(&printed).contains("http.response.status_code") {
        let n = tokio::time::timeout(std::time::Duration::from_secs(2), stdout.read(&mut chunk))
            .await
            .expect("spans were printed before the invocation returned")
            .unwrap();
        assert!(n > 0, "stdout closed");
        printed.extend_from_slice(&chunk[..n]);
    }
    // What matters is that the span left the process during the invocation, named by
    // its route and reported under its service; the console layout is the exporter's.
    let printed = String::from_utf8_lossy(&printed);
    for expected in ["GET /healthz", "studio-api", "healthz"] {
        assert!(printed.contains(expected), "{expected} in {printed}");
    }
}
