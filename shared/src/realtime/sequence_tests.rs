//! Unit tests of sequencing and resume over the in-memory log.

use super::*;
use crate::adapters::memory::{
    InMemoryConnectionStore, InMemoryPresenceStore, InMemoryRoomLog, InMemorySender,
};
use crate::realtime::{Resumed, Retention};
use serde_json::json;
use std::sync::Arc;

fn rooms(log: Arc<InMemoryRoomLog>, sender: Arc<InMemorySender>) -> Realtime {
    Realtime {
        presence: Arc::new(InMemoryPresenceStore::default()),
        connections: Arc::new(InMemoryConnectionStore::default()),
        sender,
        log,
        retention: Retention {
            seconds: 3600,
            bound: 10,
        },
        rate: Default::default(),
        concurrency: 2,
        revocations: Arc::new(crate::access::NoRevocations),
    }
}

#[tokio::test]
async fn each_envelope_gets_the_next_seq_of_its_own_room_and_is_stored_with_it() {
    let rt = rooms(Arc::default(), Arc::default());
    let (a, b) = (RoomId::parse("a").unwrap(), RoomId::parse("b").unwrap());
    for (room, expected) in [(&a, 1), (&a, 2), (&b, 1), (&a, 3)] {
        let Sequenced::New { seq, text } = rt.sequence(room, &json!({ "x": 1 }), None).await.unwrap() else {
            panic!("no id, no repeat")
        };
        assert_eq!(seq, expected);
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap()["seq"], expected);
    }
    let stored = rt.log.range(&a, 1, 3, 10, 0).await.unwrap();
    assert_eq!(stored.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2, 3]);
}

#[tokio::test]
async fn a_room_keeps_no_more_than_its_bound() {
    let rt = rooms(Arc::default(), Arc::default());
    let room = RoomId::parse("a").unwrap();
    for _ in 0..25 {
        rt.sequence(&room, &json!({}), None).await.unwrap();
    }
    let kept = rt.log.range(&room, 1, 25, 100, 0).await.unwrap();
    assert_eq!(kept.first().map(|e| e.seq), Some(16));
    assert_eq!(kept.len(), 10);
}

#[tokio::test]
async fn a_member_sending_an_id_again_gets_the_first_seq_and_nothing_is_stored_to_send() {
    let rt = rooms(Arc::default(), Arc::default());
    let room = RoomId::parse("a").unwrap();
    let (ada, bob) = (MemberId::parse("ada").unwrap(), MemberId::parse("bob").unwrap());
    let first = rt.sequence(&room, &json!(1), Some((&ada, "m"))).await.unwrap();
    assert!(matches!(first, Sequenced::New { seq: 1, .. }));
    let again = rt.sequence(&room, &json!(1), Some((&ada, "m"))).await.unwrap();
    assert_eq!(again, Sequenced::Repeat { seq: 1 });
    let bobs = rt.sequence(&room, &json!(1), Some((&bob, "m"))).await.unwrap();
    assert!(matches!(bobs, Sequenced::New { seq: 3, .. }));
    let stored = rt.log.range(&room, 1, 3, 10, 0).await.unwrap();
    assert_eq!(
        stored[1],
        Entry {
            seq: 2,
            envelope: None
        },
        "the repeat's seq is a placeholder"
    );
}

#[tokio::test]
async fn a_resume_skips_a_hole_nothing_was_sent_with_but_not_a_lost_oldest_envelope() {
    let log = Arc::new(InMemoryRoomLog::default());
    let sender = Arc::new(InMemorySender::default());
    let rt = rooms(log.clone(), sender.clone());
    let room = RoomId::parse("a").unwrap();
    for i in 0..5 {
        rt.sequence(&room, &json!({ "i": i }), None).await.unwrap();
    }
    log.lose(&room, 3);
    let resumed = rt.resume(None, "c", &room, 1).await.unwrap();
    assert_eq!(
        resumed,
        Resumed::Replayed {
            envelopes: 3,
            through: 5
        }
    );
    let page: Value = serde_json::from_str(&sender.sent()[0].1).unwrap();
    let seqs: Vec<&Value> = page["envelopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["seq"])
        .collect();
    assert_eq!(seqs, [2, 4, 5]);
    log.lose(&room, 2);
    assert_eq!(
        rt.resume(None, "c", &room, 1).await.unwrap(),
        Resumed::Lost { seq: 5 }
    );
    let lost: Value = serde_json::from_str(&sender.sent()[1].1).unwrap();
    assert_eq!(
        lost,
        json!({ "type": "continuity.lost", "roomId": "a", "after": 1, "seq": 5 })
    );
}
