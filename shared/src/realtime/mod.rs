//! Realtime rooms: the WebSocket protocol, the ports presence and connections are kept
//! behind, the room's limits, the room log that sequences and keeps every envelope,
//! and the fan-out of room events to a room's connections.

pub mod envelope;
mod fanout;
mod history;
mod limits;
mod log;
pub mod log_wire;
mod ports;
mod protocol;
mod rate;
mod replay;
mod sequence;
mod stores;
pub mod wire;

pub use fanout::{Departure, Published};
pub use history::{DEFAULT_HISTORY_PAGE, History, MAX_HISTORY_PAGE};
pub use limits::{
    CLEANUP_BUDGET, CONNECT_GRACE_SECONDS, MAX_MEMBER_CONNECTIONS, MAX_ROOM_CONNECTIONS, MAX_ROOM_MEMBERS,
};
pub use log::{DEFAULT_RETENTION_SECONDS, DEFAULT_ROOM_BOUND, Entry, Retention, RoomLog};
pub use ports::{
    CONNECTION_TTL_SECONDS, Connection, ConnectionSender, ConnectionStore, Occupancy, PresenceStore,
    PresenceWrite, SendError,
};
pub use protocol::{ClientFrame, FrameError, MAX_FRAME_BYTES, MAX_MESSAGE_ID_CHARS, MessageId};
pub use rate::{MessageRate, Rate};
pub use replay::{REPLAY_PAGE_BYTES, Resumed};
pub use sequence::{Sequenced, with_seq};
pub use stores::{DEFAULT_FANOUT_CONCURRENCY, Realtime};
pub use wire::{FrameErrorCode, LeaveReason, PresenceChange};

/// The current time in Unix seconds, the unit of DynamoDB's TTL attribute.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
