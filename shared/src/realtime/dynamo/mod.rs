//! DynamoDB adapters of the realtime ports.

mod attrs;
mod connections;
mod presence;

pub(crate) use attrs::store_error;
pub use connections::DynamoConnectionStore;
pub use presence::DynamoPresenceStore;
