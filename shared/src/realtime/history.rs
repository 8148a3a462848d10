//! History: a room's stored envelopes read back, a page at a time, by seq — the newest
//! first (what a member entering the room shows), or forward from a seq (what a client
//! catching up reads).

use serde::Serialize;
use serde_json::Value;

use super::Realtime;
use crate::domain::{RoomId, Window};
use crate::store::StoreError;

/// Envelopes in one history page at most: a page of full-size messages is then about
/// 6 MB, inside what a Lambda function may answer.
pub const MAX_HISTORY_PAGE: usize = 200;

/// Envelopes in a page when the reader does not say.
pub const DEFAULT_HISTORY_PAGE: usize = 50;

/// A page of a room's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct History {
    pub room_id: RoomId,
    /// The room's current seq.
    pub seq: u64,
    /// Stored envelopes exactly as the room received them (each with its `seq`), in the
    /// page's order.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub envelopes: Vec<Value>,
    /// The next page's cursor (`?before=` for newest-first pages, `?after=` for forward
    /// ones), or `None` when this page reached the end of what is kept.
    pub next: Option<u64>,
}

impl Realtime {
    /// Reads one page of `room`'s history, at most `limit` envelopes.
    pub async fn history(
        &self,
        room: &RoomId,
        window: Window,
        limit: usize,
        now: i64,
    ) -> Result<History, StoreError> {
        let current = self.log.current(room).await?;
        let limit = limit.clamp(1, MAX_HISTORY_PAGE);
        let (from, to) = match window {
            Window::Newest { before } => {
                let to = before.map_or(current, |b| b.saturating_sub(1).min(current));
                (to.saturating_sub(limit as u64 - 1).max(1), to)
            }
            Window::After(after) => (
                after.saturating_add(1),
                after.saturating_add(limit as u64).min(current),
            ),
        };
        let entries = match from <= to {
            true => self.log.range(room, from, to, limit, now).await?,
            false => Vec::new(),
        };
        let mut envelopes: Vec<Value> = entries
            .iter()
            .filter_map(|e| e.envelope.as_deref())
            .filter_map(|text| serde_json::from_str(text).ok())
            .collect();
        let next = match window {
            // Older entries than `from` are kept only while the window read found some:
            // an empty window is past the retention or the bound.
            Window::Newest { .. } => (from > 1 && !entries.is_empty()).then_some(from),
            Window::After(_) => (to < current).then_some(to),
        };
        if let Window::Newest { .. } = window {
            envelopes.reverse();
        }
        Ok(History {
            room_id: room.clone(),
            seq: current,
            envelopes,
            next,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::memory::{
        InMemoryConnectionStore, InMemoryPresenceStore, InMemoryRoomLog, InMemorySender,
    };
    use crate::realtime::{Entry, RoomLog};
    use serde_json::json;
    use std::sync::Arc;

    async fn room_with(seqs: u64) -> (Realtime, RoomId) {
        let log = Arc::new(InMemoryRoomLog::default());
        let room = RoomId::parse("r").unwrap();
        for seq in 1..=seqs {
            assert_eq!(log.next(&room).await.unwrap(), seq);
            let envelope = Some(json!({ "type": "room.message", "seq": seq }).to_string());
            log.store(&room, &Entry { seq, envelope }, i64::MAX, None)
                .await
                .unwrap();
        }
        let rt = Realtime {
            presence: Arc::new(InMemoryPresenceStore::default()),
            connections: Arc::new(InMemoryConnectionStore::default()),
            sender: Arc::new(InMemorySender::default()),
            log,
            retention: Default::default(),
            rate: Default::default(),
            concurrency: 1,
            revocations: Arc::new(crate::access::NoRevocations),
        };
        (rt, room)
    }

    fn seqs(history: &History) -> Vec<u64> {
        history
            .envelopes
            .iter()
            .map(|e| e["seq"].as_u64().unwrap())
            .collect()
    }

    #[tokio::test]
    async fn newest_first_pages_walk_back_to_the_first_envelope() {
        let (rt, room) = room_with(7).await;
        let first = rt
            .history(&room, Window::Newest { before: None }, 3, 0)
            .await
            .unwrap();
        assert_eq!((seqs(&first), first.next, first.seq), (vec![7, 6, 5], Some(5), 7));
        let second = rt
            .history(&room, Window::Newest { before: first.next }, 3, 0)
            .await
            .unwrap();
        assert_eq!((seqs(&second), second.next), (vec![4, 3, 2], Some(2)));
        let last = rt
            .history(&room, Window::Newest { before: second.next }, 3, 0)
            .await
            .unwrap();
        assert_eq!((seqs(&last), last.next), (vec![1], None));
    }

    #[tokio::test]
    async fn forward_pages_read_from_a_seq_to_the_current_one() {
        let (rt, room) = room_with(5).await;
        let page = rt.history(&room, Window::After(1), 3, 0).await.unwrap();
        assert_eq!((seqs(&page), page.next), (vec![2, 3, 4], Some(4)));
        let rest = rt.history(&room, Window::After(4), 3, 0).await.unwrap();
        assert_eq!((seqs(&rest), rest.next), (vec![5], None));
        let beyond = rt.history(&room, Window::After(9), 3, 0).await.unwrap();
        assert_eq!((seqs(&beyond), beyond.next), (vec![], None));
    }

    #[tokio::test]
    async fn a_room_nobody_spoke_in_has_an_empty_history() {
        let (rt, room) = room_with(0).await;
        let page = rt
            .history(&room, Window::Newest { before: None }, 50, 0)
            .await
            .unwrap();
        assert_eq!((page.envelopes.len(), page.next, page.seq), (0, None, 0));
    }
}
