//! Whether a room takes one more: the caps on its members and connections, applied the
//! same way to a WebSocket handshake and to presence written over HTTP.

use crate::domain::{MemberId, RoomId};
use crate::error::ApiError;
use crate::realtime::{MAX_ROOM_CONNECTIONS, MAX_ROOM_MEMBERS, Realtime};

/// Refuses a newcomer to a room that already holds [`MAX_ROOM_MEMBERS`]; a member
/// already present always gets in.
pub async fn member(rt: &Realtime, room: &RoomId, member: &MemberId, now: i64) -> Result<(), ApiError> {
    let members = rt.presence.members(room, now).await?;
    if members.len() >= MAX_ROOM_MEMBERS && !members.iter().any(|m| &m.member_id == member) {
        return Err(room_full("members", MAX_ROOM_MEMBERS));
    }
    Ok(())
}

/// Refuses one more connection to a room that already holds [`MAX_ROOM_CONNECTIONS`].
pub async fn connection(rt: &Realtime, room: &RoomId, now: i64) -> Result<(), ApiError> {
    if rt.connections.count_in_room(room, now).await? >= MAX_ROOM_CONNECTIONS {
        return Err(room_full("connections", MAX_ROOM_CONNECTIONS));
    }
    Ok(())
}

/// A room at its cap of `what`.
fn room_full(what: &str, limit: usize) -> ApiError {
    ApiError::Conflict {
        code: "room_full",
        message: format!("this room is full: it holds at most {limit} {what}"),
    }
}
