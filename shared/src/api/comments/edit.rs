//! `POST /api/comments`: one comment operation (`add`, `reply`, `resolve`, `reopen`),
//! answered 201 with the comment as stored and told to the session's room as one
//! `comment.*` envelope.

use lambda_http::Request;
use serde_json::{Map, Value};

use super::answer::CommentAnswer;
use crate::access::{AccessMode, Action, Caller};
use crate::api::arrangement::author;
use crate::api::arrangement::input::editing_session;
use crate::arrangement::ArrangementStore;
use crate::comments::{
    Comment, CommentError, CommentEvent, CommentId, CommentOp, CommentStore, NewComment, RawCommentOp,
    comment_envelope, pin,
};
use crate::domain::{RoomId, SessionId};
use crate::error::ApiError;
use crate::http::{MAX_JSON_BODY, Response, created, json_object};
use crate::realtime::{Realtime, now};
use crate::sessions::SessionStore;

/// Applies the operation of the body `{ sessionId?, memberId?, displayName?, op, ... }`.
pub async fn edit(
    sessions: &dyn SessionStore,
    arrangements: &dyn ArrangementStore,
    comments: &dyn CommentStore,
    realtime: &Realtime,
    mode: AccessMode,
    req: &Request,
) -> Result<Response, ApiError> {
    let caller = Caller::of_http(mode, req, now())?;
    caller.may(Action::Comment)?;
    let mut body = json_object(req, MAX_JSON_BODY)?.unwrap_or_default();
    let session_id = text_field(&mut body, "sessionId")?;
    let member_id = text_field(&mut body, "memberId")?;
    let display_name = text_field(&mut body, "displayName")?;
    // What is left is the operation: `op` and its fields, nothing else.
    let raw: RawCommentOp =
        serde_json::from_value(Value::Object(body)).map_err(|e| ApiError::bad_request("invalid_body", e))?;
    let op = CommentOp::try_from(raw)?;
    let session = editing_session(sessions, &caller, session_id.as_deref()).await?;
    let by = author(&caller, member_id.as_deref(), display_name.as_deref())?;
    let doc = arrangements.current(session).await?;
    let (event, comment) = match op {
        CommentOp::Add {
            text,
            at,
            track,
            clip,
        } => {
            let new = NewComment {
                id: CommentId::new(),
                session,
                reply_to: None,
                author: by,
                text,
                pin: pin(&doc, at, track, clip)?,
                version: doc.version,
            };
            (CommentEvent::Added, comments.add(new).await??)
        }
        CommentOp::Reply { to, text } => {
            let thread = existing(comments, session, to).await?;
            // One level of replies: a reply to a reply joins its thread, at its place.
            let new = NewComment {
                id: CommentId::new(),
                session,
                reply_to: Some(thread.root()),
                author: by,
                text,
                pin: thread.pin,
                version: doc.version,
            };
            (CommentEvent::Added, comments.add(new).await??)
        }
        CommentOp::Resolve(id) => (
            CommentEvent::Resolved,
            set_resolved(comments, &caller, session, id, Some(by)).await?,
        ),
        CommentOp::Reopen(id) => (
            CommentEvent::Reopened,
            set_resolved(comments, &caller, session, id, None).await?,
        ),
    };
    let answer = CommentAnswer::new(&comment, &doc);
    announce(realtime, session, event, &answer).await;
    Ok(created(&answer))
}

/// A string field of the body taken out of it (`null` or absent: `None`).
fn text_field(body: &mut Map<String, Value>, name: &str) -> Result<Option<String>, ApiError> {
    match body.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(ApiError::bad_request(
            "invalid_body",
            format!("{name} must be a string"),
        )),
    }
}

/// The session's comment `id` (404 otherwise: another session's ids are not told apart
/// from unknown ones).
async fn existing(
    comments: &dyn CommentStore,
    session: SessionId,
    id: CommentId,
) -> Result<Comment, ApiError> {
    comments
        .get(session, id)
        .await?
        .ok_or_else(|| CommentError::UnknownComment(id.to_string()).into())
}

/// Resolves (`by` given) or reopens the thread of `id`: its author, or a role that may
/// resolve anyone's; 409 `comment_state` when it already is so.
async fn set_resolved(
    comments: &dyn CommentStore,
    caller: &Caller,
    session: SessionId,
    id: CommentId,
    by: Option<crate::arrangement::Author>,
) -> Result<Comment, ApiError> {
    let named = existing(comments, session, id).await?;
    let root = match named.reply_to {
        Some(root) => existing(comments, session, root).await?,
        None => named,
    };
    caller.may_resolve(root.author.member_id.as_ref())?;
    let state = if by.is_some() { "resolved" } else { "open" };
    comments
        .set_resolved(session, root.id, by)
        .await?
        .ok_or_else(|| CommentError::AlreadySo(state).into())
}

/// Tells the room; the comment is stored either way (a member that missed the envelope
/// sees it on its next read of `GET /api/comments`).
async fn announce(realtime: &Realtime, session: SessionId, event: CommentEvent, answer: &CommentAnswer) {
    let room_id = session.to_string();
    let Ok(room) = RoomId::parse(&room_id) else {
        return;
    };
    let envelope = comment_envelope(event, &room_id, answer);
    if let Err(e) = realtime.broadcast(None, &room, &envelope, None).await {
        tracing::warn!(%room, error = %e, "comment not broadcast");
    }
}
