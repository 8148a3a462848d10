//! Bad input of every kind gets a 4xx JSON error and writes nothing.

use reqwest::Method;
use serde_json::Value;
use studio_tests::TestApp;

fn assert_error(status: u16, body: &Value, expected_status: u16, code: &str) {
    assert_eq!(status, expected_status, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

async fn assert_nothing_written(app: &TestApp) {
    assert_eq!(app.session_count().await, 0, "a refused request wrote a session");
}

#[tokio::test]
async fn malformed_json_is_a_400() {
    let app = TestApp::builder().spawn().await;
    for body in ["{", "{\"name\": }", "nul", "{\"name\":\"a\"} trailing"] {
        let (status, answer) = app.post_json("/api/sessions", body).await;
        assert_error(status, &answer, 400, "malformed_json");
    }
    assert_nothing_written(&app).await;
}

#[tokio::test]
async fn json_of_the_wrong_type_is_a_400() {
    let app = TestApp::builder().spawn().await;
    let (status, answer) = app.post_json("/api/sessions", "[]").await;
    assert_error(status, &answer, 400, "invalid_body");
    for body in [
        r#"{"name":7}"#,
        r#"{"name":true}"#,
        r#"{"name":["a"]}"#,
        r#"{"name":{"a":1}}"#,
    ] {
        let (status, answer) = app.post_json("/api/sessions", body).await;
        assert_error(status, &answer, 400, "invalid_name");
    }
    assert_nothing_written(&app).await;
}

#[tokio::test]
async fn empty_oversized_and_control_character_names_are_refused() {
    let app = TestApp::builder().spawn().await;
    let long = format!(r#"{{"name":"{}"}}"#, "x".repeat(121));
    for body in [
        r#"{"name":""}"#,
        r#"{"name":"   "}"#,
        long.as_str(),
        r#"{"name":"a\u0000b"}"#,
    ] {
        let (status, answer) = app.post_json("/api/sessions", body).await;
        assert_error(status, &answer, 400, "invalid_name");
    }
    assert_nothing_written(&app).await;
}

#[tokio::test]
async fn a_malformed_session_id_is_a_400_not_a_500() {
    let app = TestApp::builder().spawn().await;
    for id in [
        "nope",
        "",
        "123",
        "00000000-0000-0000-0000-00000000000Z",
        "%27%20OR%201%3D1",
    ] {
        let (status, answer) = app.get(&format!("/api/sessions?id={id}")).await;
        assert_error(status, &answer, 400, "invalid_id");
    }
}

#[tokio::test]
async fn bad_paging_parameters_are_400s() {
    let app = TestApp::builder().spawn().await;
    let (status, answer) = app.get("/api/sessions?limit=0").await;
    assert_error(status, &answer, 400, "invalid_limit");
    let (status, answer) = app.get("/api/sessions?limit=1000").await;
    assert_error(status, &answer, 400, "invalid_limit");
    let (status, answer) = app.get("/api/sessions?cursor=forged").await;
    assert_error(status, &answer, 400, "invalid_cursor");
}

#[tokio::test]
async fn an_unknown_method_on_a_known_path_is_a_405_that_names_the_allowed_ones() {
    let app = TestApp::builder().spawn().await;
    let response = app.client.delete(app.url("/api/sessions")).send().await.unwrap();
    assert_eq!(response.headers()["allow"], "GET, POST");
    let (status, answer) = studio_tests::app::read(response).await;
    assert_error(status, &answer, 405, "method_not_allowed");
    let (status, answer) = app
        .send(Method::PUT, "/v1/sessions", "application/json", b"{}".to_vec())
        .await;
    assert_eq!(status, 405, "{answer}");
    assert_nothing_written(&app).await;
}

#[tokio::test]
async fn an_unknown_path_is_a_404_json_error() {
    let app = TestApp::builder().spawn().await;
    let (status, answer) = app.get("/api/nothing-here").await;
    assert_error(status, &answer, 404, "not_found");
}

#[tokio::test]
async fn a_large_body_is_refused_by_the_function_and_a_huge_one_by_the_gateway() {
    let app = TestApp::builder().spawn().await;
    let large = format!(r#"{{"name":"{}"}}"#, "x".repeat(1024 * 1024));
    let (status, answer) = app.post_json("/api/sessions", &large).await;
    assert_error(status, &answer, 413, "payload_too_large");
    let huge = vec![b'x'; 7 * 1024 * 1024];
    let (status, answer) = app
        .send(Method::POST, "/api/sessions", "application/json", huge)
        .await;
    assert_eq!(status, 413, "{answer}");
    assert!(answer["message"].is_string(), "{answer}");
    assert_nothing_written(&app).await;
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_415() {
    let app = TestApp::builder().spawn().await;
    let (status, answer) = app
        .send(
            Method::POST,
            "/api/sessions",
            "application/xml",
            b"<name>x</name>".to_vec(),
        )
        .await;
    assert_error(status, &answer, 415, "unsupported_media_type");
    let (status, answer) = app
        .send(
            Method::POST,
            "/api/sessions",
            "application/octet-stream",
            vec![0, 159, 146, 150],
        )
        .await;
    assert_error(status, &answer, 415, "unsupported_media_type");
    assert_nothing_written(&app).await;
}

#[tokio::test]
async fn a_keep_alive_connection_serves_the_request_after_an_early_405_to_one_with_a_body() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::builder().spawn().await;
    let mut stream = tokio::net::TcpStream::connect(app.address.trim_start_matches("http://"))
        .await
        .unwrap();
    // Both requests in one write, as a client reusing the connection at once would.
    let body = "x".repeat(256 * 1024);
    let rounds = 10;
    for _ in 0..rounds {
        let refused = format!(
            "POST /healthz HTTP/1.1\r\nhost: studio\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        let next = "GET /healthz HTTP/1.1\r\nhost: studio\r\n\r\n";
        stream
            .write_all(format!("{refused}{next}").as_bytes())
            .await
            .unwrap();
    }
    let mut seen = String::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while seen.matches("HTTP/1.1 200").count() < rounds {
        let read = tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await;
        match read {
            Ok(Ok(n)) if n > 0 => seen.push_str(&String::from_utf8_lossy(&buffer[..n])),
            _ => break,
        }
    }
    assert_eq!(seen.matches("HTTP/1.1 405").count(), rounds, "{seen}");
    assert_eq!(seen.matches("HTTP/1.1 200").count(), rounds, "{seen}");
}
