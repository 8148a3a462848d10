//! `/api/sessions`, `/api/sessions/fork`, `/api/sessions/join` and `/healthz`.

#![allow(dead_code)] // the functions only carry their operation's attributes

use crate::api::health::Done;
use crate::api::join::JoinAnswer;
use crate::api::members::Removed;
use crate::api::sessions::CreatedSession;
use crate::error::ErrorEnvelope;
use crate::openapi::answers::{Refusal, SessionsGetAnswer};
use crate::openapi::requests::{
    CreateSessionBody, ForkSessionBody, IdempotencyHeader, JoinBody, RemoveMemberBody, SessionsQuery,
};

/// List sessions newest first, or get one with `?id=`. In invite mode the list holds
/// only the member's own session, and `?id=` must name it.
#[utoipa::path(get, path = "/api/sessions", tag = "sessions", operation_id = "getSessions",
    params(SessionsQuery),
    security((), ("member_token" = [])),
    responses(
        (status = 200, description = "A page of sessions, or with `?id=` the one session", body = SessionsGetAnswer),
        (status = 400, description = "`invalid_id`, `invalid_limit`, `invalid_cursor`", body = ErrorEnvelope),
        (status = 401, description = "Invite mode: no member token", body = Refusal),
        (status = 403, description = "Invite mode: a refused token, or `other_session` (`?id=` of another session)", body = Refusal),
        (status = 404, description = "`not_found`: no session has that id", body = ErrorEnvelope),
        (status = 503, description = "`unavailable` or `throttled`, with `Retry-After`", body = ErrorEnvelope),
    ))]
fn get_sessions() {}

/// Create a session. In invite mode its creator becomes the host: the answer adds the
/// host's member token and a first invite.
#[utoipa::path(post, path = "/api/sessions", tag = "sessions", operation_id = "createSession",
    params(IdempotencyHeader),
    request_body(content = CreateSessionBody, content_type = "application/json",
        example = json!({ "name": "Friday jam" })),
    responses(
        (status = 201, description = "The session (and in invite mode `host` and `invite`)", body = CreatedSession),
        (status = 400, description = "`malformed_json`, `invalid_body`, `invalid_name`, `invalid_display_name`, \
            `invalid_invite_ttl`, `invalid_invite_role`, `invalid_idempotency_key`, `weak_idempotency_key` (invite mode: a key under 32 characters)", body = ErrorEnvelope),
        (status = 409, description = "`idempotency_key_in_use`: the same key is still being answered", body = ErrorEnvelope),
        (status = 413, description = "`payload_too_large`: a body over 64 KiB", body = ErrorEnvelope),
        (status = 415, description = "`unsupported_media_type`: a body that is not `application/json`", body = ErrorEnvelope),
        (status = 422, description = "`idempotency_key_reused` with another body", body = ErrorEnvelope),
        (status = 503, description = "`unavailable` or `throttled`, with `Retry-After`", body = ErrorEnvelope),
    ))]
fn create_session() {}

/// Fork a version of a session: the new session starts with that version's arrangement
/// under new ids, shares its audio (no object is copied) and is credited with
/// `forkedFrom`. In invite mode only a member of the source session forks it, and
/// becomes the fork's host: the answer adds its member token and a first invite.
#[utoipa::path(post, path = "/api/sessions/fork", tag = "sessions", operation_id = "forkSession",
    params(IdempotencyHeader),
    request_body(content = ForkSessionBody, content_type = "application/json",
        example = json!({ "name": "Other chorus", "forkOf": { "sessionId": "0b9f3c52-8d1e-4f6a-9c2b-7e5d4a3f2b10", "version": 3 } })),
    security((), ("member_token" = [])),
    responses(
        (status = 201, description = "The fork (and in invite mode `host` and `invite`)", body = CreatedSession),
        (status = 400, description = "`malformed_json`, `invalid_body`, `invalid_name`, `invalid_display_name`, \
            `invalid_invite_ttl`, `invalid_invite_role`, `invalid_fork_of` (missing or not `{ sessionId, version? }`), \
            `invalid_idempotency_key`", body = ErrorEnvelope),
        (status = 401, description = "Invite mode: no member token", body = Refusal),
        (status = 403, description = "Invite mode: a refused token, or `other_session` (a token of another session)", body = Refusal),
        (status = 404, description = "`not_found`: no such source session", body = ErrorEnvelope),
        (status = 409, description = "`idempotency_key_in_use`: the same key is still being answered", body = ErrorEnvelope),
        (status = 413, description = "`payload_too_large`: a body over 64 KiB", body = ErrorEnvelope),
        (status = 415, description = "`unsupported_media_type`: a body that is not `application/json`", body = ErrorEnvelope),
        (status = 422, description = "`unknown_version`: a version the source's history does not keep; \
            `idempotency_key_reused` with another body", body = ErrorEnvelope),
        (status = 503, description = "`unavailable` or `throttled`, with `Retry-After`", body = ErrorEnvelope),
    ))]
