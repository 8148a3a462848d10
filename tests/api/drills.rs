//! Fault drills against the real stand-ins: each dependency stops answering (a proxy
//! in front of it accepts connections and forwards nothing, as a frozen server does)
//! and comes back, or throttles. The studio answers 503 within a few seconds, writes
//! nothing half-way, and serves again afterwards without a restart.

use serde_json::{Value, json};
use std::time::{Duration, Instant};
use studio_tests::TestApp;
use studio_tests::faults::{Throttling, throttling};
use studio_tests::wav::{form, tone};

/// The longest a request may take while a dependency hangs (the README states it).
const BOUND: Duration = Duration::from_secs(6);

async fn timed<T>(request: impl Future<Output = T>) -> (T, Duration) {
    let started = Instant::now();
    let answer = request.await;
    (answer, started.elapsed())
}

fn assert_unavailable(what: &str, (status, body): &(u16, Value), took: Duration, dependency: &str) {
    assert_eq!(*status, 503, "{what}: {body}");
    let message = body["error"]["message"]
        .as_str()
        .or(body["detail"].as_str())
        .unwrap_or_default();
    assert!(message.contains(dependency), "{what}: {body}");
    assert!(took < BOUND, "{what} took {took:?}");
    println!("{what}: 503 in {took:.2?}");
}

/// Retries `request` for up to 10 s until it answers `status`.
async fn eventually<F, Fut>(status: u16, request: F) -> (u16, Value)
where
    F: Fn() -> Fut,
    Fut: Future<Output = (u16, Value)>,
{
    let mut last = (0, Value::Null);
    for _ in 0..50 {
        last = request().await;
        if last.0 == status {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    last
}

#[tokio::test]
async fn postgres_that_stops_answering_costs_a_request_seconds_and_the_studio_recovers() {
    let app = TestApp::builder().behind_proxy().spawn().await;
    let proxy = app.proxy.clone().unwrap();
    assert_eq!(
        app.post_json("/api/sessions", r#"{"name":"before"}"#).await.0,
        201
    );

    proxy.stall();
    let (answer, took) = timed(app.get("/api/sessions")).await;
    assert_unavailable("postgres stalled: GET /api/sessions", &answer, took, "postgres");
    let (answer, took) = timed(app.post_json("/api/sessions", r#"{"name":"during"}"#)).await;
    assert_unavailable("postgres stalled: POST /api/sessions", &answer, took, "postgres");
    assert_eq!(
        app.get("/healthz").await.0,
        200,
        "the probe does not wait on Postgres"
    );

    proxy.thaw();
    let (status, listed) = eventually(200, || app.get("/api/sessions")).await;
    assert_eq!(status, 200, "{listed}");
    let names: Vec<&str> = listed["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(names.contains(&"before"), "{names:?}");
    assert_eq!(app.post_json("/api/sessions", r#"{"name":"after"}"#).await.0, 201);
}

#[tokio::test]
async fn dynamodb_that_stops_answering_costs_a_request_seconds_and_rooms_recover() {
    let app = TestApp::builder().dynamodb_behind_proxy().spawn().await;
    let proxy = app.dynamodb_proxy.clone().unwrap();
    let ada = json!({ "roomId": "drill", "memberId": "ada", "displayName": "Ada" });
    let (status, body) = app.send_json(reqwest::Method::POST, "/api/presence", &ada).await;
    assert_eq!(status, 200, "{body}");

    let mut eve = app.join("elsewhere", "eve").await;

    proxy.stall();
    let (answer, took) = timed(app.get("/api/presence?roomId=drill")).await;
    assert_unavailable("dynamodb stalled: GET /api/presence", &answer, took, "dynamodb");
    eve.send(&json!({ "type": "message", "payload": "anyone?" }))
        .await;
    let (refused, took) = timed(eve.expect("error")).await;
    assert_eq!(
        refused["error"]["code"], "unavailable",
        "the sender is told to send again: {refused}"
    );
    assert!(took < BOUND, "the frame's refusal took {took:?}");
    let (handshake, took) = timed(tokio_tungstenite::connect_async(
        app.ws_url("drill", "carl", "Carl"),
    ))
    .await;
    match handshake {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => assert_eq!(response.status(), 503),
        other => panic!("expected a refused handshake, got {other:?}"),
    }
    assert!(took < BOUND, "the handshake took {took:?}");

    proxy.thaw();
    let (status, _) = eventually(200, || app.get("/api/presence?roomId=drill")).await;
    assert_eq!(status, 200);
    let mut bob = app.join("drill", "bob").await;
    assert_eq!(
        bob.roster_ids().await,
        ["ada", "bob"],
        "the refused handshake left no member behind"
    );
}

#[tokio::test]
async fn s3_that_stops_answering_fails_an_upload_within_seconds_and_leaves_no_record() {
    let app = TestApp::builder().s3_behind_proxy().spawn().await;
    let proxy = app.s3_proxy.clone().unwrap();
    let session = app.new_session().await;
    let wav = tone(8_000, 1, 0.2, 440.0, 0.5);
    let (content_type, body) = form(Some(("take.wav", "audio/wav", &wav)), Some(&session));

    proxy.stall();
    let upload = app.send(reqwest::Method::POST, "/api/upload", &content_type, body.clone());
    let (answer, took) = timed(upload).await;
    assert_unavailable("s3 stalled: POST /api/upload", &answer, took, "s3");
    assert_eq!(
        app.row_count("uploads").await,
        0,
        "no record of a file that is not stored"
    );

    proxy.thaw();
    let (status, created) = eventually(201, || {
        app.send(reqwest::Method::POST, "/api/upload", &content_type, body.clone())
    })
    .await;
    assert_eq!(status, 201, "{created}");
}

#[tokio::test]
async fn throttling_answers_503_with_retry_after_instead_of_a_500() {
    let app = TestApp::builder()
        .dynamodb_at(&throttling(Throttling::DynamoDb).await)
        .spawn()
        .await;
    let started = Instant::now();
    let response = app
        .client
        .get(app.url("/api/presence?roomId=busy"))
        .send()
        .await
        .unwrap();
    let took = started.elapsed();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "1");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "throttled", "{body}");
    assert!(took < BOUND, "{took:?}");
    println!("dynamodb throttling: 503 throttled in {took:.2?}");

    let app = TestApp::builder()
        .s3_at(&throttling(Throttling::S3).await)
        .spawn()
        .await;
    let session = app.new_session().await;
    let wav = tone(8_000, 1, 0.2, 440.0, 0.5);
    let (content_type, body) = form(Some(("take.wav", "audio/wav", &wav)), Some(&session));
    let (answer, took) = timed(app.send(reqwest::Method::POST, "/api/upload", &content_type, body)).await;
    assert_eq!(
        (answer.0, answer.1["error"]["code"].as_str()),
        (503, Some("throttled")),
        "{}",
        answer.1
    );
    assert!(took < BOUND, "{took:?}");
    assert_eq!(app.row_count("uploads").await, 0);
    println!("s3 throttling: 503 throttled in {took:.2?}");
}
