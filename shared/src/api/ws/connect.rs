//! `$connect`: a member joins a room. The connection and the member's presence are
//! recorded and the rest of the room is told.

use crate::access::{AccessMode, Caller};
use crate::api::admission;
use crate::api::ws::{WsRequest, WsResponse, connection_id, management_endpoint, ok};
use crate::domain::{PresenceError, Ttl};
use crate::error::ApiError;
use crate::realtime::{CONNECTION_TTL_SECONDS, Connection, PresenceWrite, Realtime};
use crate::realtime::{PresenceChange, envelope, now};

/// Records the connection and presence of `?roomId=&memberId=&displayName=` and tells
/// the room; a refused handshake writes nothing. In invite mode the member and room are
/// the ones the authorizer verified (`?token=`): ids in the query cannot differ from them.
pub async fn connect(rt: &Realtime, mode: AccessMode, req: &WsRequest) -> Result<WsResponse, ApiError> {
    let id = connection_id(req)?;
    let q = &req.query_string_parameters;
    let param = |name| q.first(name).unwrap_or_default();
    let now = now();
    let caller = Caller::of_ws(mode, req, now)?;
    let room = caller.room(param("roomId"))?;
    let member = caller.acting_as(param("memberId"))?;
    let name = caller.display_name(param("displayName"))?;
    let ttl = match q.first("ttlSeconds") {
        Some(raw) => Ttl::parse(raw.parse().map_err(|_| PresenceError::InvalidTtl)?)?,
        None => Ttl::default(),
    };
    admission::connection(rt, &caller, &room, &member, now).await?;
    admission::member(rt, &caller, &room, &member, now).await?;
    let connection = Connection {
        connection_id: id.to_owned(),
        room_id: room.clone(),
        member_id: member.clone(),
        display_name: name.clone(),
        connected_at: now,
        expires_at: now + CONNECTION_TTL_SECONDS,
        token_expires_at: caller.token_expires_at(),
    };
    rt.connections.put(&connection).await?;
    let write = PresenceWrite {
        room: &room,
        member: &member,
        display_name: &name,
        status: None,
        ttl,
        now,
        connection: Some(id),
    };
    let (presence, before) = rt.presence.upsert(write).await?;
    // One more socket of a member already present changes nothing the room sees:
    // announcing it would let one member make the room pay a fan-out per socket.
    if before
        .as_ref()
        .is_some_and(|b| b.display_name == presence.display_name)
    {
        return Ok(ok());
    }
    let kind = PresenceChange::after(before.is_some());
    // The new connection is still connecting (API Gateway answers 410 to posts to it),
    // so it is left out; its client asks for the roster once it is open.
    let endpoint = management_endpoint(req);
    rt.broadcast(
        endpoint.as_deref(),
        &room,
        &envelope::presence(kind, &room, &presence),
        Some(id),
    )
    .await?;
    Ok(ok())
}
