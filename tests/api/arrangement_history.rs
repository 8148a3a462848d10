//! The arrangement's history: every version read back as it was answered then
//! (`GET /api/arrangement?version=`), the change log in pages (`&changes`), named
//! snapshots, and a revert that makes a new version equal to an old one.

use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;
use studio_tests::TestApp;
use studio_tests::wav::tone;

async fn upload(app: &TestApp, session: &str, name: &str) -> String {
    app.upload_wav(session, name, &tone(48_000, 1, 0.5, 440.0, 0.5), None)
        .await
}

async fn edit(app: &TestApp, session: &str, base: u64, operations: Value) -> (u16, Value) {
    let body = json!({ "sessionId": session, "baseVersion": base, "operations": operations });
    app.send_json(Method::POST, "/api/arrangement", &body).await
}

async fn accepted(app: &TestApp, session: &str, base: u64, operations: Value) -> Value {
    let (status, answer) = edit(app, session, base, operations).await;
    assert_eq!(status, 200, "{answer}");
    answer
}

/// The document without what a new version changes by itself (its number and the
/// versions that last changed each part).
fn content(doc: &Value) -> Value {
    let mut doc = doc.clone();
    doc.as_object_mut().unwrap().remove("version");
    for track in doc["tracks"].as_array_mut().unwrap() {
        track.as_object_mut().unwrap().remove("changedIn");
        for clip in track["clips"].as_array_mut().unwrap() {
            clip.as_object_mut().unwrap().remove("changedIn");
        }
    }
    doc
}

fn versions(page: &Value) -> Vec<u64> {
    page["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["version"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn every_version_reads_back_as_it_was_answered_then_even_after_its_upload_is_deleted() {
    let app = TestApp::builder().media().realtime().spawn().await;
    let session = app.new_session().await;
    let take = upload(&app, &session, "take.wav").await;
    let at_1 = app.arrangement(&format!("sessionId={session}")).await;
    assert_eq!(at_1["version"], 1);
    let clip = at_1["tracks"][0]["clips"][0]["id"].clone();
    accepted(
        &app,
        &session,
        1,
        json!([{ "op": "moveClip", "clipId": clip, "start": 48000 }]),
    )
    .await;
    let at_2 = app.arrangement(&format!("sessionId={session}")).await;
    accepted(
        &app,
        &session,
        2,
        json!([{ "op": "setTempo", "bpm": 90 }, { "op": "addTrack", "name": "Empty" }]),
    )
    .await;
    upload(&app, &session, "second.wav").await;

    assert_eq!(
        app.arrangement(&format!("sessionId={session}&version=1")).await,
        at_1
    );
    assert_eq!(
        app.arrangement(&format!("sessionId={session}&version=2")).await,
        at_2
    );
    let now = app.arrangement(&format!("sessionId={session}")).await;
    assert_eq!(now["version"], 4);
    assert_eq!(
        app.arrangement(&format!("sessionId={session}&version=4")).await,
        now
    );
    let empty = app.arrangement(&format!("sessionId={session}&version=0")).await;
    assert_eq!((&empty["version"], &empty["tracks"]), (&json!(0), &json!([])));

    // The upload goes; the old version still reads, its clip as it was.
    let (status, _) = app
        .send_json(Method::DELETE, &format!("/api/upload?id={take}"), &Value::Null)
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        app.arrangement(&format!("sessionId={session}&version=2")).await,
        at_2
    );

    let (status, refused) = app
        .get(&format!("/api/arrangement?sessionId={session}&version=99"))
        .await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (404, Some("unknown_version"))
    );
    let (status, refused) = app
        .get(&format!("/api/arrangement?sessionId={session}&version=-1"))
        .await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (400, Some("invalid_version"))
    );
}

