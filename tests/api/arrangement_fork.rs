//! Forking a session (`POST /api/sessions/fork` with `forkOf`): the fork starts from a version
//! of its source under new ids, credits it, and shares its audio objects through upload
//! rows of its own; an object goes only when no upload row names it any more.

use reqwest::Method;
use serde_json::{Value, json};
use studio::media::{SweepPolicy, sweep};
use studio_tests::TestApp;
use studio_tests::invites::test_tokens;
use studio_tests::wav::tone;

async fn upload(app: &TestApp, session: &str, name: &str, token: Option<&str>) -> String {
    app.upload_wav(session, name, &tone(48_000, 1, 0.5, 440.0, 0.5), token)
        .await
}

async fn fork(app: &TestApp, body: Value) -> (u16, Value) {
    app.send_json(Method::POST, "/api/sessions/fork", &body).await
}

/// The document without its ids and versions: what a fork keeps of its source.
fn content(doc: &Value) -> Value {
    let mut doc = doc.clone();
    let top = doc.as_object_mut().unwrap();
    top.remove("version");
    top.remove("sessionId");
    for track in doc["tracks"].as_array_mut().unwrap() {
        for field in ["id", "changedIn"] {
            track.as_object_mut().unwrap().remove(field);
        }
        for clip in track["clips"].as_array_mut().unwrap() {
            for field in ["id", "changedIn", "uploadId"] {
                clip.as_object_mut().unwrap().remove(field);
            }
        }
    }
    doc
}

