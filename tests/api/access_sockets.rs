//! A member's sockets in invite mode, over DynamoDB Local through the local gateway:
//! a member holds a few sockets at most, and a socket outliving its token is told so
//! and closed at its next frame, although its connection row lives on for hours.

use serde_json::json;
use std::time::Duration;
use studio::access::{MEMBER_TOKEN_TTL, Member as TokenMember, Role};
use studio::domain::{DisplayName, MemberId, SessionId};
use studio::realtime::{MAX_MEMBER_CONNECTIONS, now};
use studio_tests::TestApp;
use studio_tests::invites::{handshake_refusal, test_tokens};
use tokio_tungstenite::tungstenite::Message;

async fn invite_app() -> TestApp {
    TestApp::builder().realtime().invite(test_tokens()).spawn().await
}

#[tokio::test]
async fn one_member_token_opens_a_few_sockets_and_the_next_handshake_is_refused() {
    let app = invite_app().await;
    let hosted = app.host_session().await;
    let guest = app.join_with(&hosted.invite, "Gus").await;
    let mut sockets = Vec::new();
    for _ in 0..MAX_MEMBER_CONNECTIONS {
        sockets.push(app.enter(&guest.token, &guest.member_id).await);
    }
    assert_eq!(handshake_refusal(&app.ws_token_url(&guest.token, &[])).await, 409);
    // The flood costs the guest only: the host still gets in, and the room relays.
    let mut host = app.enter(&hosted.host_token, &hosted.host_id).await;
    sockets[0]
        .send(&json!({ "type": "message", "payload": { "text": "hi" } }))
        .await;
    assert_eq!(host.expect("room.message").await["payload"]["text"], "hi");
}

#[tokio::test]
async fn a_socket_whose_token_expired_is_told_so_and_closed_at_its_next_frame() {
    let app = invite_app().await;
    let hosted = app.host_session().await;
    let member = TokenMember {
        session: SessionId::parse(&hosted.session).unwrap(),
        member: MemberId::parse(&hosted.host_id).unwrap(),
        name: DisplayName::parse("Hana").unwrap(),
        role: Role::Host,
        expires_at: 0,
    };
    // A token with two seconds left: issued as if almost a whole lifetime ago.
    let short = test_tokens().member(&member, now() - MEMBER_TOKEN_TTL + 2).token;
    let mut socket = app.enter(&short, &hosted.host_id).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    socket
        .send(&json!({ "type": "message", "payload": { "text": "late" } }))
        .await;
    let refusal = socket.expect("error").await;
    assert_eq!(refusal["error"]["code"], "token_expired", "{refusal}");
    let after = socket.next_message().await;
    assert!(
        matches!(after, None | Some(Message::Close(_))),
        "the socket stayed open: {after:?}"
    );
    let status = handshake_refusal(&app.ws_token_url(&short, &[])).await;
    assert!(
        (400..500).contains(&status),
        "the expired token opened a socket: {status}"
    );
}
