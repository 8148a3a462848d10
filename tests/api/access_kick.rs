//! The host removes a member: its sockets close, the room hears why it left, and every
//! token issued to it stops working within seconds on every path a token opens — the
//! protected HTTP routes, frames on a socket the removal missed, a new handshake and
//! renewal. The test prints how long each path still served the member after the
//! removal, and what the revocation check adds to an authorizer's answer.

use reqwest::Method;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use studio::access::{AccessConfig, NoRevocations, Revocations, authorize_http};
use studio::realtime::now;
use studio_tests::TestApp;
use studio_tests::invites::{Hosted, handshake_refusal, test_tokens};
use studio_tests::ws::Member;
use tokio_tungstenite::tungstenite::Message;

/// The rooms' index trails its writes by this much, as on AWS: a socket opened just
/// before a removal is not yet listed, and survives it.
const INDEX_LAG: Duration = Duration::from_millis(2500);
/// How long a path may keep serving a removed member before the test gives up on it.
const GIVE_UP: Duration = Duration::from_secs(30);

async fn kick_app() -> TestApp {
    TestApp::builder()
        .media()
        .index_lag(INDEX_LAG)
        .invite(test_tokens())
        .spawn()
        .await
}

async fn remove(app: &TestApp, hosted: &Hosted, token: &str, member: &str, ban: bool) -> (u16, Value) {
    let body = json!({ "sessionId": hosted.session, "memberId": member, "ban": ban });
    app.send_as(token, Method::POST, "/api/sessions/members/remove", &body)
        .await
}

/// Waits for the server to close `socket`; a socket still open after a frame timeout
/// fails the test.
async fn closes(socket: &mut Member) {
    loop {
        match socket.next_message().await {
            None | Some(Message::Close(_)) => return,
            Some(_) => continue,
        }
    }
}

/// Tries `attempt` until it is refused; how long after `since` it last succeeded.
async fn refused_within<F, Fut>(since: Instant, what: &str, mut attempt: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let mut last_success = Duration::ZERO;
    loop {
        if !attempt().await {
            println!("{what}: last served the removed member {last_success:?} after the removal");
            return last_success;
        }
        last_success = since.elapsed();
        assert!(last_success < GIVE_UP, "{what} still serves the removed member");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_removed_member_is_refused_everywhere_within_seconds_and_the_room_hears_why() {
    let app = kick_app().await;
    let hosted = app.host_session().await;
    let gus = app.join_with(&hosted.invite, "Gus").await;
    let mut host = app.enter(&hosted.host_token, &hosted.host_id).await;
    // Every socket but the last is listed by the room's index before the removal.
    tokio::time::sleep(INDEX_LAG + Duration::from_millis(500)).await;
    let mut listed = app.enter(&gus.token, &gus.member_id).await;
    host.expect("presence.join").await;
    // Served (and cached by the HTTP authorizer) before the removal.
    assert_eq!(app.roster_as(&gus.token).await.len(), 2);
    tokio::time::sleep(INDEX_LAG + Duration::from_millis(500)).await;
    let mut unlisted = app.enter(&gus.token, &gus.member_id).await;

    let (status, answer) = remove(&app, &hosted, &hosted.host_token, &gus.member_id, false).await;
    let since = Instant::now();
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["closedConnections"], 1, "the listed socket: {answer}");

    let leave = host.expect("presence.leave").await;
    assert_eq!(
        (&leave["memberId"], &leave["reason"]),
        (&json!(gus.member_id), &json!("removed"))
    );
    closes(&mut listed).await;
    unlisted.send(&json!({ "type": "roster" })).await;
    let refusal = unlisted.expect("error").await;
    assert_eq!(refusal["error"]["code"], "member_removed", "{refusal}");
    closes(&mut unlisted).await;
    let frames = since.elapsed();
    println!("frames on the surviving socket: refused and closed {frames:?} after the removal");

    let mut longest = frames;
    let routes = [
        (Method::GET, "/api/presence".to_owned()),
        (Method::GET, format!("/api/upload?sessionId={}", hosted.session)),
        (
            Method::GET,
            format!("/api/arrangement?sessionId={}", hosted.session),
        ),
    ];
    for (method, path) in routes {
        let served = refused_within(since, &format!("{method} {path}"), || {
            let (app, token, method, path) = (&app, &gus.token, method.clone(), path.clone());
            async move {
                let (status, body) = app.send_as(token, method, &path, &Value::Null).await;
                assert!(status == 200 || status == 403, "{status} {body}");
                status == 200
            }
        })
        .await;
        longest = longest.max(served);
    }
    let url = app.ws_token_url(&gus.token, &[]);
    assert_eq!(handshake_refusal(&url).await, 403, "a new handshake");
    let (status, body) = app
        .send_as(&gus.token, Method::POST, "/api/sessions/join", &json!({}))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("member_removed"))
    );
    println!("longest any path still served the removed member: {longest:?}");
    let mut roster = app.roster_as(&hosted.host_token).await;
    roster.retain(|m| m == &gus.member_id);
    assert!(roster.is_empty(), "the member left the roster");
}

