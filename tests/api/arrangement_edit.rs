//! Editing the arrangement (`POST /api/arrangement`): a batch applies atomically as the
//! next version, logged with its author and told to the room once; the rebase rule
//! refuses an edit of a target changed since its base and applies the rest; bad input
//! is refused with nothing written.

use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;
use studio_tests::TestApp;
use studio_tests::invites::test_tokens;
use studio_tests::wav::tone;

async fn upload(app: &TestApp, session: &str, name: &str, token: Option<&str>) -> String {
    app.upload_wav(session, name, &tone(48_000, 1, 0.5, 440.0, 0.5), token)
        .await
}

async fn edit(app: &TestApp, body: Value) -> (u16, Value) {
    app.send_json(Method::POST, "/api/arrangement", &body).await
}

async fn arrangement(app: &TestApp, session: &str) -> Value {
    app.arrangement(&format!("sessionId={session}")).await
}

#[tokio::test]
async fn an_accepted_batch_is_the_next_version_logged_with_its_author_and_told_to_the_room_once() {
    let app = TestApp::builder().media().realtime().spawn().await;
    let session = app.new_session().await;
    let take = upload(&app, &session, "take.wav", None).await;
    let mut listener = app.join(&session, "lee").await;
    let track = "7d0e5c1e-3a2d-4f5e-9c8b-7a6d5e4f3c2b";
    let body = json!({
        "sessionId": session, "baseVersion": 1, "memberId": "ada", "displayName": "Ada",
        "operations": [
            { "op": "addTrack", "trackId": track, "name": "Bass" },
            { "op": "setTrack", "trackId": track, "gainDb": -2.0, "pan": -0.5 },
            { "op": "addClip", "trackId": track, "uploadId": take, "start": 480000, "trimStart": 4800, "fadeIn": 480 },
            // 96 BPM in 4/4: bar 5 starts after 16 beats, 10 s, 480000 samples.
            { "op": "setTempo", "bpm": 96 },
        ],
    });
    let (status, answer) = edit(&app, body).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        (&answer["version"], &answer["rebased"]),
        (&json!(2), &json!(false))
    );
    assert_eq!(answer["by"], json!({ "memberId": "ada", "displayName": "Ada" }));
    let clip_id = answer["operations"][2]["clipId"]
        .as_str()
        .expect("the new clip's id is answered");

    let changed = listener.expect("arrangement.changed").await;
    assert_eq!(
        (&changed["version"], &changed["roomId"]),
        (&json!(2), &json!(session))
    );
    assert_eq!(changed["operations"], answer["operations"]);
    assert_eq!(changed["by"]["memberId"], "ada");
    assert!(
        listener.try_next_json(Duration::from_millis(300)).await.is_none(),
        "told once"
    );

    let doc = arrangement(&app, &session).await;
    assert_eq!((&doc["version"], &doc["tempo"]), (&json!(2), &json!(96.0)));
    let bass = &doc["tracks"][1];
    assert_eq!(
        (&bass["name"], &bass["gainDb"], &bass["pan"]),
        (&json!("Bass"), &json!(-2.0), &json!(-0.5))
    );
    let clip = &bass["clips"][0];
    assert_eq!(
        (&clip["id"], &clip["start"], &clip["trimStart"]),
        (&json!(clip_id), &json!(480000), &json!(4800))
    );
    assert_eq!(
        (&clip["length"], &clip["startBarsBeats"]),
        (&json!(24000 - 4800), &json!("5:1"))
    );
    let client = app.db.client().await.unwrap();
    let logged = client
        .query_one(
            "SELECT author_id, author_name, jsonb_array_length(operations) FROM arrangement_changes WHERE version = 2",
            &[],
        )
        .await
        .unwrap();
    let (author, name, count): (String, String, i32) = (logged.get(0), logged.get(1), logged.get(2));
    assert_eq!((author.as_str(), name.as_str(), count), ("ada", "Ada", 4));
}

#[tokio::test]
async fn an_edit_of_a_target_changed_since_its_base_is_refused_and_one_of_an_untouched_target_is_rebased() {
    let app = TestApp::builder().media().realtime().spawn().await;
    let session = app.new_session().await;
    upload(&app, &session, "a.wav", None).await;
    upload(&app, &session, "b.wav", None).await;
    let doc = arrangement(&app, &session).await;
    let clip_a = doc["tracks"][0]["clips"][0]["id"].clone();
    let track_b = doc["tracks"][1]["id"].clone();
    let base = doc["version"].as_u64().unwrap();

    let first = json!({ "sessionId": session, "baseVersion": base, "operations": [{ "op": "moveClip", "clipId": clip_a, "start": 48000 }] });
    let (status, answer) = edit(&app, first).await;
    assert_eq!((status, &answer["rebased"]), (200, &json!(false)), "{answer}");

    // Same base, same clip: refused with the current version, nothing written.
    let stale = json!({ "sessionId": session, "baseVersion": base, "operations": [
        { "op": "setTrack", "trackId": track_b, "muted": true },
        { "op": "moveClip", "clipId": clip_a, "start": 96000 },
    ] });
    let (status, refused) = edit(&app, stale).await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (409, Some("edit_conflict")),
        "{refused}"
    );
    assert_eq!(refused["currentVersion"], base + 1);
    let doc = arrangement(&app, &session).await;
    assert_eq!(
        (&doc["version"], &doc["tracks"][1]["muted"]),
        (&json!(base + 1), &json!(false))
    );
    assert_eq!(doc["tracks"][0]["clips"][0]["start"], 48000);

    // Same base, another track: applied to the newer version and said so.
    let other = json!({ "sessionId": session, "baseVersion": base, "operations": [{ "op": "setTrack", "trackId": track_b, "muted": true }] });
    let (status, answer) = edit(&app, other).await;
    assert_eq!(
        (status, &answer["version"], &answer["rebased"]),
        (200, &json!(base + 2), &json!(true)),
        "{answer}"
    );
    let doc = arrangement(&app, &session).await;
    assert_eq!(
        (&doc["tracks"][1]["muted"], &doc["tracks"][0]["clips"][0]["start"]),
        (&json!(true), &json!(48000))
    );
}

