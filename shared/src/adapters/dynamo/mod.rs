//! DynamoDB adapters of the realtime ports: presence rows and connection rows.

mod attrs;
mod connections;
mod presence;

pub use attrs::store_error;
pub use connections::DynamoConnectionStore;
pub use presence::DynamoPresenceStore;

/// The attribute DynamoDB's TTL reads on both tables (Unix seconds).
pub const TTL_ATTRIBUTE: &str = "expiresAt";
/// The index of the connections table that finds a room's connections.
pub const ROOM_INDEX: &str = "byRoom";
