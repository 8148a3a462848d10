//! The host's controls over its room, through the local gateway in invite mode: invites
//! listed, revoked and replaced (a revoked invite stops at once), the bounds of one
//! invite (members it admits, joins a minute) and what a flood through one leaves the
//! host, a locked room, a new role reaching the member's tokens and the room, bans, and
//! who may use the routes at all.

use futures::future::join_all;
use reqwest::Method;
use serde_json::{Value, json};
use studio_tests::TestApp;
use studio_tests::invites::{Hosted, handshake_refusal, test_tokens};

async fn invite_app() -> TestApp {
    TestApp::builder().realtime().invite(test_tokens()).spawn().await
}

/// The host's batch of `ops`, which must be applied: the answer's results.
async fn moderate(app: &TestApp, hosted: &Hosted, ops: Value) -> Vec<Value> {
    let (status, body) = try_moderate(app, &hosted.host_token, ops).await;
    assert_eq!(status, 200, "{body}");
    body["results"].as_array().unwrap().clone()
}

async fn try_moderate(app: &TestApp, token: &str, ops: Value) -> (u16, Value) {
    app.send_as(
        token,
        Method::POST,
        "/api/sessions/moderation",
        &json!({ "ops": ops }),
    )
    .await
}

/// The host's view of its room.
async fn controls(app: &TestApp, hosted: &Hosted) -> Value {
    let path = format!("/api/sessions/moderation?sessionId={}", hosted.session);
    let (status, body) = app
        .send_as(&hosted.host_token, Method::GET, &path, &Value::Null)
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

/// A join with `invite` as `name`: the status and the error code, if any.
async fn try_join(app: &TestApp, invite: &str, name: &str) -> (u16, Option<String>) {
    let body = json!({ "invite": invite, "displayName": name });
    let (status, answer) = app.send_json(Method::POST, "/api/sessions/join", &body).await;
    (status, answer["error"]["code"].as_str().map(str::to_owned))
}

/// A new invite from the host: its id and token.
async fn new_invite(app: &TestApp, hosted: &Hosted, op: Value) -> (String, String) {
    let results = moderate(app, hosted, json!([op])).await;
    let invite = &results[0]["invite"];
    (
        invite["id"].as_str().unwrap().to_owned(),
        invite["token"].as_str().unwrap().to_owned(),
    )
}

async fn renew(app: &TestApp, token: &str) -> (u16, Value) {
    app.send_as(token, Method::POST, "/api/sessions/join", &json!({}))
        .await
}

#[tokio::test]
async fn the_host_lists_its_invites_and_members_and_a_revoked_invite_stops_at_once() {
    let app = invite_app().await;
    let hosted = app.host_session().await;
    let listed = controls(&app, &hosted).await;
    assert_eq!(listed["locked"], false);
    let invites = listed["invites"].as_array().unwrap();
    assert_eq!(invites.len(), 1, "the creation's invite has a row: {listed}");
    assert_eq!(
        (invites[0]["active"].clone(), invites[0]["maxMembers"].clone()),
        (json!(true), json!(50))
    );
    let guest = app.join_with(&hosted.invite, "Gus").await;
    let listed = controls(&app, &hosted).await;
    assert_eq!(listed["invites"][0]["admitted"], 1);
    let members: Vec<&str> = listed["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["memberId"].as_str().unwrap())
        .collect();
    assert_eq!(members, [hosted.host_id.as_str(), guest.member_id.as_str()]);
    assert_eq!(listed["members"][1]["inviteId"], listed["invites"][0]["id"]);

    let id = listed["invites"][0]["id"].as_str().unwrap();
    let results = moderate(&app, &hosted, json!([{ "op": "revokeInvite", "inviteId": id }])).await;
    assert_eq!(results[0]["inviteId"], id);
    assert_eq!(
        try_join(&app, &hosted.invite, "Late").await,
        (403, Some("invite_revoked".into()))
    );
    let listed = controls(&app, &hosted).await;
    assert_eq!(listed["invites"][0]["active"], false);
    assert!(listed["invites"][0]["revokedAt"].is_i64(), "{listed}");
    // The member it admitted keeps its place.
    assert_eq!(renew(&app, &guest.token).await.0, 200);
}

#[tokio::test]
async fn a_replaced_invite_keeps_its_role_and_bound_and_the_old_one_stops() {
    let app = invite_app().await;
    let hosted = app.host_session().await;
    let (old_id, old) = new_invite(
        &app,
        &hosted,
        json!({ "op": "createInvite", "role": "listener", "maxMembers": 3, "ttlSeconds": 3600 }),
    )
    .await;
    let results = moderate(
        &app,
        &hosted,
        json!([{ "op": "replaceInvite", "inviteId": old_id }]),
    )
    .await;
    assert_eq!(results[0]["revoked"], old_id.as_str());
    let replacement = &results[0]["invite"];
    assert_eq!(
        (replacement["role"].clone(), replacement["maxMembers"].clone()),
        (json!("listener"), json!(3))
    );
    let life = replacement["expiresAt"].as_i64().unwrap() - studio::realtime::now();
    assert!(
        (3590..=3600).contains(&life),
        "as long a life as the old one: {life}"
    );
    assert_eq!(
        try_join(&app, &old, "Old").await,
        (403, Some("invite_revoked".into()))
    );
    let joined = app.join_with(replacement["token"].as_str().unwrap(), "New").await;
    assert_eq!(joined.answer["role"], "listener");
}

#[tokio::test]
async fn an_invite_admits_no_more_members_than_its_bound_nor_more_than_ten_a_minute() {
    let app = invite_app().await;
    let hosted = app.host_session().await;
    let (_, small) = new_invite(&app, &hosted, json!({ "op": "createInvite", "maxMembers": 2 })).await;
    app.join_with(&small, "One").await;
    app.join_with(&small, "Two").await;
    assert_eq!(
        try_join(&app, &small, "Three").await,
        (403, Some("invite_exhausted".into()))
    );

    for i in 0..10 {
        app.join_with(&hosted.invite, &format!("Guest {i}")).await;
    }
    let body = json!({ "invite": hosted.invite, "displayName": "Eleventh" });
    let response = app
        .client
        .post(app.url("/api/sessions/join"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "60");
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["error"]["code"], "invite_rate_limited");
    // Host + 2 + 10: the refused joins recorded no one.
    assert_eq!(app.row_count("session_members").await, 13);
}

#[tokio::test]
async fn a_flood_of_joins_through_one_invite_leaves_the_host_and_a_fresh_invitee_their_place() {
    let app = invite_app().await;
    let hosted = app.host_session().await;
    let flood = (0..40).map(|i| {
        let app = &app;
        let invite = hosted.invite.clone();
        async move { try_join(app, &invite, &format!("Bot {i}")).await }
    });
    let answers = join_all(flood).await;
    let admitted = answers.iter().filter(|(status, _)| *status == 200).count();
    let limited = answers
        .iter()
        .filter(|a| **a == (429, Some("invite_rate_limited".into())))
        .count();
    assert_eq!((admitted, limited), (10, 30), "{answers:?}");
    assert_eq!(
        app.row_count("session_members").await,
        11,
        "concurrent joins did not overshoot"
    );
    // The flood cost the invite, not the room: the host renews and enters, and a fresh
    // invite admits a newcomer at once.
    let (status, renewed) = renew(&app, &hosted.host_token).await;
    assert_eq!(status, 200, "{renewed}");
    let host_token = renewed["token"].as_str().unwrap();
    app.enter(host_token, &hosted.host_id).await;
    let (_, fresh) = new_invite(&app, &hosted, json!({ "op": "createInvite" })).await;
    app.join_with(&fresh, "Friend").await;
}

#[tokio::test]
async fn a_locked_room_refuses_new_guests_while_its_members_renew_and_reconnect() {
    let app = invite_app().await;
    let hosted = app.host_session().await;
    let guest = app.join_with(&hosted.invite, "Gus").await;
    let results = moderate(&app, &hosted, json!([{ "op": "lock" }])).await;
    assert_eq!(results[0]["locked"], true);
    assert_eq!(
        try_join(&app, &hosted.invite, "Newcomer").await,
        (403, Some("room_locked".into()))
    );
    assert_eq!(
        controls(&app, &hosted).await["invites"][0]["admitted"],
        1,
        "a refused join counts nothing"
    );
    let (status, renewed) = renew(&app, &guest.token).await;
    assert_eq!(status, 200, "{renewed}");
    app.enter(renewed["token"].as_str().unwrap(), &guest.member_id)
        .await;
    let (status, host) = renew(&app, &hosted.host_token).await;
    assert_eq!(status, 200, "{host}");
    moderate(&app, &hosted, json!([{ "op": "unlock" }])).await;
    app.join_with(&hosted.invite, "Newcomer").await;
}

#[tokio::test]
async fn a_demoted_performer_is_refused_its_old_token_renews_as_a_listener_and_the_room_hears_it() {
    let app = TestApp::builder()
        .media()
        .realtime()
        .invite(test_tokens())
        .spawn()
        .await;
    let hosted = app.host_session().await;
    let performer = app.join_with(&hosted.invite, "Pat").await;
    let mut room = app.enter(&hosted.host_token, &hosted.host_id).await;
    let op = json!([{ "op": "setRole", "memberId": performer.member_id, "role": "listener" }]);
    let results = moderate(&app, &hosted, op).await;
    assert_eq!(results[0]["role"], "listener");
    let heard = room.expect("member.role").await;
    assert_eq!(
        (heard["memberId"].as_str(), heard["role"].as_str()),
        (Some(performer.member_id.as_str()), Some("listener"))
    );
    // The old token: refused by both authorizers at once (its answer was never cached).
    let (status, _) = app
        .send_as(&performer.token, Method::GET, "/api/presence", &Value::Null)
        .await;
    assert_eq!(status, 403);
    assert_eq!(
        handshake_refusal(&app.ws_token_url(&performer.token, &[])).await,
        403
    );
    // Renewal reads the role from the studio's record.
    let (status, renewed) = renew(&app, &performer.token).await;
    assert_eq!(
        (status, renewed["role"].as_str()),
        (200, Some("listener")),
        "{renewed}"
    );
    let token = renewed["token"].as_str().unwrap();
    assert_eq!(
        app.send_as(token, Method::GET, "/api/presence", &Value::Null)
            .await
            .0,
        200
    );
    let (status, refused) = app.upload_as(token).await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (403, Some("role_forbids"))
    );
    assert_eq!(controls(&app, &hosted).await["members"][1]["role"], "listener");
}

#[tokio::test]
async fn a_banned_member_cannot_rejoin_through_its_invite_and_the_host_gets_a_replacement() {
    let app = invite_app().await;
    let hosted = app.host_session().await;
    let guest = app.join_with(&hosted.invite, "Troll").await;
    let _socket = app.enter(&guest.token, &guest.member_id).await;
    let invite_id = controls(&app, &hosted).await["invites"][0]["id"].clone();
    let results = moderate(
        &app,
        &hosted,
        json!([{ "op": "ban", "memberId": guest.member_id }]),
    )
    .await;
    assert_eq!(results[0]["revokedInvite"], invite_id);
    assert_eq!(results[0]["closedConnections"], 1);
    assert_eq!(
        try_join(&app, &hosted.invite, "Troll again").await,
        (403, Some("invite_revoked".into()))
    );
    let (status, answer) = renew(&app, &guest.token).await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (403, Some("member_removed"))
    );
    let listed = controls(&app, &hosted).await;
    assert_eq!(
        (
            listed["members"][1]["removed"].clone(),
            listed["members"][1]["banned"].clone()
        ),
        (json!(true), json!(true))
    );
    // The replacement admits the others the old invite was for.
    let replacement = results[0]["replacement"]["token"].as_str().unwrap();
    app.join_with(replacement, "Friend").await;
    moderate(
        &app,
        &hosted,
        json!([{ "op": "unban", "memberId": guest.member_id }]),
    )
    .await;
    assert_eq!(controls(&app, &hosted).await["members"][1]["banned"], false);
}

