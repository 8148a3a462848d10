//! Rooms over real WebSockets through the local gateway, on DynamoDB Local: arrivals,
//! messages, departures and rosters.

use serde_json::json;
use std::time::Duration;
use studio::domain::RoomId;
use studio::realtime::now;
use studio_tests::TestApp;

#[tokio::test]
async fn two_members_of_a_room_see_each_other_arrive() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("room-1", "ada").await;
    let mut bob = app.join("room-1", "bob").await;
    let join = ada.expect("presence.join").await;
    assert_eq!(join["roomId"], "room-1");
    assert_eq!(join["member"]["memberId"], "bob");
    assert_eq!(join["member"]["displayName"], "bob name");
    assert_eq!(join["member"]["status"], "online");
    // Bob arrived second: the roster he asks for shows him Ada's arrival.
    assert_eq!(bob.roster_ids().await, ["ada", "bob"]);
    assert_eq!(app.roster("room-1").await, ["ada", "bob"]);
}

#[tokio::test]
async fn a_message_reaches_the_rest_of_the_room_and_nobody_else() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("room-a", "ada").await;
    let mut bob = app.join("room-a", "bob").await;
    let mut cy = app.join("room-b", "cy").await;
    let mut dee = app.join("room-b", "dee").await;
    ada.expect("presence.join").await;
    cy.expect("presence.join").await;

    ada.send(&json!({ "type": "message", "payload": { "note": "C#", "bar": 4 } }))
        .await;
    let message = bob.expect("room.message").await;
    assert_eq!(message["payload"], json!({ "note": "C#", "bar": 4 }));
    assert_eq!(
        message["from"],
        json!({ "memberId": "ada", "displayName": "ada name" })
    );
    assert_eq!(message["roomId"], "room-a");

    // Frames of one connection are handled in order, so anything Ada's message sent her
    // would arrive before the roster she asks for next.
    ada.send(&json!({ "type": "roster" })).await;
    assert_eq!(ada.next_json().await["type"], "presence.roster");
    // Ada's fan-out had finished before Dee spoke, so a leak would reach Cy first.
    dee.send(&json!({ "type": "message", "payload": "hello b" }))
        .await;
    let first = cy.next_json().await;
    assert_eq!(
        (first["type"].as_str(), &first["payload"]),
        (Some("room.message"), &json!("hello b"))
    );
}

#[tokio::test]
async fn closing_a_socket_tells_the_room_and_removes_the_rows() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("room-1", "ada").await;
    let bob = app.join("room-1", "bob").await;
    ada.expect("presence.join").await;
    bob.leave().await;
    let leave = ada.expect("presence.leave").await;
    assert_eq!(leave["memberId"], "bob");
    assert_eq!(app.roster("room-1").await, ["ada"]);
    let room = RoomId::parse("room-1").unwrap();
    let connections = app.rooms().connections.in_room(&room, now()).await.unwrap();
    let members: Vec<&str> = connections.iter().map(|c| c.member_id.as_str()).collect();
    assert_eq!(members, ["ada"]);
}

#[tokio::test]
async fn a_member_with_two_connections_is_announced_once_and_stays_until_the_last_one_closes() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("room-1", "ada").await;
    let bob_phone = app.join("room-1", "bob").await;
    let bob_laptop = app.join("room-1", "bob").await;
    assert_eq!(ada.expect("presence.join").await["member"]["memberId"], "bob");
    let second = ada.try_next_json(Duration::from_millis(500)).await;
    assert!(second.is_none(), "bob's second socket was announced: {second:?}");
    bob_phone.leave().await;
    assert_eq!(app.roster("room-1").await, ["ada", "bob"]);
    bob_laptop.leave().await;
    assert_eq!(ada.expect("presence.leave").await["memberId"], "bob");
    assert_eq!(app.roster("room-1").await, ["ada"]);
}

#[tokio::test]
async fn heartbeats_refresh_and_status_changes_are_told_to_the_room() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("room-1", "ada").await;
    let mut bob = app.join("room-1", "bob").await;
    ada.expect("presence.join").await;
    let before = now();
    bob.send(&json!({ "type": "heartbeat", "ttlSeconds": 600 })).await;
    bob.send(&json!({ "type": "status", "status": "recording" }))
        .await;
    let update = ada.expect("presence.update").await;
    assert_eq!(update["member"]["status"], "recording");
    bob.send(&json!({ "type": "heartbeat", "ttlSeconds": 600 })).await;
    bob.send(&json!({ "type": "roster" })).await;
    let roster = bob.expect("presence.roster").await;
    let me = roster["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["memberId"] == "bob")
        .unwrap()
        .clone();
    assert_eq!(me["status"], "recording", "a heartbeat keeps the status");
    assert!(me["expiresAt"].as_i64().unwrap() >= before + 600, "{me}");
}
