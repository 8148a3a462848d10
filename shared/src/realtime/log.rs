//! The room log: one sequence per room and the envelopes stored under it for a while,
//! so a member who dropped can be sent what it missed, and a message sent twice with
//! the same id is recognised.

use async_trait::async_trait;

use crate::domain::{MemberId, RoomId};
use crate::store::StoreError;

/// How long a room's envelopes are kept (24 hours): long enough for a laptop that slept
/// overnight to be told it lost continuity rather than to be replayed a partial day.
pub const DEFAULT_RETENTION_SECONDS: i64 = 24 * 60 * 60;

/// How many of a room's latest envelopes are kept and replayed at most. A member that
/// missed more reloads instead (`continuity.lost`): replaying more than a few thousand
/// envelopes is slower than reading the roster and state again.
pub const DEFAULT_ROOM_BOUND: u64 = 5000;

/// How long and how much of a room the log keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    pub seconds: i64,
    pub bound: u64,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            seconds: DEFAULT_RETENTION_SECONDS,
            bound: DEFAULT_ROOM_BOUND,
        }
    }
}

/// One stored position of a room: the envelope sent with `seq`, or `None` for a
/// placeholder (the sequence moved but nothing was sent with it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub seq: u64,
    pub envelope: Option<String>,
}

/// The per-room log.
#[async_trait]
pub trait RoomLog: Send + Sync {
    /// Moves the room's sequence by one, atomically; returns the new value (from 1).
    async fn next(&self, room: &RoomId) -> Result<u64, StoreError>;

    /// The room's current sequence: the last one handed out, 0 for a new room.
    async fn current(&self, room: &RoomId) -> Result<u64, StoreError>;

    /// Stores the envelope sent with `seq` (or a placeholder) until `expires_at`, and
    /// drops `forget` (the entry past the room's bound) if given.
    async fn store(
        &self,
        room: &RoomId,
        entry: &Entry,
        expires_at: i64,
        forget: Option<u64>,
    ) -> Result<(), StoreError>;

    /// Claims a member's message id for `seq`, once: answers `None` when the claim is
    /// new, or the seq an earlier claim of the same id (still retained) holds.
    async fn claim(
        &self,
        room: &RoomId,
        member: &MemberId,
        id: &str,
        seq: u64,
        expires_at: i64,
    ) -> Result<Option<u64>, StoreError>;

    /// Gives up a claim whose message could not be stored, so sending it again works;
    /// best effort (a failure is logged, and the claim expires with the retention).
    async fn release(&self, room: &RoomId, member: &MemberId, id: &str);

    /// Adds one to `counter` of `room` (a counter that starts at 0 and expires at
    /// `expires_at`, used for rate windows); returns the new value.
    async fn count(&self, room: &RoomId, counter: &str, expires_at: i64) -> Result<u64, StoreError>;

    /// The live entries with a seq in `from..=to`, oldest first, at most `limit`.
    async fn range(
        &self,
        room: &RoomId,
        from: u64,
        to: u64,
        limit: usize,
        now: i64,
    ) -> Result<Vec<Entry>, StoreError>;
}
