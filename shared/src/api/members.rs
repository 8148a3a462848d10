//! `POST /api/sessions/members/remove`: the host takes a member out of its session. The
//! member is marked removed (and banned, if asked) in Postgres, so its renewals are
//! refused; a revocation record makes the authorizers and the frame handler refuse
//! every token issued to it; its sockets are closed through `@connections`; and the room
//! hears a `presence.leave` whose `reason` says it was removed.

use lambda_http::Request;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::access::{AccessMode, Action, Caller};
use crate::domain::{MemberId, RoomId, SessionId};
use crate::error::ApiError;
use crate::http::{MAX_JSON_BODY, Response, json_object, ok};
use crate::realtime::{LeaveReason, Realtime, SendError, envelope, now};
use crate::sessions::{Removal, SessionStore};

/// `{ sessionId?, memberId, ban? }`: whom to remove (the session defaults to the host's).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RemoveBody {
    #[serde(default)]
    session_id: Option<String>,
    member_id: String,
    #[serde(default)]
    ban: bool,
}

/// What the host is answered.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Removed {
    pub session_id: String,
    pub member_id: String,
    pub banned: bool,
    /// How many of the member's sockets were closed.
    pub closed_connections: usize,
}

/// Removes a member from the caller's session (hosts only). Every check comes before
/// the first write; a repeated removal answers the same and changes nothing more.
pub async fn remove(
    sessions: &dyn SessionStore,
    rt: &Realtime,
    mode: AccessMode,
    req: &Request,
) -> Result<Response, ApiError> {
    if mode == AccessMode::Open {
        return Err(ApiError::bad_request(
            "open_access",
            "this studio runs in open mode: it has no members to remove",
        ));
    }
    let now = now();
    let caller = Caller::of_http(mode, req, now)?;
    caller.may(Action::Moderate)?;
    let body = json_object(req, MAX_JSON_BODY)?.unwrap_or_default();
    let body: RemoveBody =
        serde_json::from_value(Value::Object(body)).map_err(|e| ApiError::bad_request("invalid_body", e))?;
    let room = caller.room(body.session_id.as_deref().unwrap_or_default())?;
    let session = SessionId::parse(room.as_str()).map_err(|e| ApiError::bad_request("invalid_id", e))?;
    let member = MemberId::parse(&body.member_id)?;
    match sessions.remove_member(session, &member, body.ban).await? {
        Removal::Removed => {}
        Removal::NotAMember => return Err(ApiError::not_found("member", &member)),
        Removal::Host => {
            return Err(ApiError::Conflict {
                code: "cannot_remove_host",
                message: "the host cannot be removed from its own session".into(),
            });
        }
    }
    let reason = if body.ban {
        LeaveReason::Banned
    } else {
        LeaveReason::Removed
    };
    let closed = evict(rt, &room, session, &member, reason, now).await?;
    Ok(ok(&Removed {
        session_id: session.to_string(),
        member_id: member.to_string(),
        banned: body.ban,
        closed_connections: closed,
    }))
}

/// Takes a member the store just marked removed out of the room: its tokens revoked,
/// its sockets closed, its presence gone and the room told why (`reason`). Answers how
/// many sockets were closed.
pub(crate) async fn evict(
    rt: &Realtime,
    room: &RoomId,
    session: SessionId,
    member: &MemberId,
    reason: LeaveReason,
    now: i64,
) -> Result<usize, ApiError> {
    // The revocation first: from here no token of the member is admitted anywhere,
    // even on a socket the close below misses (one the room index does not list yet).
    rt.revocations.revoke(session, member, now).await?;
    let closed = close_sockets(rt, room, member, now).await?;
    rt.presence.remove(room, member, now).await?;
    if let Err(e) = rt
        .broadcast(None, room, &envelope::removed(room, member, reason), None)
        .await
    {
        tracing::warn!(%room, error = %e, "removal not broadcast");
    }
    Ok(closed)
}

/// Closes the member's sockets in `room`. Each row goes first, so the `$disconnect`
/// the close causes finds none and the room hears one leave (the removal's), not two.
async fn close_sockets(rt: &Realtime, room: &RoomId, member: &MemberId, now: i64) -> Result<usize, ApiError> {
    let mut closed = 0;
    for c in rt.connections.in_room(room, now).await? {
        if &c.member_id != member {
            continue;
        }
        rt.connections.remove(&c.connection_id).await?;
        match rt.sender.close(None, &c.connection_id).await {
            Ok(()) => closed += 1,
            Err(SendError::Gone) => {}
            Err(SendError::Failed(e)) => {
                // Its frames are refused by the revocation all the same.
                tracing::warn!(connection = %c.connection_id, error = %e, "socket not closed");
            }
        }
    }
    Ok(closed)
}
