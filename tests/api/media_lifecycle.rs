//! Media that leaves nothing behind, on SeaweedFS: uploads paged like sessions, deletes
//! of uploads and exports, idempotent creates, and the sweep (the "media-sweep"
//! function's entry point) run against the test's bucket and database.

use serde_json::{Value, json};
use std::time::Duration;
use studio::media::{SweepPolicy, sweep};
use studio_tests::TestApp;
use studio_tests::wav::{form, tone};

async fn upload(app: &TestApp, session: Option<&str>) -> String {
    let wav = tone(8_000, 1, 0.1, 440.0, 0.5);
    let (content_type, body) = form(Some(("take.wav", "audio/wav", &wav)), session);
    let (status, created) = app
        .send(reqwest::Method::POST, "/api/upload", &content_type, body)
        .await;
    assert_eq!(status, 201, "{created}");
    created["id"].as_str().unwrap().to_owned()
}

async fn delete(app: &TestApp, path: &str) -> (u16, Value) {
    app.send(reqwest::Method::DELETE, path, "application/json", Vec::new())
        .await
}

#[tokio::test]
async fn a_sessions_uploads_are_paged_oldest_first_with_a_cursor() {
    let app = TestApp::builder().media().spawn().await;
    let session = app.new_session().await;
    let mut made = Vec::new();
    for _ in 0..5 {
        made.push(upload(&app, Some(&session)).await);
    }
    let mut seen = Vec::new();
    let mut path = format!("/api/upload?sessionId={session}&limit=2");
    let mut pages = 0;
    loop {
        let (status, page) = app.get(&path).await;
        assert_eq!(status, 200, "{page}");
        pages += 1;
        let uploads = page["uploads"].as_array().unwrap();
        assert!(uploads.len() <= 2 && uploads.iter().all(|u| u["url"].is_string()));
        seen.extend(uploads.iter().map(|u| u["id"].as_str().unwrap().to_owned()));
        let Some(cursor) = page["nextCursor"].as_str() else {
            break;
        };
        path = format!("/api/upload?sessionId={session}&limit=2&cursor={cursor}");
    }
    assert_eq!((pages, seen), (3, made));
    let (status, refused) = app.get(&format!("/api/upload?sessionId={session}&limit=0")).await;
    assert_eq!(status, 400, "{refused}");
    let (_, all) = app.get(&format!("/api/upload?sessionId={session}")).await;
    assert_eq!(
        all["uploads"].as_array().unwrap().len(),
        5,
        "the default page holds them"
    );
}

#[tokio::test]
async fn deleting_an_upload_or_an_export_removes_its_row_and_its_object() {
    let app = TestApp::builder().media().spawn().await;
    let session = app.new_session().await;
    let kept = upload(&app, Some(&session)).await;
    let dropped = upload(&app, Some(&session)).await;
    let (status, gone) = delete(&app, &format!("/api/upload?id={dropped}")).await;
    assert_eq!(status, 200, "{gone}");
    assert_eq!(delete(&app, &format!("/api/upload?id={dropped}")).await.0, 404);
    assert_eq!(app.get(&format!("/api/upload?id={dropped}")).await.0, 404);
    let keys = app.object_keys().await;
    assert!(keys.len() == 1 && keys[0].contains(&kept), "{keys:?}");

    let (status, made) = app
        .post_json("/api/export", &json!({ "sessionId": session }).to_string())
        .await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["export"]["trackCount"], 1, "the deleted upload is not mixed");
    let id = made["exportId"].as_str().unwrap();
    assert_eq!(delete(&app, &format!("/api/export?id={id}")).await.0, 200);
    assert_eq!(app.get(&format!("/api/export?id={id}")).await.0, 404);
    assert_eq!(delete(&app, &format!("/api/export?id={id}")).await.0, 404);
    assert_eq!(app.row_count("exports").await, 0);
    assert!(app.object_keys().await.iter().all(|k| !k.starts_with("exports/")));
    assert_eq!(delete(&app, "/api/upload?id=not-a-uuid").await.0, 400);
}

