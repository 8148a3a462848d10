//! `$default`: what a member's frames do — relay a message to the rest of the room,
//! refresh presence, change status, answer a roster, acknowledge a message sent with an
//! id, replay what a resuming client missed — and the `error` envelope for frames that
//! are refused instead of relayed. In invite mode a frame of a member the host removed
//! is refused and its socket closed, whatever socket it came on.

use crate::access::AccessMode;
use crate::api::ws::{WsRequest, WsResponse, connection_id, management_endpoint, ok};
use crate::domain::{PresenceStatus, SessionId, Ttl};
use crate::error::ApiError;
use crate::realtime::{
    ClientFrame, Connection, FrameError, FrameErrorCode, MessageRate, PresenceChange, PresenceWrite,
    Published, Rate, Realtime, envelope, now,
};

/// Handles one frame of a connection. When a dependency cannot serve it (503), the
/// sender is told with an `error` envelope (`unavailable` or `throttled`), so its
/// client can send the frame again: API Gateway drops what `$default` answers.
pub async fn message(rt: &Realtime, mode: AccessMode, req: &WsRequest) -> Result<WsResponse, ApiError> {
    let id = connection_id(req)?;
    let endpoint = management_endpoint(req);
    let handled = handle(rt, mode, req, id, endpoint.as_deref()).await;
    if let Err(e) = &handled
        && e.status() == http::StatusCode::SERVICE_UNAVAILABLE
    {
        let _ = rt
            .send(
                endpoint.as_deref(),
                id,
                &envelope::error(e.code(), &e.to_string()),
            )
            .await;
    }
    handled
}

async fn handle(
    rt: &Realtime,
    mode: AccessMode,
    req: &WsRequest,
    id: &str,
    endpoint: Option<&str>,
) -> Result<WsResponse, ApiError> {
    let now = now();
    let Some(connection) = rt.connections.get(id, now).await? else {
        let reply = envelope::error(
            FrameErrorCode::UnknownConnection.as_str(),
            "this connection is not in a room; reconnect",
        );
        let _ = rt.send(endpoint, id, &reply).await;
        return Ok(ok());
    };
    if connection.token_expires_at.is_some_and(|at| at <= now) {
        let reply = envelope::error(
            FrameErrorCode::TokenExpired.as_str(),
            "the member token this socket connected with has expired; renew it with POST /api/sessions/join and reconnect",
        );
        let _ = rt.send(endpoint, id, &reply).await;
        let _ = rt.sender.close(endpoint, id).await;
        return Ok(ok());
    }
    if mode == AccessMode::Invite && removed(rt, &connection, now).await? {
        let reply = envelope::error(
            FrameErrorCode::MemberRemoved.as_str(),
            "the host removed you from this session",
        );
        let _ = rt.send(endpoint, id, &reply).await;
        let _ = rt.sender.close(endpoint, id).await;
        return Ok(ok());
    }
    let body = req.body.as_deref().unwrap_or_default();
    let frame = match ClientFrame::parse(body) {
        Ok(frame) => frame,
        Err(e) => return refuse(rt, endpoint, &connection, e).await,
    };
    let room = &connection.room_id;
    if frame.is_room_message()
        && let Rate::Limited { retry_after } = rt.count_message(room, &connection.member_id, now).await?
    {
        let MessageRate {
            messages,
            window_seconds,
        } = rt.rate;
        let text = format!(
            "more than {messages} messages in {window_seconds} s; this one was not sent, send again in {retry_after} s"
        );
        let reply = envelope::error(FrameErrorCode::RateLimited.as_str(), &text);
        rt.send_in_room(endpoint, id, room, &reply).await?;
        return Ok(ok());
    }
    match frame {
        ClientFrame::Message(payload) => {
            let name = &connection.display_name;
            let env = envelope::message(room, &connection.member_id, name, payload, now);
            rt.broadcast(endpoint, room, &env, Some(id)).await?;
        }
        ClientFrame::Acked(message_id, payload) => {
            let (member, name) = (&connection.member_id, &connection.display_name);
            let env = envelope::message(room, member, name, payload, now);
            let once = Some((member, message_id.as_str()));
            let (seq, repeated) = match rt.publish(endpoint, room, &env, Some(id), once).await? {
                Published::Sent { seq, .. } => (seq, false),
                Published::Repeat { seq } => (seq, true),
            };
            let ack = envelope::ack(room, message_id.as_str(), seq, repeated);
            let _ = rt.send(endpoint, id, &ack).await;
        }
        ClientFrame::Resume(after) => {
            rt.resume(endpoint, id, room, after).await?;
        }
        ClientFrame::Heartbeat(ttl) => {
            presence_write(rt, endpoint, &connection, None, ttl, now).await?;
        }
        ClientFrame::Status(status) => {
            presence_write(rt, endpoint, &connection, Some(&status), Ttl::default(), now).await?;
        }
        ClientFrame::Roster => {
            let members = rt.presence.members(room, now).await?;
            for page in envelope::roster(room, &members) {
                rt.send_in_room(endpoint, id, room, &page).await?;
            }
        }
    }
    Ok(ok())
}

/// Whether the host removed the connection's member (its room is its session).
async fn removed(rt: &Realtime, c: &Connection, now: i64) -> Result<bool, ApiError> {
    let Ok(session) = SessionId::parse(c.room_id.as_str()) else {
        return Ok(false);
    };
    Ok(rt.revocations.is_revoked(session, &c.member_id, now).await?)
}

async fn refuse(
    rt: &Realtime,
    endpoint: Option<&str>,
    c: &Connection,
    e: FrameError,
) -> Result<WsResponse, ApiError> {
    let e = ApiError::from(e);
    let error = envelope::error(e.code(), &e.to_string());
    rt.send_in_room(endpoint, &c.connection_id, &c.room_id, &error)
        .await?;
    Ok(ok())
}

/// Refreshes the sender's presence; the room hears of it when it joined again (its
/// presence had expired) or when its status changed.
async fn presence_write(
    rt: &Realtime,
    endpoint: Option<&str>,
    c: &Connection,
    status: Option<&PresenceStatus>,
    ttl: Ttl,
    now: i64,
) -> Result<(), ApiError> {
    let (room, member, display_name) = (&c.room_id, &c.member_id, &c.display_name);
    let write = PresenceWrite {
        room,
        member,
        display_name,
        status,
        ttl,
        now,
        connection: Some(&c.connection_id),
    };
    let (presence, before) = rt.presence.upsert(write).await?;
    let kind = match (before.is_some(), status) {
        (false, _) => PresenceChange::Join,
        (true, Some(_)) => PresenceChange::Update,
        (true, None) => return Ok(()),
    };
    rt.broadcast(endpoint, room, &envelope::presence(kind, room, &presence), None)
        .await?;
    Ok(())
}