fn fork_session() {}

/// Exchange an invite and a name for a member token, or renew one (invite mode only).
#[utoipa::path(post, path = "/api/sessions/join", tag = "sessions", operation_id = "joinSession",
    request_body(content = JoinBody, content_type = "application/json",
        example = json!({ "invite": "<invite token>", "displayName": "Ada" })),
    security((), ("member_token" = [])),
    responses(
        (status = 200, description = "The member, its token and (for a host renewing) a fresh invite", body = JoinAnswer),
        (status = 400, description = "`open_access` (the studio runs in open mode), `malformed_json`, `invalid_body`, \
            `invalid_display_name`, `invalid_invite_ttl`, `invalid_invite_role`", body = ErrorEnvelope),
        (status = 401, description = "`unauthenticated` (neither an invite nor a bearer token), `invalid_token`, \
            `token_expired`, `wrong_token`, `invite_outdated` (an invite signed before invites had ids)", body = ErrorEnvelope),
        (status = 403, description = "`invite_revoked`, `invite_exhausted` (it admitted its `maxMembers`), `invite_unknown`, \
            `room_locked` (the host locked the room; renewals still pass), `member_removed` (a renewal)", body = ErrorEnvelope),
        (status = 404, description = "`not_found`: the invite's session is gone", body = ErrorEnvelope),
        (status = 409, description = "`display_name_taken`: a performer or listener asked for the host's display name (any case)", body = ErrorEnvelope),
        (status = 413, description = "`payload_too_large`", body = ErrorEnvelope),
        (status = 415, description = "`unsupported_media_type`", body = ErrorEnvelope),
        (status = 429, description = "`invite_rate_limited`: the invite admitted 10 members in the last minute, \
            with `Retry-After`", body = ErrorEnvelope),
        (status = 503, description = "`unavailable` or `throttled`", body = ErrorEnvelope),
    ))]
fn join_session() {}

/// Remove a member from the session (the host only, invite mode): its tokens stop
/// working within seconds everywhere, its sockets are closed and the room hears a
/// `presence.leave` with `reason`. With `ban` the member is also refused for good.
#[utoipa::path(post, path = "/api/sessions/members/remove", tag = "sessions", operation_id = "removeMember",
    request_body(content = RemoveMemberBody, content_type = "application/json",
        example = json!({ "memberId": "m-3f2a9c1d4b5e6f708192a3b4c5d6e7f8", "ban": true })),
    security(("member_token" = [])),
    responses(
        (status = 200, description = "The member is removed", body = Removed),
        (status = 400, description = "`open_access`, `malformed_json`, `invalid_body`, `invalid_id`", body = ErrorEnvelope),
        (status = 401, description = "No member token", body = Refusal),
        (status = 403, description = "A refused token, another session's, or `role_forbids` (not the host)", body = Refusal),
        (status = 404, description = "`not_found`: no such member in the session", body = ErrorEnvelope),
        (status = 409, description = "`cannot_remove_host`", body = ErrorEnvelope),
        (status = 503, description = "`unavailable` or `throttled`", body = ErrorEnvelope),
    ))]
fn remove_member() {}

/// The liveness probe: checks no dependency.
#[utoipa::path(get, path = "/healthz", tag = "health", operation_id = "healthz",
    responses((status = 200, description = "The function answers", body = Done)))]
fn healthz() {}
