//! Invite mode through the local gateway's emulation of API Gateway's authorizers:
//! hosts and guests with member tokens, and every refusal a clear 401/403 that changes
//! nothing.

use reqwest::Method;
use serde_json::{Value, json};
use studio::access::{Member as TokenMember, Role};
use studio::domain::{DisplayName, MemberId, SessionId};
use studio::realtime::now;
use studio_tests::TestApp;
use studio_tests::invites::{handshake_refusal, test_tokens};

async fn invite_app() -> TestApp {
    TestApp::builder().realtime().invite(test_tokens()).spawn().await
}

fn presence(member: &str) -> Value {
    json!({ "memberId": member, "status": "recording" })
}

#[tokio::test]
async fn a_host_invites_a_guest_who_joins_the_room_under_an_id_the_studio_chose() {
    let app = invite_app().await;
    let hosted = app.host_session().await;
    let mut host = app.enter(&hosted.host_token, &hosted.host_id).await;
    let guest = app.join_with(&hosted.invite, "Gus").await;
    assert!(guest.member_id.starts_with("m-"), "{}", guest.answer);
    assert_eq!(guest.answer["sessionId"], hosted.session.as_str());
    assert_eq!(guest.answer["role"], "performer");
    let _gus = app.enter(&guest.token, &guest.member_id).await;
    let join = host.expect("presence.join").await;
    assert_eq!(join["member"]["memberId"], guest.member_id.as_str());
    assert_eq!(join["member"]["displayName"], "Gus");
    let mut expected = vec![hosted.host_id.clone(), guest.member_id.clone()];
    expected.sort();
    assert_eq!(app.roster_as(&guest.token).await, expected);
}

#[tokio::test]
async fn without_a_token_api_gateway_answers_401_and_with_a_forged_one_403() {
    let app = invite_app().await;
    let hosted = app.host_session().await;
    let (status, body) = app.send_as("", Method::GET, "/api/presence", &Value::Null).await;
    assert_eq!((status, body), (401, json!({ "message": "Unauthorized" })));
    let forged = format!("{}x", hosted.host_token);
    let (status, body) = app
        .send_as(&forged, Method::POST, "/api/presence", &presence(""))
        .await;
    assert_eq!((status, body), (403, json!({ "message": "Forbidden" })));
    let url = app.ws_token_url("", &[("roomId", &hosted.session)]);
    assert_eq!(handshake_refusal(&url).await, 401);
    assert_eq!(handshake_refusal(&app.ws_token_url(&forged, &[])).await, 403);
    assert!(app.roster_as(&hosted.host_token).await.is_empty());
}

#[tokio::test]
async fn an_expired_token_is_refused_and_its_holder_renews_it() {
    let app = invite_app().await;
    let hosted = app.host_session().await;
    let member = TokenMember {
        session: SessionId::parse(&hosted.session).unwrap(),
        member: MemberId::parse("m-late").unwrap(),
        name: DisplayName::parse("Late").unwrap(),
        role: Role::Performer,
        expires_at: 0,
    };
    let expired = test_tokens().member(&member, now() - 5 * 60 * 60).token;
    let (status, _) = app
        .send_as(&expired, Method::GET, "/api/presence", &Value::Null)
        .await;
    assert_eq!(status, 403);
    let (status, body) = app
        .send_as(&expired, Method::POST, "/api/sessions/join", &json!({}))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("token_expired"))
    );

    let guest = app.join_with(&hosted.invite, "Gus").await;
    let (status, renewed) = app
        .send_as(
            &guest.token,
            Method::POST,
            "/api/sessions/join",
            &json!({ "displayName": "Gustav" }),
        )
        .await;
    assert_eq!(status, 200, "{renewed}");
    assert_eq!(renewed["memberId"], guest.member_id.as_str());
    assert_eq!(renewed["displayName"], "Gustav");
    assert!(renewed.get("invite").is_none(), "only a host gets a fresh invite");
    let renewed_token = renewed["token"].as_str().unwrap();
    assert_eq!(app.roster_as(renewed_token).await, Vec::<String>::new());
}

#[tokio::test]
async fn a_token_for_another_session_reaches_nothing_of_this_one() {
    let app = invite_app().await;
    let ours = app.host_session().await;
    let theirs = app.host_session().await;
    let (status, body) = app
        .send_as(
            &theirs.host_token,
            Method::GET,
            &format!("/api/presence?roomId={}", ours.session),
            &Value::Null,
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("other_session"))
    );
    let url = app.ws_token_url(&theirs.host_token, &[("roomId", &ours.session)]);
    assert_eq!(handshake_refusal(&url).await, 403);
    assert!(app.roster_as(&ours.host_token).await.is_empty());
    // An invite is not a member token, and the other way round.
    let (status, _) = app
        .send_as(&ours.invite, Method::GET, "/api/presence", &Value::Null)
        .await;
    assert_eq!(status, 403);
    let body = json!({ "invite": ours.host_token, "displayName": "Eve" });
    let (status, body) = app.send_json(Method::POST, "/api/sessions/join", &body).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("wrong_token"))
    );
}

