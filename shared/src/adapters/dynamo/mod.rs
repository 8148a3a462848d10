//! DynamoDB adapters of the realtime ports (presence rows, connection rows and the
//! room log) and of the access port for revoked members.

mod attrs;
mod connections;
mod presence;
mod revocations;
mod room_log;

pub use attrs::store_error;
pub use connections::DynamoConnectionStore;
pub use presence::DynamoPresenceStore;
pub use revocations::DynamoRevocations;
pub use room_log::DynamoRoomLog;

/// The attribute DynamoDB's TTL reads on both tables (Unix seconds).
pub const TTL_ATTRIBUTE: &str = "expiresAt";
/// The index of the connections table that finds a room's connections.
pub const ROOM_INDEX: &str = "byRoom";
