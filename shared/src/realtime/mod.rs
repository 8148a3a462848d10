//! Realtime rooms: presence and WebSocket connections on DynamoDB, and the fan-out of
//! room events to connections through API Gateway's `@connections` API.

mod dynamo;
mod fanout;
mod frames;
mod memory;
mod protocol;
mod sender;
pub mod setup;
mod store;
pub mod tables;
mod ws;

pub use dynamo::{DynamoConnectionStore, DynamoPresenceStore};
pub use fanout::{DEFAULT_FANOUT_CONCURRENCY, Realtime};
pub use memory::{InMemoryConnectionStore, InMemoryPresenceStore, InMemorySender};
pub use protocol::{ClientFrame, FrameError, MAX_FRAME_BYTES, envelope};
pub use sender::{ConnectionSender, ManagementApi, SendError};
pub use store::{CONNECTION_TTL_SECONDS, Connection, ConnectionStore, PresenceStore, PresenceWrite};
pub use ws::{WsRequest, WsResponse, WsRoute, handle_ws, management_endpoint};

/// The current time in Unix seconds, the unit of DynamoDB's TTL attribute.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
