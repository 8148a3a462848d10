//! Postgres going away and coming back, through a proxy the test controls.

use std::time::Duration;
use studio_tests::TestApp;

#[tokio::test]
async fn requests_answer_503_while_postgres_is_down_and_succeed_once_it_is_back() {
    let app = TestApp::builder().behind_proxy().spawn().await;
    let proxy = app.proxy.clone().unwrap();
    let (status, _) = app.post_json("/api/sessions", r#"{"name":"before"}"#).await;
    assert_eq!(status, 201);

    proxy.cut();
    for (status, body) in [
        app.get("/api/sessions").await,
        app.post_json("/api/sessions", r#"{"name":"during"}"#).await,
        app.get("/v1/sessions").await,
    ] {
        assert_eq!(status, 503, "{body}");
        let message = body["error"]["message"]
            .as_str()
            .or(body["detail"].as_str())
            .unwrap();
        assert!(message.contains("postgres is unavailable"), "{body}");
    }
    let (status, _) = app.get("/healthz").await;
    assert_eq!(status, 200, "the probe does not depend on Postgres");

    proxy.restore().await;
    let mut last = (0, serde_json::Value::Null);
    for _ in 0..20 {
        last = app.get("/api/sessions").await;
        if last.0 == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(last.0, 200, "{}", last.1);
    let names: Vec<&str> = last.1["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["before"], "nothing was written during the outage");
    let (status, _) = app.post_json("/api/sessions", r#"{"name":"after"}"#).await;
    assert_eq!(status, 201);
}