#[tokio::test]
async fn only_the_host_of_the_session_moderates_and_a_bad_batch_writes_nothing() {
    let app = invite_app().await;
    let hosted = app.host_session().await;
    let other = app.host_session().await;
    let guest = app.join_with(&hosted.invite, "Gus").await;
    let create = json!([{ "op": "createInvite" }]);
    let (status, body) = try_moderate(&app, &guest.token, create.clone()).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("role_forbids"))
    );
    let path = format!("/api/sessions/moderation?sessionId={}", hosted.session);
    let (status, body) = app.send_as(&guest.token, Method::GET, &path, &Value::Null).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("role_forbids"))
    );
    let (status, body) = app
        .send_as(&other.host_token, Method::GET, &path, &Value::Null)
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("other_session"))
    );
    let body = json!({ "sessionId": hosted.session, "ops": create });
    let (status, _) = app
        .send_as(&other.host_token, Method::POST, "/api/sessions/moderation", &body)
        .await;
    assert_eq!(status, 403);
    let (status, _) = app.send_as("", Method::GET, &path, &Value::Null).await;
    assert_eq!(status, 401);

    let before = (app.row_count("invites").await, controls(&app, &hosted).await);
    for (ops, status, code) in [
        (
            json!([{ "op": "lock" }, { "op": "setRole", "memberId": hosted.host_id, "role": "listener" }]),
            409,
            "cannot_moderate_host",
        ),
        (
            json!([{ "op": "createInvite" }, { "op": "ban", "memberId": "m-nobody" }]),
            404,
            "not_found",
        ),
        (
            json!([{ "op": "lock" }, { "op": "promote", "memberId": guest.member_id }]),
            400,
            "invalid_body",
        ),
        (
            json!([{ "op": "setRole", "memberId": guest.member_id, "role": "host" }]),
            400,
            "invalid_role",
        ),
        (
            json!([{ "op": "createInvite", "maxMembers": 251 }]),
            400,
            "invalid_max_members",
        ),
        (json!([]), 400, "no_ops"),
    ] {
        let (got, body) = try_moderate(&app, &hosted.host_token, ops.clone()).await;
        assert_eq!(
            (got, body["error"]["code"].as_str()),
            (status, Some(code)),
            "{ops}"
        );
    }
    assert_eq!(
        (app.row_count("invites").await, controls(&app, &hosted).await),
        before
    );
}

