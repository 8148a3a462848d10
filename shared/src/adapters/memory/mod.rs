//! In-memory adapters of every port, for unit tests of handlers.

mod media;
mod objects;
mod realtime;
mod room_log;
mod sessions;

pub use media::{InMemoryExports, InMemoryUploads};
pub use objects::InMemoryObjects;
pub use realtime::{InMemoryConnectionStore, InMemoryPresenceStore, InMemorySender};
pub use room_log::InMemoryRoomLog;
pub use sessions::InMemorySessionStore;
