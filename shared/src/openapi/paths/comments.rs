//! `/api/comments`: comments pinned to a time in the song.

#![allow(dead_code)] // the functions only carry their operation's attributes

use utoipa::IntoParams;

use crate::api::comments::CommentsPage;
use crate::api::comments::answer::CommentAnswer;
use crate::domain::SessionId;
use crate::error::ErrorEnvelope;
use crate::openapi::answers::Refusal;

/// `GET /api/comments`: the session (optional in invite mode: the member's own) and the page.
#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct CommentsQuery {
    /// Required in open mode; in invite mode the member's session when left out.
    session_id: Option<SessionId>,
    /// The comments before this seq, newest first (default: from the newest).
    before: Option<u64>,
    /// The comments after this seq, oldest first (catching up).
    after: Option<u64>,
    /// 1 to 100 comments (default 50).
    limit: Option<u32>,
    /// Place the comments in this arrangement version (default: the latest).
    version: Option<u64>,
}

/// A page of the session's comments and replies, newest first (or oldest first with
/// `after`), each placed in the arrangement as it is now (or at `version`): a comment on
/// a clip at the clip's start there plus its offset into the clip, `detached` at the time
/// it was made when the clip is not there. Times in samples at 48 kHz, also in seconds
/// and bars:beats.
#[utoipa::path(get, path = "/api/comments", tag = "comments", operation_id = "getComments",
    params(CommentsQuery),
    security((), ("member_token" = [])),
    responses(
        (status = 200, description = "A page of comments", body = CommentsPage),
        (status = 400, description = "`missing_session_id`, `invalid_session_id`, `invalid_version`, `invalid_paging`", body = ErrorEnvelope),
        (status = 401, description = "Invite mode: no member token", body = Refusal),
        (status = 403, description = "Invite mode: a refused token, or another session's", body = Refusal),
        (status = 404, description = "`not_found`: no such session; `unknown_version`: no such version, or one older than the history kept", body = ErrorEnvelope),
        (status = 503, description = "`unavailable` or `throttled`", body = ErrorEnvelope),
    ))]
fn get_comments() {}

/// `POST /api/comments`: the session, the author (open mode) and one operation.
#[derive(utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CommentRequest {
    /// Required in open mode; in invite mode the member's session when left out.
    session_id: Option<SessionId>,
    /// `add` (`text`, `at`, `trackId?`, `clipId?`), `reply` (`commentId`, `text`),
    /// `resolve` (`commentId`) or `reopen` (`commentId`).
    op: CommentOpName,
    /// `add`, `reply`: 1 to 2000 characters.
    text: Option<String>,
    /// `add`: the timeline position, whole samples at 48 kHz from 0 to 57600000.
    at: Option<u64>,
    /// `add`: a track of the latest arrangement.
    track_id: Option<uuid::Uuid>,
    /// `add`: a clip of the latest arrangement (the comment follows it).
    clip_id: Option<uuid::Uuid>,
    /// `reply`, `resolve`, `reopen`: a comment of the session (of the thread, for a resolve).
    comment_id: Option<uuid::Uuid>,
    /// Open mode: who is writing (optional); invite mode: the token's.
    member_id: Option<String>,
    display_name: Option<String>,
}

/// The operations.
#[derive(utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum CommentOpName {
    Add,
    Reply,
    Resolve,
    Reopen,
}

/// Add a comment, reply in a thread (a reply to a reply joins its root's thread), or
/// resolve or reopen a thread (its author, or a host or performer for anyone's). Each
/// accepted operation is told to the session's room: `comment.added`, `comment.resolved`,
/// `comment.reopened`.
#[utoipa::path(post, path = "/api/comments", tag = "comments", operation_id = "editComments",
    request_body(content = CommentRequest, content_type = "application/json",
        example = json!({ "sessionId": "0b6f4c1e-3a2d-4f5e-9c8b-7a6d5e4f3c2b", "op": "add",
            "text": "the snare drags here", "at": 384000, "clipId": "5b0d6c1e-3a2d-4f5e-9c8b-7a6d5e4f3c2b" })),
    security((), ("member_token" = [])),
    responses(
        (status = 201, description = "The comment as stored (for a resolve or reopen, its thread's first comment)", body = CommentAnswer),
        (status = 400, description = "`malformed_json`, `invalid_body`, `missing_session_id`, `invalid_session_id`, \
            `invalid_comment`, `invalid_time`, `invalid_id`, `invalid_display_name`", body = ErrorEnvelope),
        (status = 401, description = "Invite mode: no member token", body = Refusal),
        (status = 403, description = "Invite mode: a refused token, another session's, or another member named; \
            `role_forbids`: a listener resolving or reopening another's thread", body = Refusal),
        (status = 404, description = "`not_found`: no such session, or no such comment in it", body = ErrorEnvelope),
        (status = 409, description = "`comment_quota`: 500 comments per member or 5000 per session; \
            `comment_state`: the thread is already resolved (or open)", body = ErrorEnvelope),
        (status = 413, description = "`payload_too_large`", body = ErrorEnvelope),
        (status = 415, description = "`unsupported_media_type`: not JSON", body = ErrorEnvelope),
        (status = 422, description = "`unknown_track`, `unknown_clip`: not in the latest arrangement", body = ErrorEnvelope),
        (status = 503, description = "`unavailable` or `throttled`", body = ErrorEnvelope),
    ))]
fn edit_comments() {}
