//! Ownership in invite mode: uploads and exports remember the member who made them;
//! only that member or the session's host may delete them, and a refusal says why and
//! removes nothing.

use reqwest::Method;
use serde_json::{Value, json};
use studio_tests::TestApp;
use studio_tests::invites::test_tokens;

async fn media_app() -> TestApp {
    TestApp::builder().media().invite(test_tokens()).spawn().await
}

/// A multipart upload into the token holder's own session; its id.
async fn upload_as(app: &TestApp, token: &str) -> String {
    let (status, body) = app.upload_as(token).await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_guest_cannot_delete_the_hosts_upload_or_export_and_both_stay() {
    let app = media_app().await;
    let hosted = app.host_session().await;
    let guest = app.join_with(&hosted.invite, "Gus").await;
    let upload = upload_as(&app, &hosted.host_token).await;
    let export = app.export_as(&hosted.host_token, &hosted.session).await;
    for path in [
        format!("/api/upload?id={upload}"),
        format!("/api/export?id={export}"),
    ] {
        let (status, body) = app
            .send_as(&guest.token, Method::DELETE, &path, &Value::Null)
            .await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (403, Some("not_owner")),
            "{path}"
        );
        let (status, _) = app
            .send_as(&hosted.host_token, Method::GET, &path, &Value::Null)
            .await;
        assert_eq!(status, 200, "{path} is still there");
    }
}

#[tokio::test]
async fn a_guest_cannot_delete_another_guests_upload() {
    let app = media_app().await;
    let hosted = app.host_session().await;
    let gus = app.join_with(&hosted.invite, "Gus").await;
    let ada = app.join_with(&hosted.invite, "Ada").await;
    let upload = upload_as(&app, &ada.token).await;
    let path = format!("/api/upload?id={upload}");
    let (status, body) = app.send_as(&gus.token, Method::DELETE, &path, &Value::Null).await;
    assert_eq!((status, body["error"]["code"].as_str()), (403, Some("not_owner")));
    let (status, body) = app.send_as(&ada.token, Method::DELETE, &path, &Value::Null).await;
    assert_eq!(
        (status, &body["id"]),
        (200, &json!(upload)),
        "the owner deletes its own"
    );
}

#[tokio::test]
async fn the_host_deletes_a_guests_upload_and_export() {
    let app = media_app().await;
    let hosted = app.host_session().await;
    let guest = app.join_with(&hosted.invite, "Gus").await;
    let upload = upload_as(&app, &guest.token).await;
    let export = app.export_as(&guest.token, &hosted.session).await;
    for path in [
        format!("/api/upload?id={upload}"),
        format!("/api/export?id={export}"),
    ] {
        let (status, body) = app
            .send_as(&hosted.host_token, Method::DELETE, &path, &Value::Null)
            .await;
        assert_eq!(status, 200, "{path}: {body}");
        let (status, _) = app.send_as(&guest.token, Method::GET, &path, &Value::Null).await;
        assert_eq!(status, 404, "{path} is gone");
    }
}
