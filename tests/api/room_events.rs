//! The room log over real WebSockets, through the local gateway on DynamoDB Local: one
//! order per room, resume after a drop, continuity loss and acknowledged sends.

use serde_json::{Value, json};
use studio_tests::ordered::Ordered;
use studio_tests::{Member, TestApp};

/// The room's seq as the member's roster tells it.
async fn roster_seq(member: &mut Member) -> u64 {
    member.send(&json!({ "type": "roster" })).await;
    let roster = member.expect("presence.roster").await;
    roster["seq"].as_u64().expect("a roster carries the room's seq")
}

/// Reads frames until a replay's last page, through the client's order keeping;
/// returns the room envelopes applied.
async fn replayed(member: &mut Member, order: &mut Ordered) -> Vec<Value> {
    let mut applied = Vec::new();
    while order.resuming {
        let frame = member.next_json().await;
        applied.extend(order.take(&frame));
    }
    applied
}

fn payloads(envelopes: &[Value]) -> Vec<Value> {
    envelopes
        .iter()
        .filter(|e| e["type"] == "room.message")
        .map(|e| e["payload"].clone())
        .collect()
}

#[tokio::test]
async fn every_envelope_a_room_receives_carries_the_next_seq_after_the_roster_one() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("seq-room", "ada").await;
    let mut bob = app.join("seq-room", "bob").await;
    ada.expect("presence.join").await;
    let start = roster_seq(&mut bob).await;
    assert!(start >= 2, "two joins were sequenced before the roster: {start}");
    for i in 0..3 {
        ada.send(&json!({ "type": "message", "payload": i })).await;
    }
    let mut seqs = Vec::new();
    for _ in 0..3 {
        seqs.push(bob.expect("room.message").await["seq"].as_u64().unwrap());
    }
    assert_eq!(seqs, [start + 1, start + 2, start + 3]);
    // Another room has an order of its own.
    let mut cy = app.join("other-room", "cy").await;
    assert_eq!(roster_seq(&mut cy).await, 1);
}

#[tokio::test]
async fn a_member_that_reconnects_gets_what_it_missed_in_order_then_live_envelopes() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("drop-room", "ada").await;
    let mut bob = app.join("drop-room", "bob").await;
    ada.expect("presence.join").await;
    let mut order = Ordered::at(roster_seq(&mut bob).await);
    ada.send(&json!({ "type": "message", "payload": "before" })).await;
    order.take(&bob.expect("room.message").await);
    bob.leave().await;
    ada.expect("presence.leave").await;
    for i in 0..5 {
        ada.send(&json!({ "type": "message", "payload": i })).await;
    }
    let mut bob = app.join("drop-room", "bob").await;
    let resume = order.resume();
    bob.send(&resume).await;
    // Ada's frames may still be on their way: what the replay leaves out comes live.
    let mut applied = replayed(&mut bob, &mut order).await;
    assert_eq!(applied[0]["type"], "presence.leave", "bob's own departure");
    ada.send(&json!({ "type": "message", "payload": "live" })).await;
    while !applied.iter().any(|e| e["payload"] == "live") {
        applied.extend(order.take(&bob.next_json().await));
    }
    let expected: Vec<Value> = (0..5).map(|i| json!(i)).chain([json!("live")]).collect();
    assert_eq!(payloads(&applied), expected);
    let seqs: Vec<u64> = applied.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
    let first = resume["after"].as_u64().unwrap() + 1;
    assert_eq!(seqs, (first..first + seqs.len() as u64).collect::<Vec<_>>());
}

#[tokio::test]
async fn a_resume_from_the_current_seq_is_one_empty_last_page() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("quiet-room", "ada").await;
    let seq = roster_seq(&mut ada).await;
    ada.send(&json!({ "type": "resume", "after": seq })).await;
    let page = ada.expect("room.replay").await;
    assert_eq!(page["envelopes"], json!([]));
    assert_eq!(
        (page["last"].as_bool(), page["through"].as_u64()),
        (Some(true), Some(seq))
    );
}

#[tokio::test]
async fn a_resume_past_the_rooms_bound_or_from_an_unknown_seq_is_told_continuity_was_lost() {
    let app = TestApp::builder().room_retention(3600, 10).spawn().await;
    let mut ada = app.join("busy-room", "ada").await;
    let mut bob = app.join("busy-room", "bob").await;
    ada.expect("presence.join").await;
    for i in 0..12 {
        ada.send(&json!({ "type": "message", "payload": i })).await;
    }
    for _ in 0..12 {
        bob.expect("room.message").await;
    }
    let current = roster_seq(&mut bob).await;
    for after in [0, current + 5] {
        bob.send(&json!({ "type": "resume", "after": after })).await;
        let lost = bob.expect("continuity.lost").await;
        assert_eq!(
            (lost["after"].as_u64(), lost["seq"].as_u64()),
            (Some(after), Some(current))
        );
    }
    // Within the bound, the same room replays.
    bob.send(&json!({ "type": "resume", "after": current - 3 })).await;
    let page = bob.expect("room.replay").await;
    let seqs: Vec<u64> = page["envelopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(seqs, [current - 2, current - 1, current]);
}

#[tokio::test]
async fn a_message_sent_twice_with_one_id_is_acknowledged_twice_with_one_seq_and_relayed_once() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("ack-room", "ada").await;
    let mut bob = app.join("ack-room", "bob").await;
    ada.expect("presence.join").await;
    let frame = json!({ "type": "message", "id": "m-1", "payload": "once" });
    ada.send(&frame).await;
    let first = ada.expect("ack").await;
    assert_eq!(
        (first["id"].as_str(), first["repeated"].as_bool()),
        (Some("m-1"), Some(false))
    );
    ada.send(&frame).await;
    let again = ada.expect("ack").await;
    assert_eq!(
        (again["seq"].as_u64(), again["repeated"].as_bool()),
        (first["seq"].as_u64(), Some(true))
    );
    ada.send(&json!({ "type": "message", "payload": "after" })).await;
    let mut relayed = Vec::new();
    loop {
        let message = bob.expect("room.message").await;
        relayed.push(message["payload"].clone());
        if message["payload"] == "after" {
            break;
        }
    }
    assert_eq!(relayed, [json!("once"), json!("after")]);
    // Another member's id of the same spelling is its own message.
    bob.send(&json!({ "type": "message", "id": "m-1", "payload": "bob's" }))
        .await;
    assert_eq!(bob.expect("ack").await["repeated"], false);
    assert_eq!(payloads(&[ada.expect("room.message").await]), [json!("bob's")]);
}

#[tokio::test]
async fn a_bad_message_id_or_resume_point_is_refused_with_the_rooms_seq() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("bad-room", "ada").await;
    let seq = roster_seq(&mut ada).await;
    for bad in [
        json!({ "type": "message", "id": "", "payload": 1 }),
        json!({ "type": "resume", "after": -1 }),
    ] {
        ada.send_invalid(&bad.to_string()).await;
        let error = ada.expect("error").await;
        assert_eq!(error["error"]["code"], "invalid_frame");
        assert_eq!(error["seq"].as_u64(), Some(seq));
    }
}
