//! The `migrate` function as a deploy runs it: its real binary behind a local Runtime API,
//! invoked with CloudFormation's custom resource events, answering at the event's
//! `ResponseURL` (here a local server standing in for the pre-signed S3 URL).

use axum::{Router, body::Bytes, extract::State, http::HeaderMap, routing::put};
use local_gateway::lambda::FunctionProcess;
use serde_json::{Value, json};
use std::time::Duration;
use studio::adapters::postgres::Db;
use studio_admin::migrate;
use studio_tests::{TestEnv, postgres::server_config, workspace_root};
use tokio::sync::mpsc;

/// `target/debug`, where the test command builds the migrate binary (studio-admin).
fn binary() -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    dir.join("migrate")
}

/// What CloudFormation received: the PUT's headers and JSON body.
struct Received {
    headers: HeaderMap,
    body: Value,
}

/// A stand-in for CloudFormation's pre-signed response URL; returns its URL and what it
/// receives.
async fn response_url() -> (String, mpsc::UnboundedReceiver<Received>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = Router::new()
        .route(
            "/cloudformation-response",
            put(|State(tx): State<mpsc::UnboundedSender<Received>>, headers: HeaderMap, body: Bytes| async move {
                let body = serde_json::from_slice(&body).expect("the response is JSON");
                let _ = tx.send(Received { headers, body });
            }),
        )
        .with_state(tx);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/cloudformation-response?X-Amz-Signature=0f5e",
        listener.local_addr().unwrap()
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, rx)
}

/// The sample event as CloudFormation would send it for `kind`, answering to `url`.
fn event(kind: &str, url: &str, physical_id: Option<&str>) -> Value {
    let text = std::fs::read_to_string(workspace_root().join("events/migrate.json")).unwrap();
    let mut event: Value = serde_json::from_str(&text).unwrap();
    event["RequestType"] = json!(kind);
    event["ResponseURL"] = json!(url);
    if let Some(id) = physical_id {
        event["PhysicalResourceId"] = json!(id);
    }
    if kind == "Update" {
        event["OldResourceProperties"] = event["ResourceProperties"].clone();
    }
    event
}

async fn start(env: &[(&str, String)]) -> FunctionProcess {
    let env: Vec<(String, String)> = env.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
    FunctionProcess::start(&binary(), "migrate", &env)
        .await
        .expect("the migrate binary starts (the test command builds it with cargo build -p studio-admin)")
}

async fn answer(rx: &mut mpsc::UnboundedReceiver<Received>) -> Received {
    tokio::time::timeout(Duration::from_secs(30), rx.recv())
        .await
        .expect("the function answered CloudFormation")
        .unwrap()
}

async fn table_exists(db: &Db, table: &str) -> bool {
    let rows = db
        .read("SELECT to_regclass($1) IS NOT NULL AS present", &[&table])
        .await
        .unwrap();
    rows[0].get("present")
}