#[tokio::test]
async fn open_mode_answers_the_moderation_routes_with_open_access() {
    let app = TestApp::builder().realtime().spawn().await;
    let session = app.create_session("Open").await;
    let path = format!("/api/sessions/moderation?sessionId={session}");
    let (status, body) = app.send_as("", Method::GET, &path, &Value::Null).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("open_access"))
    );
    let body = json!({ "sessionId": session, "ops": [{ "op": "lock" }] });
    let (status, body) = app
        .send_as("", Method::POST, "/api/sessions/moderation", &body)
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("open_access"))
    );
}

#[tokio::test]
async fn a_demoted_performers_token_whose_answer_is_cached_stops_within_the_authorizer_cache() {
    let app = invite_app().await;
    let hosted = app.host_session().await;
    let performer = app.join_with(&hosted.invite, "Pat").await;
    let presence = |token: String| {
        let app = &app;
        async move {
            app.send_as(&token, Method::GET, "/api/presence", &Value::Null)
                .await
                .0
        }
    };
    // API Gateway now holds an Allow for this token.
    assert_eq!(presence(performer.token.clone()).await, 200);
    let op = json!([{ "op": "setRole", "memberId": performer.member_id, "role": "listener" }]);
    moderate(&app, &hosted, op).await;
    let demoted = std::time::Instant::now();
    while presence(performer.token.clone()).await == 200 {
        assert!(
            demoted.elapsed().as_secs_f64() < 6.5,
            "still served after the 5 s cache"
        );
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    println!(
        "old-role token served for {:.1} s after the demotion (cache: 5 s)",
        demoted.elapsed().as_secs_f64()
    );
}
