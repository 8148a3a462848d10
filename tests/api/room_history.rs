//! A room's history over HTTP and the message rate limit, through the local gateway on
//! DynamoDB Local.

use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;
use studio_tests::TestApp;
use studio_tests::invites::test_tokens;

fn message_payloads(page: &Value) -> Vec<Value> {
    page["envelopes"]
        .as_array()
        .expect("a page lists envelopes")
        .iter()
        .filter(|e| e["type"] == "room.message")
        .map(|e| e["payload"].clone())
        .collect()
}

#[tokio::test]
async fn history_pages_back_from_the_newest_envelope_and_forward_from_a_seq() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("history-room", "ada").await;
    let mut bob = app.join("history-room", "bob").await;
    ada.expect("presence.join").await;
    for i in 0..7 {
        ada.send(&json!({ "type": "message", "payload": i })).await;
        bob.expect("room.message").await;
    }
    let (status, newest) = app.get("/api/rooms/history?roomId=history-room&limit=4").await;
    assert_eq!(status, 200, "{newest}");
    assert_eq!(
        message_payloads(&newest),
        [json!(6), json!(5), json!(4), json!(3)]
    );
    let seqs: Vec<u64> = newest["envelopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(
        seqs[0],
        newest["seq"].as_u64().unwrap(),
        "the newest envelope has the room's seq"
    );
    assert!(
        seqs.windows(2).all(|w| w[0] == w[1] + 1),
        "newest first, no gaps: {seqs:?}"
    );

    let before = newest["next"].as_u64().expect("older envelopes are kept");
    let (_, older) = app
        .get(&format!(
            "/api/rooms/history?roomId=history-room&before={before}&limit=4"
        ))
        .await;
    assert_eq!(message_payloads(&older), [json!(2), json!(1), json!(0)]);
    assert_eq!(older["envelopes"].as_array().unwrap().len(), 4, "and bob's join");

    let after = seqs[3];
    let (_, forward) = app
        .get(&format!("/api/rooms/history?roomId=history-room&after={after}"))
        .await;
    assert_eq!(message_payloads(&forward), [json!(4), json!(5), json!(6)]);
    assert_eq!(
        forward["next"],
        Value::Null,
        "the forward page reached the current seq"
    );
}

#[tokio::test]
async fn bad_paging_is_refused_with_a_clear_code() {
    let app = TestApp::builder().realtime().spawn().await;
    for query in ["before=1&after=2", "before=-1", "after=x", "limit=0", "limit=201"] {
        let (status, body) = app.get(&format!("/api/rooms/history?roomId=r&{query}")).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (400, Some("invalid_paging")),
            "{query}: {body}"
        );
    }
}

#[tokio::test]
async fn in_invite_mode_only_the_rooms_members_read_its_history() {
    let app = TestApp::builder().realtime().invite(test_tokens()).spawn().await;
    let ours = app.host_session().await;
    let theirs = app.host_session().await;
    let path = format!("/api/rooms/history?roomId={}", ours.session);
    let (status, body) = app
        .send_as(&theirs.host_token, Method::GET, &path, &Value::Null)
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("other_session"))
    );
    let (status, body) = app
        .send_as(&ours.host_token, Method::GET, &path, &Value::Null)
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = app.get(&path).await;
    assert_eq!(status, 401, "no token, no history");
}

#[tokio::test]
async fn a_member_past_the_message_rate_is_told_and_its_extra_messages_are_not_relayed() {
    // 5 per minute: sent within a few seconds, the 12 messages span two windows at most.
    let app = TestApp::builder().message_rate(5, 60).spawn().await;
    let mut ada = app.join("busy-room", "ada").await;
    let mut bob = app.join("busy-room", "bob").await;
    ada.expect("presence.join").await;
    let sent = 12;
    for i in 0..sent {
        ada.send(&json!({ "type": "message", "id": format!("m{i}"), "payload": i }))
            .await;
    }
    // Every message is answered to its sender: an ack, or the refusal.
    let (mut acked, mut limited) = (0, 0);
    while acked + limited < sent {
        let frame = ada.next_json().await;
        match frame["type"].as_str() {
            Some("ack") => acked += 1,
            Some("error") => {
                assert_eq!(frame["error"]["code"], "rate_limited", "{frame}");
                limited += 1;
            }
            _ => {}
        }
    }
    let mut relayed = 0;
    while relayed < acked {
        relayed += usize::from(bob.next_json().await["type"] == "room.message");
    }
    let extra = bob.try_next_json(Duration::from_secs(1)).await;
    println!("rate limit 5/60 s: {sent} sent, {acked} acknowledged and relayed, {limited} refused");
    let extra_message = extra.as_ref().is_some_and(|f| f["type"] == "room.message");
    assert!(
        !extra_message,
        "only acknowledged messages are relayed: {extra:?}"
    );
    assert!(
        (5..=10).contains(&acked),
        "one or two windows' worth pass: {acked}"
    );
}
