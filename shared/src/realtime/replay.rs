//! Resume: a client that reconnects names the last seq it saw, and is sent every stored
//! envelope after it in `room.replay` pages, or `continuity.lost` when what it missed
//! is past the room's retention or bound.

use std::time::Duration;

use serde_json::json;

use super::log::Entry;
use super::log_wire::ContinuityLostKind;
use super::{Realtime, SendError};
use crate::domain::RoomId;
use crate::store::StoreError;

/// Largest `room.replay` page: API Gateway posts at most 128 KiB, and one envelope is
/// at most a 32 KiB frame plus the studio's fields, so pages stay well inside it.
pub const REPLAY_PAGE_BYTES: usize = 96 * 1024;

/// A seq can be handed out a few milliseconds before its envelope is stored; a resume
/// that finds holes reads again this many times, this far apart, before it judges them.
const SETTLE_READS: usize = 4;
const SETTLE_PAUSE: Duration = Duration::from_millis(50);

/// What a resume sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resumed {
    /// `envelopes` stored envelopes were replayed, covering seqs up to `through`.
    Replayed { envelopes: usize, through: u64 },
    /// Continuity was lost; the room's seq was `seq`.
    Lost { seq: u64 },
}

impl Realtime {
    /// Sends `connection_id` what `room` sent after seq `after`.
    pub async fn resume(
        &self,
        endpoint: Option<&str>,
        connection_id: &str,
        room: &RoomId,
        after: u64,
    ) -> Result<Resumed, StoreError> {
        let current = self.log.current(room).await?;
        let reachable = after <= current && current - after <= self.retention.bound;
        let missed = match reachable {
            true => self.missed(room, after, current).await?,
            false => None,
        };
        let Some(entries) = missed else {
            let lost = json!({
                "type": ContinuityLostKind::ContinuityLost, "roomId": room, "after": after, "seq": current,
            });
            let _ = self.send(endpoint, connection_id, &lost).await;
            return Ok(Resumed::Lost { seq: current });
        };
        let texts: Vec<&str> = entries.iter().filter_map(|e| e.envelope.as_deref()).collect();
        let pages = pages(room, after, current, &texts);
        for page in &pages {
            match self.sender.send(endpoint, connection_id, page).await {
                Ok(()) => {}
                Err(SendError::Gone) => break,
                Err(e) => tracing::warn!(connection = connection_id, error = %e, "replay page not sent"),
            }
        }
        Ok(Resumed::Replayed {
            envelopes: texts.len(),
            through: current,
        })
    }

    /// The entries `after + 1 ..= current`, or `None` when the oldest of them is gone
    /// (expired or past the bound). A hole after the oldest is a seq whose envelope was
    /// never stored, so never sent to anyone: it is skipped.
    async fn missed(
        &self,
        room: &RoomId,
        after: u64,
        current: u64,
    ) -> Result<Option<Vec<Entry>>, StoreError> {
        let wanted = current - after;
        let mut entries = Vec::new();
        for read in 0..SETTLE_READS {
            if wanted == 0 {
                break;
            }
            let limit = wanted as usize;
            entries = self
                .log
                .range(room, after + 1, current, limit, super::now())
                .await?;
            if entries.len() as u64 == wanted {
                break;
            }
            if read + 1 < SETTLE_READS {
                tokio::time::sleep(SETTLE_PAUSE).await;
            }
        }
        let head_kept = wanted == 0 || entries.first().map(|e| e.seq) == Some(after + 1);
        Ok(head_kept.then_some(entries))
    }
}

/// The `room.replay` pages of `texts` (stored envelopes, oldest first), each under
/// [`REPLAY_PAGE_BYTES`]; one empty page when nothing was missed.
fn pages(room: &RoomId, after: u64, through: u64, texts: &[&str]) -> Vec<String> {
    let mut chunks: Vec<Vec<&str>> = vec![Vec::new()];
    let mut bytes = 0;
    for text in texts {
        let last = chunks.last_mut().expect("one chunk at least");
        if !last.is_empty() && bytes + text.len() + 1 > REPLAY_PAGE_BYTES - 256 {
            chunks.push(Vec::new());
            bytes = 0;
        }
        chunks.last_mut().expect("one chunk at least").push(text);
        bytes += text.len() + 1;
    }
    let room = json!(room).to_string();
    let count = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            // Stored envelopes are JSON text already: joined, not parsed and printed again.
            format!(
                r#"{{"type":"room.replay","roomId":{room},"after":{after},"through":{through},"envelopes":[{}],"last":{}}}"#,
                chunk.join(","),
                i + 1 == count
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn replay_pages_keep_every_envelope_in_order_and_each_page_fits_one_post() {
        let room = RoomId::parse("r").unwrap();
        let texts: Vec<String> = (1..=40)
            .map(|seq| json!({ "type": "room.message", "seq": seq, "payload": "x".repeat(8000) }).to_string())
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let pages = pages(&room, 0, 40, &refs);
        assert!(pages.len() > 1);
        let mut seqs = Vec::new();
        for (i, page) in pages.iter().enumerate() {
            assert!(page.len() <= REPLAY_PAGE_BYTES);
            let page: Value = serde_json::from_str(page).unwrap();
            assert_eq!(page["last"], i + 1 == pages.len());
            assert_eq!(
                (page["after"].as_u64(), page["through"].as_u64()),
                (Some(0), Some(40))
            );
            seqs.extend(
                page["envelopes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["seq"].as_u64().unwrap()),
            );
        }
        assert_eq!(seqs, (1..=40).collect::<Vec<_>>());
    }

    #[test]
    fn nothing_missed_is_one_empty_last_page() {
        let pages = pages(&RoomId::parse("r").unwrap(), 7, 7, &[]);
        let page: Value = serde_json::from_str(&pages[0]).unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(page["envelopes"], json!([]));
        assert_eq!(page["last"], true);
    }
}
