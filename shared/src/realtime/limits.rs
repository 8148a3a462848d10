//! How large a room may grow and how the fan-out treats connections it cannot reach.

use std::time::Duration;

/// Open WebSocket connections one room holds at most; the next handshake is refused
/// with `room_full` (409).
pub const MAX_ROOM_CONNECTIONS: usize = 1000;

/// Open WebSocket connections one member holds in a room at most: a few tabs and
/// devices. Without it one member token fills the room's connection cap, and every
/// handshake of the flood costs a fan-out to every open connection. The next handshake
/// of that member is refused with `too_many_connections` (409); the host's sockets
/// count against this cap too, but never against the room's.
pub const MAX_MEMBER_CONNECTIONS: usize = 5;

/// Members one room holds at most (over WebSocket or HTTP); a newcomer past it is
/// refused with `room_full` (409).
pub const MAX_ROOM_MEMBERS: usize = 500;

/// API Gateway answers 410 to a post to a connection still inside its own `$connect`
/// (whose integration may take up to 29 s). A 410 for a connection younger than this
/// is no proof that it is gone, so its row is left alone.
pub const CONNECT_GRACE_SECONDS: i64 = 30;

/// How long a fan-out may spend removing connections it found gone. Cleanup is best
/// effort: whatever is left is removed by `$disconnect`, a later fan-out or the TTL.
pub const CLEANUP_BUDGET: Duration = Duration::from_secs(2);
