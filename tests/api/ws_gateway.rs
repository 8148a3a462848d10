//! The local WebSocket API behaves as API Gateway's does: the 128 KB message limit, the
//! idle timeout, and the `@connections` management API.

use serde_json::json;
use studio_tests::TestApp;
use tokio_tungstenite::tungstenite::Message;

#[tokio::test]
async fn a_message_over_128_kib_closes_the_socket_with_1009() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("room-1", "ada").await;
    let mut bob = app.join("room-1", "bob").await;
    ada.expect("presence.join").await;
    bob.send_invalid(&"x".repeat(129 * 1024)).await;
    match bob.next_message().await {
        Some(Message::Close(Some(frame))) => assert_eq!(u16::from(frame.code), 1009),
        other => panic!("expected a 1009 close, got {other:?}"),
    }
    assert_eq!(ada.expect("presence.leave").await["memberId"], "bob");
}

#[tokio::test]
async fn the_connections_api_posts_describes_and_closes_and_answers_410_for_unknown_ids() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("room-1", "ada").await;
    let id = app.only_connection("room-1").await;
    let post = reqwest::Method::POST;
    let posted = app
        .management(
            post.clone(),
            &format!("/local/@connections/{id}"),
            "{\"hi\":1}",
            true,
        )
        .await;
    assert_eq!(posted.status().as_u16(), 200);
    assert_eq!(ada.next_json_unchecked().await, json!({ "hi": 1 }));
    let described: serde_json::Value = app
        .management(reqwest::Method::GET, &format!("/@connections/{id}"), "", true)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        described["connectedAt"].is_string() && described["lastActiveAt"].is_string(),
        "{described}"
    );
    assert_eq!(described["identity"]["sourceIp"], "127.0.0.1");
    let deleted = app
        .management(reqwest::Method::DELETE, &format!("/@connections/{id}"), "", true)
        .await;
    assert_eq!(deleted.status().as_u16(), 204);
    assert!(matches!(ada.next_message().await, Some(Message::Close(_)) | None));
    let gone = app
        .management(post, &format!("/@connections/{id}"), "x", true)
        .await;
    assert_eq!(gone.status().as_u16(), 410);
    assert_eq!(gone.headers()["x-amzn-errortype"], "GoneException");
}

#[tokio::test]
async fn an_unsigned_connections_call_from_another_process_is_refused_and_reaches_nobody() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("room-1", "ada").await;
    let id = app.only_connection("room-1").await;
    for method in [
        reqwest::Method::POST,
        reqwest::Method::GET,
        reqwest::Method::DELETE,
    ] {
        let refused = app
            .management(
                method,
                &format!("/local/@connections/{id}"),
                "{\"forged\":1}",
                false,
            )
            .await;
        assert_eq!(refused.status().as_u16(), 403);
    }
    // The socket is still open and got nothing: a signed post is its next frame.
    let posted = app
        .management(
            reqwest::Method::POST,
            &format!("/local/@connections/{id}"),
            "{\"hi\":2}",
            true,
        )
        .await;
    assert_eq!(posted.status().as_u16(), 200);
    assert_eq!(ada.next_json_unchecked().await, json!({ "hi": 2 }));
}

#[tokio::test]
async fn an_idle_connection_is_closed_with_1001_and_leaves_the_room() {
    let settings = local_gateway::WsSettings {
        idle_timeout: std::time::Duration::from_millis(1500),
        ..Default::default()
    };
    let app = TestApp::builder().ws_settings(settings).spawn().await;
    let mut ada = app.join("room-1", "ada").await;
    let mut bob = app.join("room-1", "bob").await;
    assert_eq!(ada.expect("presence.join").await["member"]["memberId"], "bob");
    // Bob stays active (each roster request resets his idle timer) until Ada, silent
    // since she joined, is closed and the room told.
    let leave = loop {
        bob.send(&json!({ "type": "roster" })).await;
        let frame = bob.next_json().await;
        if frame["type"] == "presence.leave" {
            break frame;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(leave["memberId"], "ada");
    let close = loop {
        match ada.next_message().await {
            Some(Message::Text(_)) => continue,
            other => break other,
        }
    };
    match close {
        Some(Message::Close(Some(frame))) => assert_eq!(u16::from(frame.code), 1001),
        other => panic!("expected a 1001 close, got {other:?}"),
    }
    assert_eq!(app.roster("room-1").await, ["bob"]);
}
