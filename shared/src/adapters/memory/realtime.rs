//! In-memory adapters of the realtime ports, for unit tests.

use async_trait::async_trait;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Mutex;

use crate::domain::{MemberId, PresenceMember, PresenceStatus, RoomId};
use crate::realtime::{
    Connection, ConnectionSender, ConnectionStore, Occupancy, PresenceStore, PresenceWrite, SendError,
};
use crate::store::StoreError;

/// A member's presence and the ids of its open connections.
type PresenceRow = (PresenceMember, BTreeSet<String>);

/// Presence in a map, each member with its set of open connections.
#[derive(Default)]
pub struct InMemoryPresenceStore {
    rows: Mutex<BTreeMap<(RoomId, MemberId), PresenceRow>>,
}

#[async_trait]
impl PresenceStore for InMemoryPresenceStore {
    async fn members(&self, room: &RoomId, now: i64) -> Result<Vec<PresenceMember>, StoreError> {
        let rows = self.rows.lock().unwrap();
        Ok(rows
            .iter()
            .filter(|((r, _), (m, _))| r == room && m.is_live(now))
            .map(|(_, (m, _))| m.clone())
            .collect())
    }

    async fn upsert(
        &self,
        w: PresenceWrite<'_>,
    ) -> Result<(PresenceMember, Option<PresenceMember>), StoreError> {
        let mut rows = self.rows.lock().unwrap();
        let key = (w.room.clone(), w.member.clone());
        let (old, mut connections) = rows.remove(&key).unzip();
        let status = w
            .status
            .cloned()
            .or_else(|| old.as_ref().map(|m| m.status.clone()))
            .unwrap_or_else(PresenceStatus::online);
        let before = old.filter(|m| m.is_live(w.now));
        let member = PresenceMember::new(w.member.clone(), w.display_name.clone(), status, w.ttl, w.now);
        let mut connections = connections.take().unwrap_or_default();
        connections.extend(w.connection.map(str::to_owned));
        rows.insert(key, (member.clone(), connections));
        Ok((member, before))
    }

    async fn remove(&self, room: &RoomId, member: &MemberId, now: i64) -> Result<bool, StoreError> {
        let old = self.rows.lock().unwrap().remove(&(room.clone(), member.clone()));
        Ok(old.is_some_and(|(m, _)| m.is_live(now)))
    }

    async fn detach(
        &self,
        room: &RoomId,
        member: &MemberId,
        connection: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut rows = self.rows.lock().unwrap();
        let key = (room.clone(), member.clone());
        let Some((presence, connections)) = rows.get_mut(&key) else {
            return Ok(false);
        };
        connections.remove(connection);
        if !connections.is_empty() {
            return Ok(false);
        }
        let live = presence.is_live(now);
        rows.remove(&key);
        Ok(live)
    }
}

/// Connections in a map.
#[derive(Default)]
pub struct InMemoryConnectionStore {
    rows: Mutex<BTreeMap<String, Connection>>,
}

#[async_trait]
impl ConnectionStore for InMemoryConnectionStore {
    async fn put(&self, connection: &Connection) -> Result<(), StoreError> {
        let mut rows = self.rows.lock().unwrap();
        rows.insert(connection.connection_id.clone(), connection.clone());
        Ok(())
    }

    async fn get(&self, id: &str, now: i64) -> Result<Option<Connection>, StoreError> {
        let rows = self.rows.lock().unwrap();
        Ok(rows.get(id).filter(|c| c.expires_at > now).cloned())
    }

    async fn remove(&self, id: &str) -> Result<Option<Connection>, StoreError> {
        Ok(self.rows.lock().unwrap().remove(id))
    }

    async fn occupancy(&self, room: &RoomId, member: &MemberId, now: i64) -> Result<Occupancy, StoreError> {
        let live = self.in_room(room, now).await?;
        Ok(Occupancy {
            room: live.len(),
            member: live.iter().filter(|c| &c.member_id == member).count(),
        })
    }

    async fn in_room(&self, room: &RoomId, now: i64) -> Result<Vec<Connection>, StoreError> {
        let rows = self.rows.lock().unwrap();
        Ok(rows
            .values()
            .filter(|c| &c.room_id == room && c.expires_at > now)
            .cloned()
            .collect())
    }
}

/// Records what was sent; connections marked gone answer like API Gateway's 410.
#[derive(Default)]
pub struct InMemorySender {
    sent: Mutex<Vec<(String, String)>>,
    gone: Mutex<HashSet<String>>,
}

impl InMemorySender {
    /// Makes `connection_id` answer 410 from now on.
    pub fn mark_gone(&self, connection_id: &str) {
        self.gone.lock().unwrap().insert(connection_id.to_owned());
    }

    /// The frames sent so far, as `(connection id, text)`.
    pub fn sent(&self) -> Vec<(String, String)> {
        self.sent.lock().unwrap().clone()
    }
}

#[async_trait]
impl ConnectionSender for InMemorySender {
    async fn send(&self, _endpoint: Option<&str>, connection_id: &str, data: &str) -> Result<(), SendError> {
        if self.gone.lock().unwrap().contains(connection_id) {
            return Err(SendError::Gone);
        }
        let mut sent = self.sent.lock().unwrap();
        sent.push((connection_id.to_owned(), data.to_owned()));
        Ok(())
    }

    async fn close(&self, _endpoint: Option<&str>, connection_id: &str) -> Result<(), SendError> {
        if !self.gone.lock().unwrap().insert(connection_id.to_owned()) {
            return Err(SendError::Gone);
        }
        Ok(())
    }
}
