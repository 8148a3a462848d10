//! The arrangement (`GET /api/arrangement`): a ready upload arrives as a track with one
//! clip at 0, once, whichever way it was uploaded; the schema refuses a clip of another
//! session's upload; invite mode shows a session's arrangement to its members only.

use reqwest::Method;
use serde_json::{Value, json};
use studio_tests::TestApp;
use studio_tests::app::put_presigned;
use studio_tests::invites::test_tokens;
use studio_tests::wav::tone;

async fn upload(app: &TestApp, session: &str, name: &str, seconds: f64) -> String {
    app.upload_wav(session, name, &tone(44_100, 1, seconds, 440.0, 0.5), None)
        .await
}

async fn arrangement(app: &TestApp, session: &str) -> Value {
    app.arrangement(&format!("sessionId={session}")).await
}

#[tokio::test]
async fn each_multipart_upload_arrives_as_a_new_last_track_with_one_clip_at_zero() {
    let app = TestApp::builder().media().spawn().await;
    let session = app.new_session().await;
    let drums = upload(&app, &session, "drums.wav", 0.25).await;
    let bass = upload(&app, &session, "bass.wav", 0.5).await;

    let body = arrangement(&app, &session).await;
    assert_eq!(body["version"], 2, "{body}");
    assert_eq!(body["sampleRate"], 48_000);
    assert_eq!(body["tempo"], 120.0);
    assert_eq!(body["timeSignature"], json!({ "beatsPerBar": 4, "beatUnit": 4 }));
    assert_eq!(body["masterGainDb"], 0.0);
    let tracks = body["tracks"].as_array().unwrap();
    let names: Vec<&str> = tracks.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["drums.wav", "bass.wav"]);
    for (track, (upload, length)) in tracks.iter().zip([(&drums, 12_000), (&bass, 24_000)]) {
        assert_eq!(
            (
                track["gainDb"].as_f64(),
                track["pan"].as_f64(),
                &track["muted"],
                &track["solo"]
            ),
            (Some(0.0), Some(0.0), &json!(false), &json!(false))
        );
        let clips = track["clips"].as_array().unwrap();
        assert_eq!(clips.len(), 1, "{track}");
        let clip = &clips[0];
        assert_eq!(clip["uploadId"], upload.as_str());
        assert_eq!(
            (clip["start"].as_u64(), clip["trimStart"].as_u64()),
            (Some(0), Some(0))
        );
        assert_eq!(clip["trimEnd"], Value::Null);
        assert_eq!(clip["length"].as_u64(), Some(length), "{clip}");
        assert_eq!(
            (&clip["startSeconds"], &clip["startBarsBeats"]),
            (&json!(0.0), &json!("1:1"))
        );
    }
    assert_eq!(app.row_count("arrangement_changes").await, 2);
}

#[tokio::test]
async fn a_presigned_upload_arrives_when_confirmed_and_only_once() {
    let app = TestApp::builder().media().spawn().await;
    let session = app.new_session().await;
    let wav = tone(48_000, 2, 0.5, 1000.0, 0.5);
    let request = json!({ "filename": "long take.wav", "contentType": "audio/wav", "size": wav.len(), "sessionId": session });
    let (status, created) = app.post_json("/api/upload", &request.to_string()).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap();
    let (status, _) = app.get(&format!("/api/upload?id={id}")).await;
    assert_eq!(status, 200);
    // Pending: not arranged yet.
    let body = arrangement(&app, &session).await;
    assert_eq!(
        (body["version"].as_u64(), body["tracks"].as_array().map(Vec::len)),
        (Some(0), Some(0))
    );

    let put = put_presigned(&created, wav).await;
    assert!((200..300).contains(&put));
    for _ in 0..2 {
        let (status, got) = app.get(&format!("/api/upload?id={id}")).await;
        assert_eq!((status, &got["metadata"]["status"]), (200, &json!("ready")));
    }
    let body = arrangement(&app, &session).await;
    assert_eq!(body["version"], 1, "{body}");
    let tracks = body["tracks"].as_array().unwrap();
    assert_eq!(tracks.len(), 1);
    assert_eq!(tracks[0]["name"], "long take.wav");
    assert_eq!(tracks[0]["clips"][0]["uploadId"], id);
    assert_eq!(tracks[0]["clips"][0]["length"], 24_000);
}