#[tokio::test]
async fn a_create_retried_with_its_idempotency_key_gets_the_first_answer_and_does_nothing_twice() {
    let app = TestApp::builder().media().spawn().await;
    let body = json!({ "name": "Once" }).to_string().into_bytes();
    let first = app
        .post_once("/api/sessions", "s-1", "application/json", body.clone())
        .await;
    let again = app
        .post_once("/api/sessions", "s-1", "application/json", body)
        .await;
    assert_eq!((first.0, first.1), (201, false));
    assert_eq!((again.0, again.1), (201, true));
    assert_eq!(first.2, again.2);
    assert_eq!(app.session_count().await, 1);
    let session = first.2["session"]["id"].as_str().unwrap().to_owned();

    let wav = tone(8_000, 1, 0.1, 440.0, 0.5);
    let (content_type, form_body) = form(Some(("take.wav", "audio/wav", &wav)), Some(&session));
    let first = app
        .post_once("/api/upload", "u-1", &content_type, form_body.clone())
        .await;
    let again = app
        .post_once("/api/upload", "u-1", &content_type, form_body)
        .await;
    assert_eq!((first.0, again.0, again.1), (201, 201, true), "{}", again.2);
    assert_eq!(first.2["id"], again.2["id"]);
    assert_eq!(app.row_count("uploads").await, 1, "the track is not added twice");

    let export = json!({ "sessionId": session }).to_string().into_bytes();
    let first = app
        .post_once("/api/export", "e-1", "application/json", export.clone())
        .await;
    let again = app
        .post_once("/api/export", "e-1", "application/json", export)
        .await;
    assert_eq!((first.0, again.0), (201, 201));
    assert_eq!(first.2["exportId"], again.2["exportId"]);
    assert_eq!(app.row_count("exports").await, 1);

    let other = json!({ "name": "Another" }).to_string().into_bytes();
    let (status, _, refused) = app
        .post_once("/api/sessions", "s-1", "application/json", other)
        .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["code"], "idempotency_key_reused");
    let (status, _, refused) = app
        .post_once("/api/sessions", "bad key", "application/json", b"{}".to_vec())
        .await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (400, Some("invalid_idempotency_key"))
    );
    assert_eq!(app.session_count().await, 1);
}

#[tokio::test]
async fn the_sweep_removes_stale_rows_expired_exports_and_orphans_and_keeps_the_rest() {
    let app = TestApp::builder().media().spawn().await;
    let media = app.clients.media.clone().unwrap();
    let keys = app.clients.keys.clone().unwrap();
    let once = json!({ "name": "Once" }).to_string().into_bytes();
    let (status, _, _) = app
        .post_once("/api/sessions", "k-1", "application/json", once)
        .await;
    assert_eq!(status, 201);
    let session = app.new_session().await;
    let kept = upload(&app, Some(&session)).await;
    let ticket = json!({ "filename": "never.wav", "contentType": "audio/wav", "size": 100 });
    let (status, _) = app.post_json("/api/upload", &ticket.to_string()).await;
    assert_eq!(status, 201);
    let (status, _) = app
        .post_json("/api/export", &json!({ "sessionId": session }).to_string())
        .await;
    assert_eq!(status, 201);
    let doomed = app.new_session().await;
    upload(&app, Some(&doomed)).await;
    app.db
        .execute("DELETE FROM sessions WHERE id = $1::text::uuid", &[&doomed])
        .await
        .unwrap();
    let bucket = app.bucket.as_ref().unwrap();
    let orphan = bucket
        .client
        .put_object()
        .bucket(&bucket.name)
        .key("uploads/x/y/orphan");
    orphan.body(b"left behind".to_vec().into()).send().await.unwrap();

    let policy = SweepPolicy {
        batch: 2,
        ..SweepPolicy::DEFAULT
    };
    let now = chrono::Utc::now();
    let early = sweep(&media, &*keys, now, policy).await.unwrap();
    assert_eq!(
        (early.stale_uploads, early.expired_exports, early.orphaned_objects),
        (0, 0, 0)
    );
    assert_eq!(
        app.object_keys().await.len(),
        4,
        "young orphans get their grace period"
    );

    let later = now + chrono::Duration::days(40);
    let report = sweep(&media, &*keys, later, policy).await.unwrap();
    assert_eq!(
        (report.stale_uploads, report.expired_exports),
        (1, 1),
        "{report:?}"
    );
    assert_eq!(
        report.orphaned_objects, 2,
        "the deleted session's upload and the stray object"
    );
    assert!(report.complete);
    assert_eq!(
        (early.expired_idempotency_keys, report.expired_idempotency_keys),
        (0, 1)
    );
    assert_eq!(app.row_count("idempotency_keys").await, 0);
    let left = app.object_keys().await;
    assert!(left.len() == 1 && left[0].contains(&kept), "{left:?}");
    assert_eq!(
        (app.row_count("uploads").await, app.row_count("exports").await),
        (1, 0)
    );
    let idle = sweep(
        &media,
        &*keys,
        later,
        SweepPolicy {
            budget: Duration::from_secs(5),
            ..policy
        },
    )
    .await
    .unwrap();
    assert_eq!((idle.stale_uploads, idle.orphaned_objects), (0, 0));
}
