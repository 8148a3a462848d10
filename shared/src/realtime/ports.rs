//! The ports realtime handlers talk to: who is present in a room, which WebSocket
//! connections are open in it, and how a frame reaches one connection.

use async_trait::async_trait;

use crate::domain::{DisplayName, MemberId, PresenceMember, PresenceStatus, RoomId, Ttl};
use crate::store::StoreError;

/// How long a connection row lives: API Gateway closes every WebSocket after two hours,
/// so a row older than that belongs to a connection that vanished without `$disconnect`.
pub const CONNECTION_TTL_SECONDS: i64 = 2 * 60 * 60;

/// An open WebSocket connection of a member in a room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    pub connection_id: String,
    pub room_id: RoomId,
    pub member_id: MemberId,
    pub display_name: DisplayName,
    pub connected_at: i64,
    pub expires_at: i64,
    /// In invite mode, when the member token the socket connected with expires: frames
    /// after it are refused and the socket closed, although the row lives on.
    pub token_expires_at: Option<i64>,
}

/// How full a room is for one more connection of a member: the room's live
/// connections and how many of them are that member's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Occupancy {
    pub room: usize,
    pub member: usize,
}

/// A presence to write: absent `status` keeps the member's current one (`online` for a
/// newcomer). A write from a WebSocket names its `connection`, which joins the member's
/// set of open connections, so "was that the member's last connection?" is answered by
/// one atomic update of the member's own row, never by a read of an eventually
/// consistent index.
#[derive(Debug, Clone)]
pub struct PresenceWrite<'a> {
    pub room: &'a RoomId,
    pub member: &'a MemberId,
    pub display_name: &'a DisplayName,
    pub status: Option<&'a PresenceStatus>,
    pub ttl: Ttl,
    pub now: i64,
    pub connection: Option<&'a str>,
}

/// Presence rows, one per member and room, expiring at `expiresAt`.
#[async_trait]
pub trait PresenceStore: Send + Sync {
    /// Opens the store's connection ahead of the first request (TLS handshake, signing
    /// credentials), so a cold start pays it during init. Failures are only logged:
    /// the first request then connects as it would have.
    async fn warm(&self) {}
    /// The live members of `room` at `now` (expired rows are skipped: DynamoDB deletes
    /// them only eventually).
    async fn members(&self, room: &RoomId, now: i64) -> Result<Vec<PresenceMember>, StoreError>;

    /// Writes a presence; returns it and the member as it was, if it was live before.
    async fn upsert(
        &self,
        write: PresenceWrite<'_>,
    ) -> Result<(PresenceMember, Option<PresenceMember>), StoreError>;

    /// Removes a member; returns whether it was live.
    async fn remove(&self, room: &RoomId, member: &MemberId, now: i64) -> Result<bool, StoreError>;

    /// Takes `connection` off the member's open connections. When it was the last one
    /// the member is removed, unless another connection joined meanwhile; answers
    /// whether a live member left the room.
    async fn detach(
        &self,
        room: &RoomId,
        member: &MemberId,
        connection: &str,
        now: i64,
    ) -> Result<bool, StoreError>;
}

/// Connection rows, keyed by connection id and queried by room.
#[async_trait]
pub trait ConnectionStore: Send + Sync {
    /// Records a connection.
    async fn put(&self, connection: &Connection) -> Result<(), StoreError>;

    /// A live connection by id.
    async fn get(&self, connection_id: &str, now: i64) -> Result<Option<Connection>, StoreError>;

    /// Removes a connection; returns what was stored.
    async fn remove(&self, connection_id: &str) -> Result<Option<Connection>, StoreError>;

    /// The live connections of `room`: one Query on the room, never a Scan.
    async fn in_room(&self, room: &RoomId, now: i64) -> Result<Vec<Connection>, StoreError>;

    /// How many live connections `room` has and how many of them are `member`'s (for
    /// the caps): one Query on the room; the index may lag a little.
    async fn occupancy(&self, room: &RoomId, member: &MemberId, now: i64) -> Result<Occupancy, StoreError>;
}

/// Why a frame did not reach a connection.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// 410: the connection is closed or never existed; its row is stale.
    #[error("the connection is gone")]
    Gone,
    /// Anything else (throttling, network, no endpoint configured).
    #[error("posting to the connection failed: {0}")]
    Failed(String),
}

/// Posts frames to connections.
#[async_trait]
pub trait ConnectionSender: Send + Sync {
    /// Opens the connection to the endpoint known at init, if any (see
    /// [`PresenceStore::warm`]).
    async fn warm(&self) {}
    /// Sends `data` to `connection_id`. `endpoint` is the management API's URL when the
    /// caller knows it (a WebSocket event's `https://{domainName}/{stage}`).
    async fn send(&self, endpoint: Option<&str>, connection_id: &str, data: &str) -> Result<(), SendError>;

    /// Closes `connection_id` (`DELETE @connections/{id}`); API Gateway then runs its
    /// `$disconnect`. A connection already gone answers [`SendError::Gone`].
    async fn close(&self, endpoint: Option<&str>, connection_id: &str) -> Result<(), SendError>;
}
