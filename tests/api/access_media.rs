//! Media in invite mode: a member reads, exports and deletes only its own session's
//! uploads and exports, and an idempotency key is its own.

use reqwest::Method;
use serde_json::{Value, json};
use studio_tests::TestApp;
use studio_tests::invites::{Hosted, test_tokens};
use studio_tests::wav::{form, tone};

async fn media_app() -> TestApp {
    TestApp::builder().media().invite(test_tokens()).spawn().await
}

/// A multipart upload as `token`'s holder, naming `session` (or none).
async fn upload_as(app: &TestApp, token: &str, session: Option<&str>, key: Option<&str>) -> (u16, Value) {
    let wav = tone(8_000, 1, 0.2, 440.0, 0.4);
    let (content_type, body) = form(Some(("take.wav", "audio/wav", &wav)), session);
    let mut request = app
        .client
        .post(app.url("/api/upload"))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body);
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    studio_tests::app::read(request.send().await.unwrap()).await
}

async fn two_sessions(app: &TestApp) -> (Hosted, Hosted) {
    (app.host_session().await, app.host_session().await)
}

#[tokio::test]
async fn an_upload_without_a_session_belongs_to_the_members_own() {
    let app = media_app().await;
    let ours = app.host_session().await;
    let (status, body) = upload_as(&app, &ours.host_token, None, None).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["metadata"]["sessionId"], ours.session.as_str());
}

#[tokio::test]
async fn another_sessions_uploads_cannot_be_listed_read_deleted_or_added_to() {
    let app = media_app().await;
    let (ours, theirs) = two_sessions(&app).await;
    let (_, upload) = upload_as(&app, &ours.host_token, Some(&ours.session), None).await;
    let id = upload["id"].as_str().unwrap();
    let refusals = [
        (Method::GET, format!("/api/upload?id={id}")),
        (Method::GET, format!("/api/upload?sessionId={}", ours.session)),
        (Method::DELETE, format!("/api/upload?id={id}")),
    ];
    for (method, path) in refusals {
        let (status, body) = app
            .send_as(&theirs.host_token, method.clone(), &path, &Value::Null)
            .await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (403, Some("other_session")),
            "{method} {path}"
        );
    }
    let (status, body) = upload_as(&app, &theirs.host_token, Some(&ours.session), None).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("other_session"))
    );
    let (status, listed) = app
        .send_as(
            &ours.host_token,
            Method::GET,
            &format!("/api/upload?sessionId={}", ours.session),
            &Value::Null,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(listed["uploads"].as_array().unwrap().len(), 1, "{listed}");
}

#[tokio::test]
async fn another_sessions_mix_cannot_be_rendered_read_or_deleted() {
    let app = media_app().await;
    let (ours, theirs) = two_sessions(&app).await;
    upload_as(&app, &ours.host_token, Some(&ours.session), None).await;
    let export = json!({ "sessionId": ours.session });
    let (status, body) = app
        .send_as(&theirs.host_token, Method::POST, "/api/export", &export)
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("other_session"))
    );
    let (status, made) = app
        .send_as(&ours.host_token, Method::POST, "/api/export", &export)
        .await;
    assert_eq!(status, 201, "{made}");
    let path = format!("/api/export?id={}", made["exportId"].as_str().unwrap());
    for method in [Method::GET, Method::DELETE] {
        let (status, _) = app.send_as(&theirs.host_token, method, &path, &Value::Null).await;
        assert_eq!(status, 403);
    }
    assert_eq!(
        app.send_as(&ours.host_token, Method::GET, &path, &Value::Null)
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn another_sessions_exports_cannot_be_listed() {
    let app = media_app().await;
    let (ours, theirs) = two_sessions(&app).await;
    upload_as(&app, &ours.host_token, Some(&ours.session), None).await;
    let export = json!({ "sessionId": ours.session });
    let (status, _) = app
        .send_as(&ours.host_token, Method::POST, "/api/export", &export)
        .await;
    assert_eq!(status, 201);
    let path = format!("/api/export?sessionId={}", ours.session);
    let (status, body) = app
        .send_as(&theirs.host_token, Method::GET, &path, &Value::Null)
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("other_session"))
    );
    let (status, listed) = app
        .send_as(&ours.host_token, Method::GET, &path, &Value::Null)
        .await;
    assert_eq!(status, 200, "{listed}");
    assert_eq!(listed["exports"].as_array().unwrap().len(), 1, "{listed}");
}

#[tokio::test]
async fn another_members_idempotency_key_replays_nothing_to_them() {
    let app = media_app().await;
    let hosted = app.host_session().await;
    let guest = app.join_with(&hosted.invite, "Gus").await;
    let key = uuid::Uuid::new_v4().to_string();
    let (first, body) = upload_as(&app, &hosted.host_token, None, Some(&key)).await;
    assert_eq!(first, 201, "{body}");
    let (status, again) = upload_as(&app, &hosted.host_token, None, Some(&key)).await;
    assert_eq!(
        (status, &again["id"]),
        (201, &body["id"]),
        "the host's own retry is replayed"
    );
    let (status, theirs) = upload_as(&app, &guest.token, None, Some(&key)).await;
    assert_eq!(
        (status, theirs["error"]["code"].as_str()),
        (422, Some("idempotency_key_reused"))
    );
}