#[tokio::test]
async fn a_deploy_creates_and_migrates_the_database_and_answers_cloudformation() {
    let name = format!("studio_test_{}", uuid::Uuid::new_v4().simple());
    let url = TestEnv::get().database_url_for(&name, "");
    let process = start(&[("DATABASE_URL", url), ("RUST_LOG", "warn".into())]).await;
    let (response_url, mut received) = response_url().await;
    let newest = migrate::known().last().unwrap().0;

    // Create: the database does not exist yet; the function creates it and migrates it.
    let result = process
        .invoke(event("Create", &response_url, None))
        .await
        .unwrap();
    let created = answer(&mut received).await;
    assert_eq!(created.body["Status"], "SUCCESS", "{}", created.body);
    assert_eq!(created.body["PhysicalResourceId"], format!("schema:{name}"));
    assert_eq!(created.body["LogicalResourceId"], "Migrations");
    assert_eq!(created.body["RequestId"], "3f1e7c2a-9d4b-4e8a-b6f0-2c1d5e7a9b3c");
    assert_eq!(created.body["Data"]["SchemaVersion"], newest.to_string());
    assert_eq!(
        created.body["Data"]["Applied"],
        migrate::known().len().to_string()
    );
    assert!(
        created.headers.get("content-type").is_none(),
        "the URL is signed without a content type"
    );
    assert_eq!(
        result["Status"], "SUCCESS",
        "the invocation's result is the response too"
    );
    let db = Db::new(&server_config().with_dbname(&name));
    assert!(table_exists(&db, "sessions").await);

    // Update (a new function version): nothing left to apply, same resource.
    let physical_id = created.body["PhysicalResourceId"].as_str().unwrap().to_owned();
    process
        .invoke(event("Update", &response_url, Some(&physical_id)))
        .await
        .unwrap();
    let updated = answer(&mut received).await;
    assert_eq!(updated.body["Status"], "SUCCESS", "{}", updated.body);
    assert_eq!(updated.body["PhysicalResourceId"], physical_id);
    assert_eq!(updated.body["Data"]["Applied"], "0");
    assert_eq!(updated.body["Data"]["SchemaVersion"], newest.to_string());

    // A direct invocation (sam remote invoke) answers with the report itself.
    let direct = process.invoke(json!({})).await.unwrap();
    assert_eq!(direct["database"], name.as_str());
    assert_eq!(direct["applied"], json!([]));
    assert_eq!(direct["schemaVersion"], newest);

    // Delete (the stack goes away): success, and the schema and its rows stay.
    db.execute(
        "INSERT INTO sessions (id, name, created_at) VALUES (gen_random_uuid(), 'kept', now())",
        &[],
    )
    .await
    .unwrap();
    process
        .invoke(event("Delete", &response_url, Some(&physical_id)))
        .await
        .unwrap();
    let deleted = answer(&mut received).await;
    assert_eq!(deleted.body["Status"], "SUCCESS", "{}", deleted.body);
    assert!(
        table_exists(&db, "sessions").await,
        "Delete never drops the schema"
    );
    assert_eq!(studio_tests::postgres::count_rows(&db, "sessions").await, 1);
}

#[tokio::test]
async fn an_unreachable_database_fails_the_resource_with_the_reason() {
    // Nothing listens on port 1: the connection is refused at once.
    let url = "postgres://postgres@127.0.0.1:1/omnisonic".to_owned();
    let process = start(&[("DATABASE_URL", url), ("RUST_LOG", "off".into())]).await;
    let (response_url, mut received) = response_url().await;
    process
        .invoke(event("Create", &response_url, None))
        .await
        .unwrap();
    let failed = answer(&mut received).await;
    assert_eq!(failed.body["Status"], "FAILED", "{}", failed.body);
    let reason = failed.body["Reason"].as_str().unwrap();
    assert!(reason.contains("omnisonic"), "{reason}");
    assert!(
        failed.body["PhysicalResourceId"]
            .as_str()
            .is_some_and(|id| !id.is_empty())
    );
    assert!(failed.body.get("Data").is_none());
    // A direct invocation fails as a function error, which `sam remote invoke` shows.
    let direct = process.invoke(json!({})).await;
    assert!(direct.is_err(), "{direct:?}");
}

#[tokio::test]
async fn missing_settings_fail_the_resource_instead_of_leaving_the_deploy_waiting() {
    // Empty counts as unset (and hides whatever the test run's own environment holds).
    let unset = || String::new();
    let process = start(&[
        ("DATABASE_URL", unset()),
        ("DATABASE_SECRET_ARN", unset()),
        ("RUST_LOG", "off".into()),
    ])
    .await;
    let (response_url, mut received) = response_url().await;
    process
        .invoke(event("Update", &response_url, Some("schema:omnisonic")))
        .await
        .unwrap();
    let failed = answer(&mut received).await;
    assert_eq!(failed.body["Status"], "FAILED");
    assert_eq!(failed.body["PhysicalResourceId"], "schema:omnisonic");
    assert!(
        failed.body["Reason"]
            .as_str()
            .unwrap()
            .starts_with("DATABASE_URL is not set"),
        "{}",
        failed.body
    );
    // Delete still succeeds: a stack whose database is gone can be deleted.
    process
        .invoke(event("Delete", &response_url, Some("schema:omnisonic")))
        .await
        .unwrap();
    assert_eq!(answer(&mut received).await.body["Status"], "SUCCESS");
}