#[tokio::test]
async fn deleting_an_upload_takes_its_clip_and_leaves_its_track() {
    let app = TestApp::builder().media().spawn().await;
    let session = app.new_session().await;
    let id = upload(&app, &session, "vox.wav", 0.25).await;
    let (status, _) = app
        .send(
            Method::DELETE,
            &format!("/api/upload?id={id}"),
            "application/json",
            Vec::new(),
        )
        .await;
    assert_eq!(status, 200);
    let body = arrangement(&app, &session).await;
    assert_eq!(body["tracks"][0]["name"], "vox.wav");
    assert_eq!(body["tracks"][0]["clips"], json!([]));
}

#[tokio::test]
async fn the_schema_refuses_a_clip_of_another_sessions_upload() {
    let app = TestApp::builder().media().spawn().await;
    let (ours, theirs) = (app.new_session().await, app.new_session().await);
    upload(&app, &ours, "ours.wav", 0.1).await;
    let their_upload = upload(&app, &theirs, "theirs.wav", 0.1).await;
    let client = app.db.client().await.unwrap();
    let refused = client
        .execute(
            "INSERT INTO arrangement_clips (id, session_id, track_id, upload_id, start_sample, changed_in) \
             SELECT gen_random_uuid(), session_id, id, $1::text::uuid, 0, 1 FROM arrangement_tracks \
             WHERE session_id = $2::text::uuid",
            &[&their_upload, &ours],
        )
        .await;
    let error = refused.expect_err("a clip of another session's upload is refused");
    assert_eq!(
        error.code(),
        Some(&tokio_postgres::error::SqlState::FOREIGN_KEY_VIOLATION)
    );
    assert_eq!(app.row_count("arrangement_clips").await, 2);
}

#[tokio::test]
async fn an_arrangement_is_read_only_for_an_existing_session_named_by_a_uuid() {
    let app = TestApp::builder().spawn().await;
    let session = app.new_session().await;
    let body = arrangement(&app, &session).await;
    assert_eq!(
        (&body["sessionId"], &body["version"], &body["tracks"]),
        (&json!(session), &json!(0), &json!([]))
    );
    let refusals = [
        ("/api/arrangement", 400, "missing_session_id"),
        ("/api/arrangement?sessionId=nope", 400, "invalid_session_id"),
        (
            "/api/arrangement?sessionId=0b6f4c1e-3a2d-4f5e-9c8b-7a6d5e4f3c2b",
            404,
            "not_found",
        ),
    ];
    for (path, status, code) in refusals {
        let (got, body) = app.get(path).await;
        assert_eq!(
            (got, body["error"]["code"].as_str()),
            (status, Some(code)),
            "{path}: {body}"
        );
    }
    assert_eq!(app.row_count("arrangements").await, 0);
}

#[tokio::test]
async fn in_invite_mode_only_the_sessions_members_read_its_arrangement() {
    let app = TestApp::builder().media().invite(test_tokens()).spawn().await;
    let (ours, theirs) = (app.host_session().await, app.host_session().await);
    let guest = app.join_with(&ours.invite, "Gus").await;
    let path = format!("/api/arrangement?sessionId={}", ours.session);
    let (status, _) = app.send_as("", Method::GET, &path, &Value::Null).await;
    assert_eq!(status, 401);
    let (status, body) = app
        .send_as(&theirs.host_token, Method::GET, &path, &Value::Null)
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("other_session"))
    );
    let (status, body) = app.send_as(&guest.token, Method::GET, &path, &Value::Null).await;
    assert_eq!((status, &body["sessionId"]), (200, &json!(ours.session)));
    // Without sessionId a member reads its own session's.
    let (status, body) = app
        .send_as(&ours.host_token, Method::GET, "/api/arrangement", &Value::Null)
        .await;
    assert_eq!((status, &body["sessionId"]), (200, &json!(ours.session)));
}
