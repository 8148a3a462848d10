//! What can go wrong on a room's WebSockets: stale connections (410), bad handshakes
//! and bad frames.

use serde_json::json;
use studio::domain::{DisplayName, MemberId, PresenceStatus, RoomId, Ttl};
use studio::realtime::{CONNECTION_TTL_SECONDS, Connection, PresenceWrite, now};
use studio_tests::TestApp;
use tokio_tungstenite::tungstenite::Error;

#[tokio::test]
async fn a_connection_gone_without_disconnect_is_cleaned_up_while_the_others_receive() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("room-1", "ada").await;
    let mut bob = app.join("room-1", "bob").await;
    ada.expect("presence.join").await;
    // A member whose socket vanished without $disconnect: rows, but no connection.
    let (room, ghost, name) = (
        RoomId::parse("room-1").unwrap(),
        MemberId::parse("ghost").unwrap(),
        DisplayName::parse("Ghost").unwrap(),
    );
    let t = now();
    let row = Connection {
        connection_id: "GhostConn0000A=".into(),
        room_id: room.clone(),
        member_id: ghost.clone(),
        display_name: name.clone(),
        // Connected well before this test's fan-out: a 410 now means it is gone.
        connected_at: t - 60,
        expires_at: t + CONNECTION_TTL_SECONDS,
        token_expires_at: None,
    };
    app.rooms().connections.put(&row).await.unwrap();
    let write = PresenceWrite {
        room: &room,
        member: &ghost,
        display_name: &name,
        status: Some(&PresenceStatus::online()),
        ttl: Ttl::default(),
        now: t,
        connection: Some("GhostConn0000A="),
    };
    app.rooms().presence.upsert(write).await.unwrap();
    assert_eq!(app.roster("room-1").await, ["ada", "bob", "ghost"]);

    ada.send(&json!({ "type": "message", "payload": "take two" }))
        .await;
    assert_eq!(bob.expect("room.message").await["payload"], "take two");
    assert_eq!(bob.expect("presence.leave").await["memberId"], "ghost");
    assert_eq!(ada.expect("presence.leave").await["memberId"], "ghost");
    assert_eq!(
        app.rooms()
            .connections
            .get("GhostConn0000A=", now())
            .await
            .unwrap(),
        None
    );
    assert_eq!(app.roster("room-1").await, ["ada", "bob"]);
}

#[tokio::test]
async fn a_handshake_without_valid_parameters_is_refused_with_a_4xx() {
    let app = TestApp::builder().realtime().spawn().await;
    let bad = [
        format!("ws://{}/?memberId=ada&displayName=Ada", app.ws_addr),
        app.ws_url("room-1", "", "Ada"),
        app.ws_url("room 1", "ada", "Ada"),
        app.ws_url("room-1", "ada", "   "),
        format!("{}&ttlSeconds=1", app.ws_url("room-1", "ada", "Ada")),
    ];
    for url in bad {
        match tokio_tungstenite::connect_async(&url).await {
            Err(Error::Http(response)) => {
                assert_eq!(response.status().as_u16(), 400, "{url}");
                let body = String::from_utf8(response.body().clone().unwrap_or_default()).unwrap();
                assert!(body.contains("\"code\""), "{url}: {body}");
            }
            other => panic!("{url}: expected a refused handshake, got {other:?}"),
        }
    }
    assert!(app.roster("room-1").await.is_empty());
    let room = RoomId::parse("room-1").unwrap();
    assert!(
        app.rooms()
            .connections
            .in_room(&room, now())
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn bad_frames_get_error_envelopes_and_break_nothing() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("room-1", "ada").await;
    let mut bob = app.join("room-1", "bob").await;
    ada.expect("presence.join").await;
    let oversized = json!({ "type": "message", "payload": "x".repeat(33 * 1024) }).to_string();
    let frames = [
        ("not json", "malformed_json"),
        (r#"{"type":"message"}"#, "invalid_frame"),
        (r#"{"type":"status","status":"LOUD"}"#, "invalid_status"),
        (r#"{"type":"heartbeat","ttlSeconds":1}"#, "invalid_ttl"),
        (oversized.as_str(), "frame_too_large"),
    ];
    for (frame, code) in frames {
        bob.send_invalid(frame).await;
        let reply = bob.next_json().await;
        assert_eq!(
            (reply["type"].as_str(), reply["error"]["code"].as_str()),
            (Some("error"), Some(code))
        );
    }
    bob.send(&json!({ "type": "message", "payload": "still here" }))
        .await;
    assert_eq!(
        ada.next_json().await["payload"],
        "still here",
        "nothing bad was relayed"
    );
}

#[tokio::test]
async fn a_seed_client_sending_bare_json_reaches_the_room_as_a_room_message() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("room-1", "ada").await;
    let mut bob = app.join("room-1", "bob").await;
    ada.expect("presence.join").await;
    for payload in [
        json!({ "text": "hi" }),
        json!({ "type": "chat", "text": "hi" }),
        json!([1, 2]),
        json!("hello"),
    ] {
        bob.send(&payload).await;
        let relayed = ada.expect("room.message").await;
        assert_eq!(relayed["payload"], payload);
        assert_eq!(relayed["from"]["memberId"], "bob");
    }
}