#[tokio::test]
async fn the_change_log_pages_newest_first_and_after_a_version_oldest_first() {
    let app = TestApp::builder().media().realtime().spawn().await;
    let session = app.new_session().await;
    upload(&app, &session, "take.wav").await;
    for (base, bpm) in (1..6).zip([90, 100, 110, 120, 130]) {
        let answer = accepted(&app, &session, base, json!([{ "op": "setTempo", "bpm": bpm }])).await;
        assert_eq!(answer["version"], base + 1);
    }
    let base = format!("/api/arrangement?sessionId={session}&changes=1");

    let (status, newest) = app.get(&format!("{base}&limit=2")).await;
    assert_eq!(status, 200, "{newest}");
    assert_eq!((versions(&newest), &newest["more"]), (vec![6, 5], &json!(true)));
    let (_, older) = app.get(&format!("{base}&limit=2&before=5")).await;
    assert_eq!(versions(&older), vec![4, 3]);
    let (_, oldest) = app.get(&format!("{base}&limit=2&before=3")).await;
    assert_eq!((versions(&oldest), &oldest["more"]), (vec![2, 1], &json!(false)));

    let (_, caught_up) = app.get(&format!("{base}&after=3&limit=2")).await;
    assert_eq!(
        (versions(&caught_up), &caught_up["more"]),
        (vec![4, 5], &json!(true))
    );
    let (_, last) = app.get(&format!("{base}&after=5")).await;
    assert_eq!((versions(&last), &last["more"]), (vec![6], &json!(false)));

    let entry = &newest["changes"][0];
    assert_eq!(entry["operations"][0]["op"], "setTempo");
    assert_eq!(entry["operations"][0]["bpm"].as_f64(), Some(130.0));
    assert!(entry["at"].is_string(), "{entry}");
    let arrival = &oldest["changes"][1];
    assert_eq!(arrival["by"], json!({ "memberId": null, "displayName": null }));
    assert_eq!(arrival["operations"][0]["op"], "addTrack");

    for bad in [
        "limit=0",
        "limit=101",
        "limit=x",
        "after=-1",
        "before=1.5",
        "after=1&before=3",
    ] {
        let (status, refused) = app.get(&format!("{base}&{bad}")).await;
        assert_eq!(
            (status, refused["error"]["code"].as_str()),
            (400, Some("invalid_paging")),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn a_revert_makes_a_new_version_equal_to_the_old_one_and_the_room_hears_it() {
    let app = TestApp::builder().media().realtime().spawn().await;
    let session = app.new_session().await;
    upload(&app, &session, "a.wav").await;
    let named = accepted(
        &app,
        &session,
        1,
        json!([{ "op": "snapshot", "name": " Chorus idea " }]),
    )
    .await;
    assert_eq!(named["version"], 2);
    let chorus = app.arrangement(&format!("sessionId={session}")).await;
    let clip = chorus["tracks"][0]["clips"][0]["id"].clone();
    accepted(
        &app,
        &session,
        2,
        json!([
            { "op": "moveClip", "clipId": clip, "start": 96000 },
            { "op": "setMasterGain", "gainDb": -6 },
            { "op": "addTrack", "name": "Later" },
        ]),
    )
    .await;
    upload(&app, &session, "b.wav").await;

    let mut listener = app.join(&session, "lee").await;
    let reverted = accepted(&app, &session, 4, json!([{ "op": "revert", "toVersion": 2 }])).await;
    assert_eq!(
        (&reverted["version"], &reverted["rebased"]),
        (&json!(5), &json!(false))
    );
    let told = listener.expect("arrangement.changed").await;
    assert_eq!(
        (&told["version"], &told["operations"]),
        (&json!(5), &reverted["operations"])
    );
    assert!(
        listener.try_next_json(Duration::from_millis(300)).await.is_none(),
        "told once"
    );

    let now = app.arrangement(&format!("sessionId={session}")).await;
    assert_eq!(now["version"], 5);
    assert_eq!(content(&now), content(&chorus));
    assert_eq!(
        app.arrangement(&format!("sessionId={session}&version=5")).await,
        now
    );

    let (_, snapshots) = app
        .get(&format!(
            "/api/arrangement?sessionId={session}&changes=1&snapshots=1"
        ))
        .await;
    assert_eq!(versions(&snapshots), vec![2]);
    assert_eq!(snapshots["changes"][0]["snapshot"], "Chorus idea");
}

#[tokio::test]
async fn a_revert_against_a_stale_base_is_a_conflict_that_writes_nothing() {
    let app = TestApp::builder().media().realtime().spawn().await;
    let session = app.new_session().await;
    upload(&app, &session, "a.wav").await;
    accepted(&app, &session, 1, json!([{ "op": "setTempo", "bpm": 90 }])).await;
    accepted(
        &app,
        &session,
        2,
        json!([{ "op": "setMasterGain", "gainDb": -3 }]),
    )
    .await;
    let before = app.arrangement(&format!("sessionId={session}")).await;
    let changes = app.row_count("arrangement_changes").await;

    // Made against version 2, the arrangement is at 3: a revert touches everything.
    let (status, refused) = edit(&app, &session, 2, json!([{ "op": "revert", "toVersion": 1 }])).await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (409, Some("edit_conflict")),
        "{refused}"
    );
    assert_eq!(refused["currentVersion"], 3);
    assert_eq!(app.arrangement(&format!("sessionId={session}")).await, before);
    assert_eq!(app.row_count("arrangement_changes").await, changes);

    let (status, refused) = edit(&app, &session, 3, json!([{ "op": "revert", "toVersion": 9 }])).await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (422, Some("unknown_version"))
    );
    let (status, refused) = edit(
        &app,
        &session,
        3,
        json!([{ "op": "revert", "toVersion": 1 }, { "op": "setTempo", "bpm": 100 }]),
    )
    .await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (400, Some("invalid_operations"))
    );
    assert_eq!(app.row_count("arrangement_changes").await, changes);
}

#[tokio::test]
async fn a_revert_leaves_out_the_clips_of_deleted_uploads_and_says_which() {
    let app = TestApp::builder().media().realtime().spawn().await;
    let session = app.new_session().await;
    let gone = upload(&app, &session, "gone.wav").await;
    upload(&app, &session, "kept.wav").await;
    let at_2 = app.arrangement(&format!("sessionId={session}")).await;
    let gone_clip = at_2["tracks"][0]["clips"][0]["id"].clone();
    let (status, _) = app
        .send_json(Method::DELETE, &format!("/api/upload?id={gone}"), &Value::Null)
        .await;
    assert_eq!(status, 200);
    accepted(&app, &session, 2, json!([{ "op": "setTempo", "bpm": 80 }])).await;

    let reverted = accepted(&app, &session, 3, json!([{ "op": "revert", "toVersion": 2 }])).await;
    assert_eq!(reverted["operations"][0]["leftOut"], json!([gone_clip]));
    let now = app.arrangement(&format!("sessionId={session}")).await;
    assert_eq!(now["tracks"][0]["clips"], json!([]), "the track stays, empty");
    assert_eq!(now["tracks"][1]["clips"][0], {
        let mut kept = at_2["tracks"][1]["clips"][0].clone();
        kept["changedIn"] = json!(4);
        kept
    });
    assert_eq!(now["tempo"], 120.0);
}