#[tokio::test]
async fn only_the_host_removes_and_never_itself_nor_a_stranger_and_a_refusal_removes_nobody() {
    let app = kick_app().await;
    let hosted = app.host_session().await;
    let gus = app.join_with(&hosted.invite, "Gus").await;
    let lou_invite = app.invite_for(&hosted.host_token, "listener").await;
    let lou = app.join_with(&lou_invite, "Lou").await;
    for token in [&gus.token, &lou.token] {
        let (status, body) = remove(&app, &hosted, token, &hosted.host_id, false).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (403, Some("role_forbids"))
        );
    }
    let (status, body) = remove(&app, &hosted, &hosted.host_token, &hosted.host_id, false).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("cannot_remove_host"))
    );
    let (status, body) = remove(&app, &hosted, &hosted.host_token, "m-stranger", false).await;
    assert_eq!((status, body["error"]["code"].as_str()), (404, Some("not_found")));
    let theirs = app.host_session().await;
    let (status, body) = remove(&app, &theirs, &hosted.host_token, &gus.member_id, false).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("other_session"))
    );
    for who in [&gus, &lou] {
        let (status, body) = app
            .send_as(&who.token, Method::POST, "/api/sessions/join", &json!({}))
            .await;
        assert_eq!(status, 200, "{} was not removed: {body}", who.member_id);
    }
}

#[tokio::test]
async fn a_banned_member_leaves_with_the_reason_banned_and_cannot_renew() {
    let app = TestApp::builder().realtime().invite(test_tokens()).spawn().await;
    let hosted = app.host_session().await;
    let gus = app.join_with(&hosted.invite, "Gus").await;
    let mut host = app.enter(&hosted.host_token, &hosted.host_id).await;
    let _gus_socket = app.enter(&gus.token, &gus.member_id).await;
    host.expect("presence.join").await;
    let (status, answer) = remove(&app, &hosted, &hosted.host_token, &gus.member_id, true).await;
    assert_eq!((status, &answer["banned"]), (200, &json!(true)), "{answer}");
    let leave = host.expect("presence.leave").await;
    assert_eq!(leave["reason"], "banned");
    let (status, body) = app
        .send_as(&gus.token, Method::POST, "/api/sessions/join", &json!({}))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("member_removed"))
    );
}

#[tokio::test]
async fn in_open_mode_there_is_nobody_to_remove() {
    let app = TestApp::builder().realtime().spawn().await;
    let body = json!({ "memberId": "m-1" });
    let (status, answer) = app
        .send_json(Method::POST, "/api/sessions/members/remove", &body)
        .await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (400, Some("open_access"))
    );
}

#[tokio::test]
async fn the_revocation_check_adds_one_read_to_each_authorizer_answer() {
    let app = TestApp::builder().realtime().invite(test_tokens()).spawn().await;
    let hosted = app.host_session().await;
    let access = AccessConfig::invite(test_tokens());
    let event = json!({ "headers": { "authorization": format!("Bearer {}", hosted.host_token) } });
    let checked: &dyn Revocations = &*app.rooms().revocations;
    const ROUNDS: u32 = 50;
    let mut timings = Vec::new();
    for (label, revocations) in [
        ("without the check", &NoRevocations as &dyn Revocations),
        ("with the check", checked),
    ] {
        // One answer first, so connections are open in both runs.
        authorize_http(&access, revocations, &event, now()).await.unwrap();
        let start = Instant::now();
        for _ in 0..ROUNDS {
            let answer = authorize_http(&access, revocations, &event, now()).await.unwrap();
            assert_eq!(answer["isAuthorized"], true, "{label}");
        }
        let each = start.elapsed() / ROUNDS;
        println!("authorizer answer {label}: {each:?} each (DynamoDB Local)");
        timings.push(each);
    }
    println!(
        "the revocation check adds {:?} per request",
        timings[1].saturating_sub(timings[0])
    );
}