#[tokio::test]
async fn nobody_speaks_or_writes_presence_as_someone_else() {
    let app = invite_app().await;
    let hosted = app.host_session().await;
    let mut host = app.enter(&hosted.host_token, &hosted.host_id).await;
    let eve = app.join_with(&hosted.invite, "Eve").await;
    let url = app.ws_token_url(
        &eve.token,
        &[("memberId", &hosted.host_id), ("displayName", "Hana")],
    );
    assert_eq!(handshake_refusal(&url).await, 403);
    let (status, body) = app
        .send_as(
            &eve.token,
            Method::POST,
            "/api/presence",
            &presence(&hosted.host_id),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("not_yourself"))
    );
    assert_eq!(app.roster_as(&eve.token).await, vec![hosted.host_id.clone()]);
    assert!(
        host.try_next_json(std::time::Duration::from_millis(300))
            .await
            .is_none()
    );
    // Eve's own frames carry her own identity, whatever she puts in them.
    let mut eve_socket = app.enter(&eve.token, &eve.member_id).await;
    host.expect("presence.join").await;
    eve_socket
        .send(&json!({ "type": "message", "payload": { "memberId": hosted.host_id } }))
        .await;
    let said = host.expect("room.message").await;
    assert_eq!(said["from"]["memberId"], eve.member_id.as_str());
    assert_eq!(said["from"]["displayName"], "Eve");
}

#[tokio::test]
async fn a_guest_removes_only_itself_and_the_host_removes_anyone() {
    let app = invite_app().await;
    let hosted = app.host_session().await;
    let (gus, eve) = (
        app.join_with(&hosted.invite, "Gus").await,
        app.join_with(&hosted.invite, "Eve").await,
    );
    for token in [&gus.token, &eve.token] {
        assert_eq!(
            app.send_as(token, Method::POST, "/api/presence", &presence(""))
                .await
                .0,
            200
        );
    }
    let remove = |member: &str| json!({ "memberId": member });
    let (status, body) = app
        .send_as(
            &gus.token,
            Method::DELETE,
            "/api/presence",
            &remove(&eve.member_id),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("not_yourself"))
    );
    assert_eq!(app.roster_as(&gus.token).await.len(), 2);
    let (status, _) = app
        .send_as(
            &hosted.host_token,
            Method::DELETE,
            "/api/presence",
            &remove(&eve.member_id),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(app.roster_as(&gus.token).await, vec![gus.member_id.clone()]);
    assert_eq!(
        app.send_as(&gus.token, Method::DELETE, "/api/presence", &json!({}))
            .await
            .0,
        200
    );
    assert!(app.roster_as(&gus.token).await.is_empty());
}

#[tokio::test]
async fn open_mode_keeps_the_seed_contract_and_has_no_tokens() {
    let app = TestApp::builder().realtime().spawn().await;
    let (status, body) = app.post_json("/api/sessions", r#"{"name":"Seed"}"#).await;
    assert_eq!(status, 201);
    assert!(
        body.get("host").is_none() && body.get("invite").is_none(),
        "{body}"
    );
    let mut ada = app.join("room-1", "ada").await;
    let _bob = app.join("room-1", "bob").await;
    assert_eq!(ada.expect("presence.join").await["member"]["memberId"], "bob");
    let (status, body) = app
        .post_json("/api/sessions/join", r#"{"invite":"x","displayName":"y"}"#)
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("open_access"))
    );
}

#[tokio::test]
async fn a_json_route_refuses_a_body_a_browser_could_send_from_another_site() {
    let app = TestApp::builder().spawn().await;
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        let body = br#"{"name":"Forged"}"#.to_vec();
        let (status, answer) = app.send(Method::POST, "/api/sessions", content_type, body).await;
        assert_eq!(
            (status, answer["error"]["code"].as_str()),
            (415, Some("unsupported_media_type"))
        );
    }
    assert_eq!(app.session_count().await, 0);
}

#[tokio::test]
async fn in_invite_mode_the_session_list_shows_a_member_its_own_session_only() {
    let app = invite_app().await;
    let ours = app.host_session().await;
    let theirs = app.host_session().await;
    let (status, _) = app.send_as("", Method::GET, "/api/sessions", &Value::Null).await;
    assert_eq!(status, 401, "no token, no list");
    let (status, listed) = app
        .send_as(&ours.host_token, Method::GET, "/api/sessions", &Value::Null)
        .await;
    assert_eq!(status, 200, "{listed}");
    let ids: Vec<&str> = listed["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert_eq!(ids, [ours.session.as_str()]);
    let own = format!("/api/sessions?id={}", ours.session);
    let (status, _) = app
        .send_as(&ours.host_token, Method::GET, &own, &Value::Null)
        .await;
    assert_eq!(status, 200);
    let other = format!("/api/sessions?id={}", theirs.session);
    let (status, body) = app
        .send_as(&ours.host_token, Method::GET, &other, &Value::Null)
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("other_session")),
        "{body}"
    );
    // The sessions page lists no room either: it carries no member token.
    let page = app.client.get(app.url("/sessions")).send().await.unwrap();
    let html = page.text().await.unwrap();
    assert!(html.contains("invite-only"), "{html}");
    assert!(!html.contains(&theirs.session) && !html.contains(&ours.session));
}
