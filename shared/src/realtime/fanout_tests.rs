//! Unit tests of the fan-out over in-memory stores.

use super::*;
use crate::adapters::memory::{
    InMemoryConnectionStore, InMemoryPresenceStore, InMemoryRoomLog, InMemorySender,
};
use crate::domain::{DisplayName, PresenceStatus, Ttl};
use crate::realtime::PresenceWrite;
use std::sync::Arc;

/// A connection that connected a minute ago (long past its handshake).
fn connection(id: &str, room: &str, member: &str) -> Connection {
    let now = super::super::now();
    Connection {
        connection_id: id.into(),
        room_id: RoomId::parse(room).unwrap(),
        member_id: MemberId::parse(member).unwrap(),
        display_name: DisplayName::parse(member).unwrap(),
        connected_at: now - 60,
        expires_at: now + 60,
        token_expires_at: None,
    }
}

async fn room_of(connections: &[Connection], sender: Arc<InMemorySender>) -> Realtime {
    let rt = Realtime {
        presence: Arc::new(InMemoryPresenceStore::default()),
        connections: Arc::new(InMemoryConnectionStore::default()),
        sender,
        log: Arc::new(InMemoryRoomLog::default()),
        retention: Default::default(),
        rate: Default::default(),
        concurrency: 4,
        revocations: Arc::new(crate::access::NoRevocations),
    };
    for c in connections {
        rt.connections.put(c).await.unwrap();
        let write = PresenceWrite {
            room: &c.room_id,
            member: &c.member_id,
            display_name: &c.display_name,
            status: Some(&PresenceStatus::online()),
            ttl: Ttl::default(),
            now: super::super::now(),
            connection: Some(&c.connection_id),
        };
        rt.presence.upsert(write).await.unwrap();
    }
    rt
}

#[tokio::test]
async fn a_broadcast_reaches_the_room_except_the_sender_and_no_other_room() {
    let sender = Arc::new(InMemorySender::default());
    let cs = [
        connection("a", "r1", "ada"),
        connection("b", "r1", "bob"),
        connection("c", "r2", "cy"),
    ];
    let rt = room_of(&cs, sender.clone()).await;
    let room = RoomId::parse("r1").unwrap();
    let delivered = rt
        .broadcast(None, &room, &serde_json::json!({"x": 1}), Some("a"))
        .await
        .unwrap();
    assert_eq!(delivered, 1);
    let to: Vec<String> = sender.sent().into_iter().map(|(id, _)| id).collect();
    assert_eq!(to, ["b"]);
}

#[tokio::test]
async fn a_gone_connection_is_removed_with_its_presence_and_the_room_told() {
    let sender = Arc::new(InMemorySender::default());
    let cs = [
        connection("a", "r1", "ada"),
        connection("b", "r1", "bob"),
        connection("g", "r1", "ghost"),
    ];
    let rt = room_of(&cs, sender.clone()).await;
    sender.mark_gone("g");
    let room = RoomId::parse("r1").unwrap();
    let delivered = rt
        .broadcast(None, &room, &serde_json::json!({"x": 1}), None)
        .await
        .unwrap();
    assert_eq!(delivered, 2);
    let now = super::super::now();
    assert_eq!(rt.connections.get("g", now).await.unwrap(), None);
    let members: Vec<String> = rt
        .presence
        .members(&room, now)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.member_id.to_string())
        .collect();
    assert_eq!(members, ["ada", "bob"]);
    let leaves = sender
        .sent()
        .into_iter()
        .filter(|(_, text)| text.contains("presence.leave"))
        .count();
    assert_eq!(leaves, 2, "ada and bob hear that the ghost left");
}

fn sent_of(sender: &InMemorySender, kind: &str) -> Vec<(String, String)> {
    let kind = format!(r#""type":"{kind}""#);
    sender
        .sent()
        .into_iter()
        .filter(|(_, text)| text.contains(&kind))
        .collect()
}

#[tokio::test]
async fn a_410_from_a_connection_still_connecting_is_not_taken_for_gone() {
    let sender = Arc::new(InMemorySender::default());
    let mut newcomer = connection("n", "r1", "nia");
    newcomer.connected_at = super::super::now();
    let rt = room_of(&[connection("a", "r1", "ada"), newcomer], sender.clone()).await;
    sender.mark_gone("n");
    let room = RoomId::parse("r1").unwrap();
    rt.broadcast(None, &room, &serde_json::json!({"type": "x"}), None)
        .await
        .unwrap();
    let now = super::super::now();
    assert!(
        rt.connections.get("n", now).await.unwrap().is_some(),
        "the newcomer's row stays"
    );
    assert_eq!(rt.presence.members(&room, now).await.unwrap().len(), 2);
    assert!(sent_of(&sender, "presence.leave").is_empty());
}

#[tokio::test]
async fn a_mass_drop_tells_each_departed_member_once_in_one_more_pass() {
    let sender = Arc::new(InMemorySender::default());
    let gone = [
        connection("g1", "r1", "ghost"),
        connection("g2", "r1", "ghost"),
        connection("h1", "r1", "haunt"),
    ];
    let mut all = vec![connection("a", "r1", "ada"), connection("b", "r1", "bob")];
    all.extend(gone.iter().cloned());
    let rt = room_of(&all, sender.clone()).await;
    for c in &gone {
        sender.mark_gone(&c.connection_id);
    }
    let room = RoomId::parse("r1").unwrap();
    rt.broadcast(None, &room, &serde_json::json!({"type": "x"}), None)
        .await
        .unwrap();
    let leaves = sent_of(&sender, "presence.leave");
    assert_eq!(
        leaves.len(),
        4,
        "ghost and haunt, each told to ada and bob once: {leaves:?}"
    );
    let members = rt.presence.members(&room, super::super::now()).await.unwrap();
    assert_eq!(members.len(), 2);
}

#[tokio::test]
async fn closing_one_of_two_connections_keeps_the_member_and_the_last_removes_it() {
    let rt = room_of(
        &[connection("t1", "r1", "ada"), connection("t2", "r1", "ada")],
        Arc::default(),
    )
    .await;
    let first = rt.close("t1").await.unwrap().unwrap();
    assert!(!first.member_left);
    assert!(
        rt.close("t1").await.unwrap().is_none(),
        "closing twice is harmless"
    );
    let last = rt.close("t2").await.unwrap().unwrap();
    assert!(last.member_left);
    let room = RoomId::parse("r1").unwrap();
    assert!(
        rt.presence
            .members(&room, super::super::now())
            .await
            .unwrap()
            .is_empty()
    );
}