fn upload_ids(doc: &Value) -> Vec<String> {
    doc["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["clips"].as_array().unwrap().iter())
        .map(|c| c["uploadId"].as_str().unwrap().to_owned())
        .collect()
}

/// The status of downloading the upload's audio through the URL the studio hands out.
async fn download(app: &TestApp, upload: &str) -> u16 {
    let (status, answer) = app.get(&format!("/api/upload?id={upload}")).await;
    if status != 200 {
        return status;
    }
    let url = answer["url"].as_str().expect("a ready upload has a URL");
    app.client.get(url).send().await.unwrap().status().as_u16()
}

async fn delete_upload(app: &TestApp, upload: &str) {
    let (status, body) = app
        .send_json(Method::DELETE, &format!("/api/upload?id={upload}"), &Value::Null)
        .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn a_fork_starts_from_the_source_version_shares_its_objects_and_credits_its_origin() {
    let app = TestApp::builder().media().realtime().spawn().await;
    let source = app.new_session().await;
    let (a, b) = (
        upload(&app, &source, "a.wav", None).await,
        upload(&app, &source, "b.wav", None).await,
    );
    let at_2 = app.arrangement(&format!("sessionId={source}")).await;
    let clip = at_2["tracks"][0]["clips"][0]["id"].clone();
    let body = json!({ "sessionId": source, "baseVersion": 2, "operations": [
        { "op": "moveClip", "clipId": clip, "start": 24000 }, { "op": "setTempo", "bpm": 140 },
    ] });
    let (status, _) = app.send_json(Method::POST, "/api/arrangement", &body).await;
    assert_eq!(status, 200);
    let at_3 = app.arrangement(&format!("sessionId={source}")).await;
    let track_b = at_3["tracks"][1]["id"].clone();
    let body = json!({ "sessionId": source, "baseVersion": 3, "operations": [{ "op": "removeTrack", "trackId": track_b }] });
    let (status, _) = app.send_json(Method::POST, "/api/arrangement", &body).await;
    assert_eq!(status, 200);
    let objects = app.object_keys().await;
    let sessions = app.session_count().await;

    let (status, made) = fork(
        &app,
        json!({ "name": "Other chorus", "forkOf": { "sessionId": source, "version": 3 } }),
    )
    .await;
    assert_eq!(status, 201, "{made}");
    let forked = made["session"]["id"].as_str().unwrap().to_owned();
    let origin = json!({ "sessionId": source, "version": 3 });
    assert_eq!(made["session"]["forkedFrom"], origin);
    assert_eq!(made["session"]["name"], "Other chorus");
    let (_, read) = app.get(&format!("/api/sessions?id={forked}")).await;
    assert_eq!(read["session"]["forkedFrom"], origin);
    assert_eq!(app.session_count().await, sessions + 1);
    assert_eq!(app.object_keys().await, objects, "no object was copied");

    let doc = app.arrangement(&format!("sessionId={forked}")).await;
    assert_eq!(doc["version"], 1, "exactly the source's tracks, no arrivals");
    assert_eq!(content(&doc), content(&at_3));
    assert_ne!(doc["tracks"][0]["id"], at_3["tracks"][0]["id"], "new ids");
    let theirs = upload_ids(&doc);
    assert!(!theirs.contains(&a) && !theirs.contains(&b), "uploads of its own");
    let keys = |session: &str| {
        let db = app.db.clone();
        let session = session.to_owned();
        async move {
            let rows = db
                .read(
                    "SELECT object_key FROM uploads WHERE session_id = $1::text::uuid ORDER BY object_key",
                    &[&session],
                )
                .await
                .unwrap();
            rows.iter().map(|r| r.get::<_, String>(0)).collect::<Vec<_>>()
        }
    };
    assert_eq!(keys(&forked).await, keys(&source).await);

    // Deleting the source's upload keeps the fork's audio, and the other way round.
    let (fork_a, fork_b) = (theirs[0].clone(), theirs[1].clone());
    delete_upload(&app, &a).await;
    assert_eq!(download(&app, &fork_a).await, 200);
    delete_upload(&app, &fork_b).await;
    assert_eq!(download(&app, &b).await, 200);
    assert_eq!(app.object_keys().await, objects);
    // The last row naming an object takes it.
    delete_upload(&app, &fork_a).await;
    assert_eq!(app.object_keys().await.len(), objects.len() - 1);
    assert_eq!(download(&app, &b).await, 200);
}

#[tokio::test]
async fn a_fork_without_a_version_starts_from_the_current_one_and_bad_origins_are_refused() {
    let app = TestApp::builder().media().realtime().spawn().await;
    let source = app.new_session().await;
    upload(&app, &source, "a.wav", None).await;
    let current = app.arrangement(&format!("sessionId={source}")).await;
    let sessions = app.session_count().await;

    let (status, made) = fork(&app, json!({ "forkOf": { "sessionId": source } })).await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(
        made["session"]["forkedFrom"],
        json!({ "sessionId": source, "version": 1 })
    );
    assert_eq!(made["session"]["name"], "Untitled session");
    let forked = made["session"]["id"].as_str().unwrap();
    let doc = app.arrangement(&format!("sessionId={forked}")).await;
    assert_eq!(content(&doc), content(&current));
    let (_, log) = app
        .get(&format!("/api/arrangement?sessionId={forked}&changes=1"))
        .await;
    assert_eq!(log["changes"][0]["operations"][0]["op"], "fork");

    let unknown = uuid::Uuid::new_v4().to_string();
    for (body, status, code) in [
        (
            json!({ "forkOf": { "sessionId": source, "version": 7 } }),
            422,
            "unknown_version",
        ),
        (json!({ "forkOf": { "sessionId": unknown } }), 404, "not_found"),
        (
            json!({ "forkOf": { "sessionId": "nope" } }),
            400,
            "invalid_fork_of",
        ),
        (
            json!({ "forkOf": { "sessionId": source, "version": -1 } }),
            400,
            "invalid_fork_of",
        ),
        (json!({ "forkOf": "yes" }), 400, "invalid_fork_of"),
        (json!({ "name": "no origin" }), 400, "invalid_fork_of"),
    ] {
        let (got, refused) = fork(&app, body.clone()).await;
        assert_eq!(
            (got, refused["error"]["code"].as_str()),
            (status, Some(code)),
            "{body}"
        );
    }
    assert_eq!(
        app.session_count().await,
        sessions + 1,
        "a refusal writes nothing"
    );
}

#[tokio::test]
async fn in_invite_mode_only_a_member_of_the_source_forks_it_and_becomes_the_forks_host() {
    let app = TestApp::builder()
        .media()
        .realtime()
        .invite(test_tokens())
        .spawn()
        .await;
    let (ours, theirs) = (app.host_session().await, app.host_session().await);
    upload(&app, &ours.session, "a.wav", Some(&ours.host_token)).await;
    let guest = app.join_with(&ours.invite, "Gus").await;
    let sessions = app.session_count().await;
    let body = json!({ "name": "Gus's take", "hostName": "Gus", "forkOf": { "sessionId": ours.session } });

    let (status, refused) = app.send_as("", Method::POST, "/api/sessions/fork", &body).await;
    assert_eq!(status, 401, "the authorizer wants a member token: {refused}");
    let (status, refused) = app
        .send_as(&theirs.host_token, Method::POST, "/api/sessions/fork", &body)
        .await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (403, Some("other_session"))
    );
    assert_eq!(app.session_count().await, sessions, "a refusal writes nothing");

    let (status, made) = app
        .send_as(&guest.token, Method::POST, "/api/sessions/fork", &body)
        .await;
    assert_eq!(status, 201, "{made}");
    let forked = made["session"]["id"].as_str().unwrap();
    assert_eq!(made["host"]["displayName"], "Gus");
    assert_eq!(made["host"]["sessionId"], forked);
    assert!(made["invite"]["token"].is_string(), "{made}");
    let token = made["host"]["token"].as_str().unwrap();
    // Removed by the host, the guest's token forks nothing more.
    let removal = json!({ "sessionId": ours.session, "memberId": guest.member_id, "ban": false });
    let (status, answer) = app
        .send_as(
            &ours.host_token,
            Method::POST,
            "/api/sessions/members/remove",
            &removal,
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    let before = app.session_count().await;
    let (status, refused) = app
        .send_as(&guest.token, Method::POST, "/api/sessions/fork", &body)
        .await;
    assert!(
        matches!(status, 401 | 403),
        "a removed member forked: {status} {refused}"
    );
    assert_eq!(app.session_count().await, before, "the refusal wrote nothing");
    let (status, doc) = app
        .send_as(token, Method::GET, "/api/arrangement", &Value::Null)
        .await;
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["tracks"].as_array().unwrap().len(), 1);
    let (_, log) = app
        .send_as(token, Method::GET, "/api/arrangement?changes=1", &Value::Null)
        .await;
    assert_eq!(log["changes"][0]["by"]["displayName"], "Gus");
}

#[tokio::test]
async fn the_sweep_keeps_an_object_a_fork_still_names() {
    let app = TestApp::builder().media().realtime().spawn().await;
    let media = app.clients.media.clone().unwrap();
    let keys = app.clients.keys.clone().unwrap();
    let source = app.new_session().await;
    let stale = upload(&app, &source, "a.wav", None).await;
    let (status, made) = fork(&app, json!({ "forkOf": { "sessionId": source } })).await;
    assert_eq!(status, 201, "{made}");
    let forked = made["session"]["id"].as_str().unwrap().to_owned();
    let doc = app.arrangement(&format!("sessionId={forked}")).await;
    let fork_upload = upload_ids(&doc)[0].clone();
    // The source's row loses its session: the sweep removes such rows after a week.
    app.db
        .execute(
            "DELETE FROM arrangement_clips WHERE upload_id = $1::text::uuid",
            &[&stale],
        )
        .await
        .unwrap();
    app.db
        .execute(
            "UPDATE uploads SET session_id = NULL WHERE id = $1::text::uuid",
            &[&stale],
        )
        .await
        .unwrap();
    let objects = app.object_keys().await;

    let later = chrono::Utc::now() + chrono::Duration::days(40);
    let report = sweep(&media, &*keys, later, SweepPolicy::DEFAULT).await.unwrap();
    assert_eq!(
        (report.stale_uploads, report.orphaned_objects),
        (1, 0),
        "{report:?}"
    );
    assert_eq!(app.object_keys().await, objects, "the fork still names it");
    assert_eq!(download(&app, &fork_upload).await, 200);
}
