//! In-memory adapters of every port, for unit tests of handlers.

mod media;
mod objects;
mod realtime;
mod sessions;

pub use media::{InMemoryExports, InMemoryUploads};
pub use objects::InMemoryObjects;
pub use realtime::{InMemoryConnectionStore, InMemoryPresenceStore, InMemorySender};
pub use sessions::InMemorySessionStore;
