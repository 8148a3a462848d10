//! Comments pinned to a time in the song (`GET`/`POST /api/comments`): added, replied to,
//! resolved and reopened, each told to the room once; a comment on a clip follows the
//! clip and falls back to its time when the clip is gone; paged by seq; bad input and a
//! full quota refused with nothing written; in invite mode only the session's members,
//! a listener commenting but not resolving others' threads.

use reqwest::Method;
use serde_json::{Value, json};
use studio_tests::TestApp;
use studio_tests::invites::test_tokens;
use studio_tests::wav::tone;

async fn comment(app: &TestApp, body: Value) -> (u16, Value) {
    app.send_json(Method::POST, "/api/comments", &body).await
}

async fn comments(app: &TestApp, query: &str) -> Value {
    let (status, page) = app.get(&format!("/api/comments?{query}")).await;
    assert_eq!(status, 200, "{page}");
    page
}

/// A session with one uploaded take: its track and its clip at 0 (version 1).
async fn arranged(app: &TestApp) -> (String, String, String) {
    let session = app.new_session().await;
    app.upload_wav(&session, "take.wav", &tone(48_000, 1, 0.5, 440.0, 0.5), None)
        .await;
    let doc = app.arrangement(&format!("sessionId={session}")).await;
    let track = &doc["tracks"][0];
    let ids = (
        track["id"].as_str().unwrap().to_owned(),
        track["clips"][0]["id"].as_str().unwrap().to_owned(),
    );
    (session, ids.0, ids.1)
}

fn code(answer: &Value) -> Option<&str> {
    answer["error"]["code"].as_str()
}

#[tokio::test]
async fn a_comment_its_replies_its_resolution_and_reopening_each_reach_the_room_once() {
    let app = TestApp::builder().media().realtime().spawn().await;
    let (session, track, _) = arranged(&app).await;
    let mut listener = app.join(&session, "lee").await;
    let (status, added) = comment(
        &app,
        json!({ "sessionId": session, "memberId": "ada", "displayName": "Ada",
            "op": "add", "text": "  the snare drags here ", "at": 96000, "trackId": track }),
    )
    .await;
    assert_eq!(status, 201, "{added}");
    // 120 BPM in 4/4: two seconds are four beats, the first beat of bar 2.
    assert_eq!(
        (&added["at"], &added["atSeconds"], &added["atBarsBeats"]),
        (&json!(96000), &json!(2.0), &json!("2:1"))
    );
    assert_eq!(
        (&added["text"], &added["version"], &added["seq"]),
        (&json!("the snare drags here"), &json!(1), &json!(1))
    );
    assert_eq!(added["by"], json!({ "memberId": "ada", "displayName": "Ada" }));
    assert_eq!(
        (&added["trackId"], &added["resolved"]),
        (&json!(track), &json!(false))
    );
    let told = listener.expect("comment.added").await;
    assert_eq!((&told["roomId"], &told["comment"]), (&json!(session), &added));

    let root = added["id"].as_str().unwrap();
    let (status, reply) = comment(
        &app,
        json!({ "sessionId": session, "op": "reply", "commentId": root, "text": "fixed in take 2" }),
    )
    .await;
    assert_eq!(status, 201, "{reply}");
    assert_eq!((&reply["replyTo"], &reply["at"]), (&json!(root), &json!(96000)));
    assert_eq!(
        listener.expect("comment.added").await["comment"]["id"],
        reply["id"]
    );
    // A reply to a reply joins the same thread.
    let (_, nested) = comment(
        &app,
        json!({ "sessionId": session, "op": "reply", "commentId": reply["id"], "text": "thanks" }),
    )
    .await;
    assert_eq!((&nested["replyTo"], &nested["seq"]), (&json!(root), &json!(3)));
    listener.expect("comment.added").await;

    // Resolving names any comment of the thread and resolves the thread's first.
    let body = json!({ "sessionId": session, "op": "resolve", "commentId": nested["id"],
        "memberId": "bo", "displayName": "Bo" });
    let (status, resolved) = comment(&app, body.clone()).await;
    assert_eq!(status, 201, "{resolved}");
    assert_eq!(
        (&resolved["id"], &resolved["resolved"]),
        (&json!(root), &json!(true))
    );
    assert_eq!(resolved["resolvedBy"]["memberId"], "bo");
    assert_eq!(listener.expect("comment.resolved").await["comment"], resolved);
    let (status, again) = comment(&app, body).await;
    assert_eq!((status, code(&again)), (409, Some("comment_state")), "{again}");

    let (status, reopened) = comment(
        &app,
        json!({ "sessionId": session, "op": "reopen", "commentId": root }),
    )
    .await;
    assert_eq!(status, 201, "{reopened}");
    assert_eq!(
        (&reopened["resolved"], &reopened["resolvedBy"]),
        (&json!(false), &Value::Null)
    );
    assert_eq!(listener.expect("comment.reopened").await["comment"]["id"], root);
    assert_eq!(app.row_count("comments").await, 3);
}

