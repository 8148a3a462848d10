//! Realtime rooms: the WebSocket protocol, the ports presence and connections are kept
//! behind, and the fan-out of room events to a room's connections.

mod fanout;
mod ports;
mod protocol;
mod stores;

pub use ports::{
    CONNECTION_TTL_SECONDS, Connection, ConnectionSender, ConnectionStore, PresenceStore, PresenceWrite,
    SendError,
};
pub use protocol::{ClientFrame, FrameError, MAX_FRAME_BYTES, envelope};
pub use stores::{DEFAULT_FANOUT_CONCURRENCY, Realtime};

/// The current time in Unix seconds, the unit of DynamoDB's TTL attribute.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
