//! `/api/sessions/moderation`: the host's controls over its room (invite mode only).

#![allow(dead_code)] // the functions only carry their operation's attributes

use crate::api::moderation::{Edited, Moderation};
use crate::error::ErrorEnvelope;
use crate::openapi::answers::Refusal;
use crate::openapi::requests::{ModerationBody, ModerationQuery};

/// The host's room: its invites (by id, with their bounds and counts), its members
/// (removed and banned ones included) and whether it is locked.
#[utoipa::path(get, path = "/api/sessions/moderation", tag = "sessions", operation_id = "getModeration",
    params(ModerationQuery),
    security(("member_token" = [])),
    responses(
        (status = 200, description = "The room as its host sees it", body = Moderation),
        (status = 400, description = "`open_access`, `invalid_id`", body = ErrorEnvelope),
        (status = 401, description = "No member token", body = Refusal),
        (status = 403, description = "A refused token, another session's (`other_session`), or `role_forbids` (not the host)", body = Refusal),
        (status = 503, description = "`unavailable` or `throttled`", body = ErrorEnvelope),
    ))]
fn get_moderation() {}

/// Apply the host's changes to its room in one transaction, all or none: invites made,
/// revoked or replaced, the room locked or unlocked, roles changed, members banned or
/// unbanned. A ban also revokes the invite the member came through and answers a
/// replacement.
#[utoipa::path(post, path = "/api/sessions/moderation", tag = "sessions", operation_id = "editModeration",
    request_body(content = ModerationBody, content_type = "application/json",
        example = json!({ "ops": [
            { "op": "createInvite", "role": "listener", "maxMembers": 20 },
            { "op": "setRole", "memberId": "m-3f2a9c1d4b5e6f708192a3b4c5d6e7f8", "role": "listener" },
            { "op": "lock" }
        ] })),
    security(("member_token" = [])),
    responses(
        (status = 200, description = "Every op applied, one result each", body = Edited),
        (status = 400, description = "`open_access`, `malformed_json`, `invalid_body`, `invalid_id`, `no_ops`, \
            `too_many_ops` (over 20), `invalid_role`, `invalid_max_members` (1 to 250), `invalid_invite_ttl` (60 s to 30 days), `invalid_invite_id`", body = ErrorEnvelope),
        (status = 401, description = "No member token", body = Refusal),
        (status = 403, description = "A refused token, another session's (`other_session`), or `role_forbids` (not the host)", body = Refusal),
        (status = 404, description = "`not_found`: no such invite or member in the session", body = ErrorEnvelope),
        (status = 409, description = "`cannot_moderate_host`, `member_removed` (a new role for a removed member), \
            `room_changed` (the room changed under the batch)", body = ErrorEnvelope),
        (status = 503, description = "`unavailable` or `throttled`", body = ErrorEnvelope),
    ))]
fn edit_moderation() {}
