//! The realtime stores and sender of one function, as its handlers receive them.

use std::sync::Arc;

use super::{ConnectionSender, ConnectionStore, MessageRate, PresenceStore, Retention, RoomLog};
use crate::access::Revocations;

/// Posts in flight at once during a fan-out.
pub const DEFAULT_FANOUT_CONCURRENCY: usize = 32;

/// Presence, connections, the room log, the `@connections` sender and the removed
/// members; the fan-out is its methods.
#[derive(Clone)]
pub struct Realtime {
    pub presence: Arc<dyn PresenceStore>,
    pub connections: Arc<dyn ConnectionStore>,
    pub sender: Arc<dyn ConnectionSender>,
    /// Each room's sequence and recent envelopes.
    pub log: Arc<dyn RoomLog>,
    /// How long and how much of each room the log keeps.
    pub retention: Retention,
    /// How many messages one member may send per window.
    pub rate: MessageRate,
    /// Posts in flight at once; 1 posts one after another.
    pub concurrency: usize,
    /// The members the host removed: their frames are refused (invite mode).
    pub revocations: Arc<dyn Revocations>,
}

impl Realtime {
    /// Opens the DynamoDB connection, and the `@connections` one when its endpoint is
    /// known at init, together (see [`PresenceStore::warm`]). Connections and presence
    /// share one client, so one warm call serves both tables.
    pub async fn warm(&self) {
        futures::join!(self.presence.warm(), self.sender.warm());
    }
}
