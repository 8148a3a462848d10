//! The room log in a map, for unit tests.

use async_trait::async_trait;
use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::domain::{MemberId, RoomId};
use crate::realtime::{Entry, RoomLog};
use crate::store::StoreError;

/// A claimed message id: the room, the member and the client's id.
type ClaimKey = (RoomId, MemberId, String);

/// Each room's seq, entries (with their expiry) and claimed message ids.
#[derive(Default)]
pub struct InMemoryRoomLog {
    seqs: Mutex<BTreeMap<RoomId, u64>>,
    entries: Mutex<BTreeMap<(RoomId, u64), (Entry, i64)>>,
    claims: Mutex<BTreeMap<ClaimKey, (u64, i64)>>,
    counters: Mutex<BTreeMap<(RoomId, String), u64>>,
}

impl InMemoryRoomLog {
    /// Drops a stored entry, as a failed write or an expiry would.
    pub fn lose(&self, room: &RoomId, seq: u64) {
        self.entries.lock().unwrap().remove(&(room.clone(), seq));
    }
}

#[async_trait]
impl RoomLog for InMemoryRoomLog {
    async fn next(&self, room: &RoomId) -> Result<u64, StoreError> {
        let mut seqs = self.seqs.lock().unwrap();
        let seq = seqs.entry(room.clone()).or_default();
        *seq += 1;
        Ok(*seq)
    }

    async fn current(&self, room: &RoomId) -> Result<u64, StoreError> {
        Ok(self.seqs.lock().unwrap().get(room).copied().unwrap_or(0))
    }

    async fn store(
        &self,
        room: &RoomId,
        entry: &Entry,
        expires_at: i64,
        forget: Option<u64>,
    ) -> Result<(), StoreError> {
        let mut entries = self.entries.lock().unwrap();
        entries.insert((room.clone(), entry.seq), (entry.clone(), expires_at));
        if let Some(old) = forget {
            entries.remove(&(room.clone(), old));
        }
        Ok(())
    }

    async fn claim(
        &self,
        room: &RoomId,
        member: &MemberId,
        id: &str,
        seq: u64,
        expires_at: i64,
    ) -> Result<Option<u64>, StoreError> {
        let mut claims = self.claims.lock().unwrap();
        let key = (room.clone(), member.clone(), id.to_owned());
        match claims.get(&key) {
            Some((first, expiry)) if *expiry > crate::realtime::now() => Ok(Some(*first)),
            _ => {
                claims.insert(key, (seq, expires_at));
                Ok(None)
            }
        }
    }

    async fn release(&self, room: &RoomId, member: &MemberId, id: &str) {
        let key = (room.clone(), member.clone(), id.to_owned());
        self.claims.lock().unwrap().remove(&key);
    }

    async fn count(&self, room: &RoomId, counter: &str, _expires_at: i64) -> Result<u64, StoreError> {
        let mut counters = self.counters.lock().unwrap();
        let value = counters.entry((room.clone(), counter.to_owned())).or_default();
        *value += 1;
        Ok(*value)
    }

    async fn range(
        &self,
        room: &RoomId,
        from: u64,
        to: u64,
        limit: usize,
        now: i64,
    ) -> Result<Vec<Entry>, StoreError> {
        let entries = self.entries.lock().unwrap();
        Ok(entries
            .range((room.clone(), from)..=(room.clone(), to))
            .filter(|(_, (_, expiry))| *expiry > now)
            .map(|(_, (entry, _))| entry.clone())
            .take(limit)
            .collect())
    }
}
