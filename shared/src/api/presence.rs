//! `GET`, `POST` and `DELETE /api/presence`: the room roster over HTTP. Changes are told
//! to the room's WebSocket connections, so HTTP and WebSocket presence are one roster.

use lambda_http::Request;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::access::{AccessMode, Caller};
use crate::api::admission;
use crate::api::health::Done;
use crate::domain::{MAX_HTTP_TTL_SECONDS, PresenceMember, PresenceStatus, RoomId, Ttl};
use crate::error::ApiError;
use crate::http::{MAX_JSON_BODY, Response, json_object, ok, query};
use crate::realtime::{PresenceChange, PresenceWrite, Realtime, envelope, now};

/// `{ members }`: a room's live members.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Members {
    pub members: Vec<PresenceMember>,
}

/// `{ members }`: the live members of `?roomId=` (in invite mode the caller's room).
pub async fn get(rt: &Realtime, mode: AccessMode, req: &Request) -> Result<Response, ApiError> {
    let caller = Caller::of_http(mode, req, now())?;
    let room = caller.room(query(req, "roomId").unwrap_or_default())?;
    let members = rt.presence.members(&room, now()).await?;
    Ok(ok(&Members { members }))
}

/// Upserts a member with a bounded TTL and tells the room. In invite mode a member
/// writes only its own presence, in its own room, under its token's name by default.
pub async fn put(rt: &Realtime, mode: AccessMode, req: &Request) -> Result<Response, ApiError> {
    let caller = Caller::of_http(mode, req, now())?;
    let body = json_object(req, MAX_JSON_BODY)?.unwrap_or_default();
    let room = caller.room(string(&body, "roomId")?)?;
    let member = caller.acting_as(string(&body, "memberId")?)?;
    let display_name = caller.display_name(string(&body, "displayName")?)?;
    let status = match body.get("status") {
        None | Some(Value::Null) => None,
        Some(_) => Some(PresenceStatus::parse(string(&body, "status")?)?),
    };
    // Nobody heartbeats a presence written over HTTP, so it lasts at most a few minutes.
    let ttl = Ttl::from_json(body.get("ttlSeconds"))?.at_most(MAX_HTTP_TTL_SECONDS);
    let now = now();
    admission::member(rt, &caller, &room, &member, now).await?;
    let write = PresenceWrite {
        room: &room,
        member: &member,
        display_name: &display_name,
        status: status.as_ref(),
        ttl,
        now,
        connection: None,
    };
    let (presence, before) = rt.presence.upsert(write).await?;
    let kind = PresenceChange::after(before.is_some());
    tell(rt, &room, &envelope::presence(kind, &room, &presence)).await;
    Ok(ok(&Done::OK))
}

/// Removes a member and tells the room when it was there. In invite mode a guest
/// removes only itself; the host may remove anyone from its room.
pub async fn delete(rt: &Realtime, mode: AccessMode, req: &Request) -> Result<Response, ApiError> {
    let caller = Caller::of_http(mode, req, now())?;
    let body = json_object(req, MAX_JSON_BODY)?.unwrap_or_default();
    let room = caller.room(string(&body, "roomId")?)?;
    let member = caller.removing(string(&body, "memberId")?)?;
    if rt.presence.remove(&room, &member, now()).await? {
        tell(rt, &room, &envelope::leave(&room, &member)).await;
    }
    Ok(ok(&Done::OK))
}

/// The presence is written either way; a room that cannot be told right now catches up
/// through its next roster, so a failed fan-out is logged rather than failing the call.
async fn tell(rt: &Realtime, room: &RoomId, envelope: &Value) {
    if let Err(e) = rt.broadcast(None, room, envelope, None).await {
        tracing::warn!(%room, error = %e, "presence change not broadcast");
    }
}

fn string<'a>(body: &'a Map<String, Value>, field: &'static str) -> Result<&'a str, ApiError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(""),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(ApiError::bad_request(
            "invalid_body",
            format!("{field} must be a string"),
        )),
    }
}
