//! A connections table whose room index trails its writes, as DynamoDB's global
//! secondary indexes do on AWS (DynamoDB Local updates them at once). Switched on with
//! `--index-lag-ms` or a test's `index_lag`, it lets the studio be tried against the
//! eventual consistency it meets when deployed: a row just written is not yet in the
//! room's Query, and a row just deleted still is.

use async_trait::async_trait;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use studio::domain::{MemberId, RoomId};
use studio::realtime::{Connection, ConnectionStore, Occupancy};
use studio::store::StoreError;

enum Change {
    Put(Connection),
    Removed(Connection),
}

/// `inner`, with its room index seen `lag` late.
pub struct LaggingIndex {
    inner: Arc<dyn ConnectionStore>,
    lag: Duration,
    recent: Mutex<Vec<(Instant, Change)>>,
}

impl LaggingIndex {
    /// Wraps `inner`.
    pub fn new(inner: Arc<dyn ConnectionStore>, lag: Duration) -> Self {
        Self {
            inner,
            lag,
            recent: Mutex::default(),
        }
    }

    fn record(&self, change: Change) {
        let mut recent = self.recent.lock().unwrap();
        recent.retain(|(at, _)| at.elapsed() < self.lag);
        recent.push((Instant::now(), change));
    }
}

#[async_trait]
impl ConnectionStore for LaggingIndex {
    async fn put(&self, connection: &Connection) -> Result<(), StoreError> {
        self.inner.put(connection).await?;
        self.record(Change::Put(connection.clone()));
        Ok(())
    }

    async fn get(&self, connection_id: &str, now: i64) -> Result<Option<Connection>, StoreError> {
        self.inner.get(connection_id, now).await
    }

    async fn remove(&self, connection_id: &str) -> Result<Option<Connection>, StoreError> {
        let removed = self.inner.remove(connection_id).await?;
        if let Some(connection) = &removed {
            self.record(Change::Removed(connection.clone()));
        }
        Ok(removed)
    }

    async fn in_room(&self, room: &RoomId, now: i64) -> Result<Vec<Connection>, StoreError> {
        let mut rows = self.inner.in_room(room, now).await?;
        let recent = self.recent.lock().unwrap();
        for (_, change) in recent.iter().filter(|(at, _)| at.elapsed() < self.lag) {
            match change {
                Change::Put(c) => rows.retain(|row| row.connection_id != c.connection_id),
                Change::Removed(c)
                    if &c.room_id == room && !rows.iter().any(|r| r.connection_id == c.connection_id) =>
                {
                    rows.push(c.clone())
                }
                Change::Removed(_) => {}
            }
        }
        Ok(rows)
    }

    async fn occupancy(&self, room: &RoomId, member: &MemberId, now: i64) -> Result<Occupancy, StoreError> {
        let live = self.in_room(room, now).await?;
        Ok(Occupancy {
            room: live.len(),
            member: live.iter().filter(|c| &c.member_id == member).count(),
        })
    }
}
