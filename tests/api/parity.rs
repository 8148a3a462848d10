//! The FastAPI parity routes over the same store as `/api`.

use serde_json::json;
use studio_tests::TestApp;

#[tokio::test]
async fn healthz_answers_ok() {
    let app = TestApp::builder().spawn().await;
    assert_eq!(app.get("/healthz").await, (200, json!({ "ok": true })));
}

#[tokio::test]
async fn a_v1_session_is_visible_through_api_and_back() {
    let app = TestApp::builder().spawn().await;
    let (status, body) = app.post_json("/v1/sessions", r#"{"name":"Parity"}"#).await;
    assert_eq!(status, 200, "{body}");
    app.post_json("/api/sessions", r#"{"name":"Web"}"#).await;
    let (_, v1) = app.get("/v1/sessions").await;
    let (_, api) = app.get("/api/sessions").await;
    assert_eq!(v1["sessions"], api["sessions"]);
    assert_eq!(v1["sessions"][1]["name"], "Parity");
}

#[tokio::test]
async fn a_v1_create_without_a_name_is_422_with_fastapis_detail() {
    let app = TestApp::builder().spawn().await;
    let (status, body) = app.post_json("/v1/sessions", "{}").await;
    assert_eq!(status, 422);
    assert_eq!(body["detail"][0]["loc"], json!(["body", "name"]));
    assert_eq!(body["detail"][0]["type"], "missing");
    assert_eq!(body["detail"][0]["msg"], "Field required");
    assert_eq!(app.session_count().await, 0);
}

#[tokio::test]
async fn v1_validation_covers_type_length_and_json() {
    let app = TestApp::builder().spawn().await;
    let cases = [
        (r#"{"name":1}"#, "string_type"),
        (r#"{"name":""}"#, "string_too_short"),
        (&format!(r#"{{"name":"{}"}}"#, "x".repeat(121)), "string_too_long"),
        ("{not json", "json_invalid"),
        ("[]", "model_attributes_type"),
    ];
    for (body, kind) in cases {
        let (status, answer) = app.post_json("/v1/sessions", body).await;
        assert_eq!(status, 422, "{body}: {answer}");
        assert_eq!(answer["detail"][0]["type"], kind, "{body}");
    }
    assert_eq!(app.session_count().await, 0);
}
