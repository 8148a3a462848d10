//! Whether a room takes one more: the caps on its members and connections, applied the
//! same way to a WebSocket handshake and to presence written over HTTP. The host is
//! never refused by a room's caps (a flood of guests cannot lock it out of its own
//! room), and every member, the host too, holds a few sockets at most.

use crate::access::Caller;
use crate::domain::{MemberId, RoomId};
use crate::error::ApiError;
use crate::realtime::{MAX_MEMBER_CONNECTIONS, MAX_ROOM_CONNECTIONS, MAX_ROOM_MEMBERS, Realtime};

/// Refuses a newcomer to a room that already holds [`MAX_ROOM_MEMBERS`]; a member
/// already present always gets in, and so does the host.
pub async fn member(
    rt: &Realtime,
    caller: &Caller,
    room: &RoomId,
    member: &MemberId,
    now: i64,
) -> Result<(), ApiError> {
    if caller.is_host() {
        return Ok(());
    }
    let members = rt.presence.members(room, now).await?;
    if members.len() >= MAX_ROOM_MEMBERS && !members.iter().any(|m| &m.member_id == member) {
        return Err(room_full("members", MAX_ROOM_MEMBERS));
    }
    Ok(())
}

/// Refuses one more connection of `member`: past [`MAX_MEMBER_CONNECTIONS`] of its
/// own, or to a room that already holds [`MAX_ROOM_CONNECTIONS`] (the host excepted).
pub async fn connection(
    rt: &Realtime,
    caller: &Caller,
    room: &RoomId,
    member: &MemberId,
    now: i64,
) -> Result<(), ApiError> {
    let occupancy = rt.connections.occupancy(room, member, now).await?;
    if occupancy.member >= MAX_MEMBER_CONNECTIONS {
        return Err(ApiError::Conflict {
            code: "too_many_connections",
            message: format!(
                "this member already holds {MAX_MEMBER_CONNECTIONS} connections to this room: close one first"
            ),
        });
    }
    if occupancy.room >= MAX_ROOM_CONNECTIONS && !caller.is_host() {
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