#[tokio::test]
async fn a_comment_on_a_clip_follows_the_clip_when_it_moves_and_falls_back_when_it_is_removed() {
    let app = TestApp::builder().media().realtime().spawn().await;
    let (session, track, clip) = arranged(&app).await;
    let (status, added) = comment(
        &app,
        json!({ "sessionId": session, "op": "add", "text": "nice fill", "at": 24000, "clipId": clip }),
    )
    .await;
    assert_eq!(status, 201, "{added}");
    assert_eq!(
        (&added["trackId"], &added["clipId"]),
        (&json!(track), &json!(clip))
    );

    let moved = json!({ "sessionId": session, "baseVersion": 1,
        "operations": [{ "op": "moveClip", "clipId": clip, "start": 480000 }] });
    let (status, answer) = app.send_json(Method::POST, "/api/arrangement", &moved).await;
    assert_eq!(status, 200, "{answer}");
    let now = &comments(&app, &format!("sessionId={session}")).await;
    let shown = &now["comments"][0];
    assert_eq!(now["version"], 2);
    assert_eq!(
        (&shown["at"], &shown["atSeconds"], &shown["detached"]),
        (&json!(504000), &json!(10.5), &json!(false))
    );
    assert_eq!(shown["version"], 1, "kept with the version it was made on");
    let then = &comments(&app, &format!("sessionId={session}&version=1")).await;
    assert_eq!(then["comments"][0]["at"], 24000);

    let removed = json!({ "sessionId": session, "baseVersion": 2,
        "operations": [{ "op": "removeClip", "clipId": clip }] });
    let (status, answer) = app.send_json(Method::POST, "/api/arrangement", &removed).await;
    assert_eq!(status, 200, "{answer}");
    let gone = &comments(&app, &format!("sessionId={session}")).await["comments"][0];
    assert_eq!(
        (&gone["at"], &gone["detached"], &gone["clipId"]),
        (&json!(24000), &json!(true), &json!(clip))
    );
    let (status, _) = app
        .get(&format!("/api/comments?sessionId={session}&version=9"))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn comments_page_newest_first_and_catch_up_after_a_seq() {
    let app = TestApp::builder().realtime().spawn().await;
    let session = app.new_session().await;
    for n in 1..=5 {
        let body = json!({ "sessionId": session, "op": "add", "text": format!("note {n}"), "at": n * 48000 });
        assert_eq!(comment(&app, body).await.0, 201);
    }
    let seqs = |page: &Value| -> Vec<u64> {
        page["comments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["seq"].as_u64().unwrap())
            .collect()
    };
    let newest = comments(&app, &format!("sessionId={session}&limit=2")).await;
    assert_eq!((seqs(&newest), &newest["more"]), (vec![5, 4], &json!(true)));
    let older = comments(&app, &format!("sessionId={session}&limit=2&before=4")).await;
    assert_eq!(seqs(&older), vec![3, 2]);
    let after = comments(&app, &format!("sessionId={session}&after=3")).await;
    assert_eq!((seqs(&after), &after["more"]), (vec![4, 5], &json!(false)));
    for bad in ["before=1&after=2", "limit=0", "limit=101", "before=x"] {
        let (status, answer) = app.get(&format!("/api/comments?sessionId={session}&{bad}")).await;
        assert_eq!((status, code(&answer)), (400, Some("invalid_paging")), "{bad}");
    }
}

#[tokio::test]
async fn bad_input_is_refused_with_a_clear_code_and_writes_nothing() {
    let app = TestApp::builder().media().realtime().spawn().await;
    let (session, track, clip) = arranged(&app).await;
    let unknown = "7d0e5c1e-3a2d-4f5e-9c8b-7a6d5e4f3c2b";
    let add = |extra: Value| {
        let mut body = json!({ "sessionId": session, "op": "add", "text": "hm", "at": 0 });
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    let cases = [
        (add(json!({ "text": "  " })), 400, "invalid_comment"),
        (add(json!({ "text": "x".repeat(2001) })), 400, "invalid_comment"),
        (add(json!({ "text": "a\u{0}b" })), 400, "invalid_comment"),
        (add(json!({ "at": 1.5 })), 400, "invalid_time"),
        (add(json!({ "at": -48000 })), 400, "invalid_time"),
        (add(json!({ "color": "red" })), 400, "invalid_body"),
        (add(json!({ "op": "delete" })), 400, "invalid_body"),
        (add(json!({ "sessionId": 7 })), 400, "invalid_body"),
        (add(json!({ "trackId": unknown })), 422, "unknown_track"),
        (add(json!({ "clipId": unknown })), 422, "unknown_clip"),
        (
            add(json!({ "clipId": clip, "trackId": unknown })),
            422,
            "unknown_clip",
        ),
        (
            json!({ "sessionId": session, "op": "reply", "commentId": unknown, "text": "?" }),
            404,
            "not_found",
        ),
        (
            json!({ "sessionId": session, "op": "resolve", "commentId": unknown }),
            404,
            "not_found",
        ),
        (
            json!({ "op": "add", "text": "hm", "at": 0 }),
            400,
            "missing_session_id",
        ),
        (add(json!({ "sessionId": unknown })), 404, "not_found"),
    ];
    for (body, status, expected) in cases {
        let (got, answer) = comment(&app, body.clone()).await;
        assert_eq!((got, code(&answer)), (status, Some(expected)), "{body}: {answer}");
    }
    assert_eq!(app.row_count("comments").await, 0);
    // The same track and clip are accepted.
    let (status, answer) = comment(&app, add(json!({ "trackId": track, "clipId": clip }))).await;
    assert_eq!(status, 201, "{answer}");
}

/// `count` comments of member `ada` in `session`, written straight to the table.
async fn ada_has_commented(app: &TestApp, session: &str, count: i64) {
    let client = app.db.client().await.unwrap();
    client
        .execute(
            "INSERT INTO comments (id, session_id, seq, author_id, author_name, body, at_sample, version) \
             SELECT gen_random_uuid(), $1::text::uuid, n, 'ada', 'Ada', 'spam', 0, 0 FROM generate_series(1, $2::bigint) AS n",
            &[&session, &count],
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_member_over_its_quota_is_refused_and_others_still_comment() {
    let app = TestApp::builder().realtime().spawn().await;
    let session = app.new_session().await;
    ada_has_commented(&app, &session, 500).await;
    let body = |member: &str| json!({ "sessionId": session, "memberId": member, "op": "add", "text": "one more", "at": 0 });
    let (status, refused) = comment(&app, body("ada")).await;
    assert_eq!(
        (status, code(&refused)),
        (409, Some("comment_quota")),
        "{refused}"
    );
    assert_eq!(app.row_count("comments").await, 500);
    let (status, accepted) = comment(&app, body("bo")).await;
    assert_eq!((status, &accepted["seq"]), (201, &json!(501)), "{accepted}");
}

#[tokio::test]
async fn concurrent_comments_of_a_member_at_its_last_free_place_store_exactly_one() {
    let app = TestApp::builder().realtime().spawn().await;
    let session = app.new_session().await;
    ada_has_commented(&app, &session, 499).await;
    let body = json!({ "sessionId": session, "memberId": "ada", "op": "add", "text": "race", "at": 0 });
    let answers = futures::future::join_all((0..4).map(|_| comment(&app, body.clone()))).await;
    let mut statuses: Vec<u16> = answers.iter().map(|(status, _)| *status).collect();
    statuses.sort();
    assert_eq!(statuses, [201, 409, 409, 409], "{answers:?}");
    assert_eq!(app.row_count("comments").await, 500);
}

#[tokio::test]
async fn in_invite_mode_only_the_sessions_members_comment_and_a_listener_resolves_only_its_own() {
    let app = TestApp::builder().realtime().invite(test_tokens()).spawn().await;
    let hosted = app.host_session().await;
    let other = app.host_session().await;
    let add = json!({ "op": "add", "text": "from the host", "at": 48000 });
    let (status, _) = comment(&app, add.clone()).await;
    assert_eq!(status, 401, "no token");
    let (status, refused) = app
        .send_as(
            &other.host_token,
            Method::GET,
            &format!("/api/comments?sessionId={}", hosted.session),
            &Value::Null,
        )
        .await;
    assert_eq!((status, code(&refused)), (403, Some("other_session")));
    let mut into_hosted = add.clone();
    into_hosted["sessionId"] = json!(hosted.session);
    let (status, refused) = app
        .send_as(&other.host_token, Method::POST, "/api/comments", &into_hosted)
        .await;
    assert_eq!((status, code(&refused)), (403, Some("other_session")));
    assert_eq!(app.row_count("comments").await, 0);

    let (status, host_note) = app
        .send_as(&hosted.host_token, Method::POST, "/api/comments", &add)
        .await;
    assert_eq!(status, 201, "{host_note}");
    assert_eq!(host_note["by"]["memberId"], hosted.host_id.as_str());
    let invite = app.invite_for(&hosted.host_token, "listener").await;
    let lou = app.join_with(&invite, "Lou").await;
    let mine = json!({ "op": "add", "text": "louder?", "at": 0, "memberId": "someone-else" });
    let (status, refused) = app
        .send_as(&lou.token, Method::POST, "/api/comments", &mine)
        .await;
    assert_eq!((status, code(&refused)), (403, Some("not_yourself")));
    let mine = json!({ "op": "add", "text": "louder?", "at": 0 });
    let (status, lou_note) = app
        .send_as(&lou.token, Method::POST, "/api/comments", &mine)
        .await;
    assert_eq!(
        (status, &lou_note["by"]["memberId"]),
        (201, &json!(lou.member_id))
    );

    let resolve = |id: &Value| json!({ "op": "resolve", "commentId": id });
    let (status, refused) = app
        .send_as(
            &lou.token,
            Method::POST,
            "/api/comments",
            &resolve(&host_note["id"]),
        )
        .await;
    assert_eq!((status, code(&refused)), (403, Some("role_forbids")), "{refused}");
    let (status, own) = app
        .send_as(
            &lou.token,
            Method::POST,
            "/api/comments",
            &resolve(&lou_note["id"]),
        )
        .await;
    assert_eq!((status, &own["resolved"]), (201, &json!(true)), "{own}");
    let reopen = json!({ "op": "reopen", "commentId": lou_note["id"] });
    let (status, _) = app
        .send_as(&hosted.host_token, Method::POST, "/api/comments", &reopen)
        .await;
    assert_eq!(status, 201, "the host reopens anyone's thread");
    let (status, page) = app
        .send_as(&lou.token, Method::GET, "/api/comments", &Value::Null)
        .await;
    assert_eq!(
        (status, page["comments"].as_array().map(Vec::len)),
        (200, Some(2))
    );
    assert_eq!(page["sessionId"], hosted.session.as_str());
}