#[tokio::test]
async fn bad_edits_are_refused_with_their_code_and_write_nothing() {
    let app = TestApp::builder().media().realtime().spawn().await;
    let (ours, theirs) = (app.new_session().await, app.new_session().await);
    upload(&app, &ours, "ours.wav", None).await;
    let their_take = upload(&app, &theirs, "theirs.wav", None).await;
    let doc = arrangement(&app, &ours).await;
    let track = doc["tracks"][0]["id"].clone();
    let clip = doc["tracks"][0]["clips"][0]["id"].clone();
    let one = |op: Value| json!({ "sessionId": ours, "baseVersion": 1, "operations": [op] });
    let cases = [
        (
            one(json!({ "op": "setTrack", "trackId": track, "gainDb": 13 })),
            400,
            "invalid_gain",
        ),
        (
            one(json!({ "op": "setTrack", "trackId": track, "pan": 1.5 })),
            400,
            "invalid_pan",
        ),
        (one(json!({ "op": "setTempo", "bpm": 10 })), 400, "invalid_tempo"),
        (
            one(json!({ "op": "setTimeSignature", "beatsPerBar": 4, "beatUnit": 3 })),
            400,
            "invalid_time_signature",
        ),
        (
            one(json!({ "op": "renameTrack", "trackId": track, "name": " " })),
            400,
            "invalid_track_name",
        ),
        (
            one(json!({ "op": "moveClip", "clipId": clip, "start": -1 })),
            400,
            "invalid_time",
        ),
        (
            one(json!({ "op": "moveClip", "clipId": clip, "start": 0.5 })),
            400,
            "invalid_time",
        ),
        (
            one(json!({ "op": "trimClip", "clipId": clip, "trimStart": 4800, "trimEnd": 4800 })),
            400,
            "invalid_trim",
        ),
        (
            one(json!({ "op": "setClip", "clipId": clip, "fadeIn": 20000, "fadeOut": 20000 })),
            400,
            "invalid_fades",
        ),
        (
            one(json!({ "op": "addClip", "trackId": track, "uploadId": their_take, "start": 0 })),
            422,
            "upload_of_other_session",
        ),
        (
            one(json!({ "op": "removeClip", "clipId": "7d0e5c1e-3a2d-4f5e-9c8b-7a6d5e4f3c2b" })),
            422,
            "unknown_clip",
        ),
        (one(json!({ "op": "explode" })), 400, "invalid_body"),
        (
            json!({ "sessionId": ours, "baseVersion": 1, "operations": [] }),
            400,
            "invalid_operations",
        ),
        (
            json!({ "sessionId": ours, "baseVersion": 9, "operations": [{ "op": "setTempo", "bpm": 90 }] }),
            400,
            "invalid_base_version",
        ),
        (
            json!({ "baseVersion": 1, "operations": [{ "op": "setTempo", "bpm": 90 }] }),
            400,
            "missing_session_id",
        ),
    ];
    for (body, status, code) in cases {
        let (got, answer) = edit(&app, body.clone()).await;
        assert_eq!(
            (got, answer["error"]["code"].as_str()),
            (status, Some(code)),
            "{body}: {answer}"
        );
    }
    // A batch is all or nothing: a valid first operation is not kept when a later one fails.
    let batch = json!({ "sessionId": ours, "baseVersion": 1, "operations": [
        { "op": "setTempo", "bpm": 90 },
        { "op": "setTrack", "trackId": track, "gainDb": 40 },
    ] });
    assert_eq!(edit(&app, batch).await.0, 400);
    let after = arrangement(&app, &ours).await;
    assert_eq!(after, doc, "nothing was written");
    assert_eq!(app.row_count("arrangement_changes").await, 2);
}

#[tokio::test]
async fn in_invite_mode_only_members_edit_and_the_author_is_the_token_holder() {
    let app = TestApp::builder()
        .media()
        .realtime()
        .invite(test_tokens())
        .spawn()
        .await;
    let (ours, theirs) = (app.host_session().await, app.host_session().await);
    let guest = app.join_with(&ours.invite, "Gus").await;
    let body = json!({ "sessionId": ours.session, "baseVersion": 0, "operations": [{ "op": "setTempo", "bpm": 100 }] });
    let (status, _) = app.send_as("", Method::POST, "/api/arrangement", &body).await;
    assert_eq!(status, 401);
    let (status, refused) = app
        .send_as(&theirs.host_token, Method::POST, "/api/arrangement", &body)
        .await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (403, Some("other_session"))
    );
    let posing = json!({ "baseVersion": 0, "memberId": ours.host_id, "operations": [{ "op": "setTempo", "bpm": 100 }] });
    let (status, refused) = app
        .send_as(&guest.token, Method::POST, "/api/arrangement", &posing)
        .await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (403, Some("not_yourself"))
    );
    let (status, answer) = app
        .send_as(&guest.token, Method::POST, "/api/arrangement", &body)
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer["by"],
        json!({ "memberId": guest.member_id, "displayName": "Gus" })
    );
    assert_eq!(app.row_count("arrangement_changes").await, 1);
}
