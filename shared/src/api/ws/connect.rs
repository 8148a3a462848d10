//! `$connect`: a member joins a room. The connection and the member's presence are
//! recorded and the rest of the room is told.

use crate::api::admission;
use crate::api::ws::{WsRequest, WsResponse, connection_id, management_endpoint, ok};
use crate::domain::{DisplayName, MemberId, PresenceError, RoomId, Ttl};
use crate::error::ApiError;
use crate::realtime::{CONNECTION_TTL_SECONDS, Connection, PresenceWrite, Realtime};
use crate::realtime::{envelope, now};

/// Records the connection and presence of `?roomId=&memberId=&displayName=` and tells
/// the room; a refused handshake writes nothing.
pub async fn connect(rt: &Realtime, req: &WsRequest) -> Result<WsResponse, ApiError> {
    let id = connection_id(req)?;
    let q = &req.query_string_parameters;
    let param = |name| q.first(name).unwrap_or_default();
    let room = RoomId::parse(param("roomId"))?;
    let member = MemberId::parse(param("memberId"))?;
    let name = DisplayName::parse(param("displayName"))?;
    let ttl = match q.first("ttlSeconds") {
        Some(raw) => Ttl::parse(raw.parse().map_err(|_| PresenceError::InvalidTtl)?)?,
        None => Ttl::default(),
    };
    let now = now();
    admission::connection(rt, &room, now).await?;
    admission::member(rt, &room, &member, now).await?;
    let connection = Connection {
        connection_id: id.to_owned(),
        room_id: room.clone(),
        member_id: member.clone(),
        display_name: name.clone(),
        connected_at: now,
        expires_at: now + CONNECTION_TTL_SECONDS,
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
    let (presence, was_live) = rt.presence.upsert(write).await?;
    let kind = if was_live {
        "presence.update"
    } else {
        "presence.join"
    };
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
