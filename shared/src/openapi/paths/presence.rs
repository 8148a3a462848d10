//! `/api/presence`: the room roster over HTTP.

#![allow(dead_code)] // the functions only carry their operation's attributes

use crate::api::health::Done;
use crate::api::presence::Members;
use crate::error::ErrorEnvelope;
use crate::openapi::answers::Refusal;
use crate::openapi::requests::{PresenceDeleteBody, PresencePutBody, RoomQuery};

/// The live members of a room.
#[utoipa::path(get, path = "/api/presence", tag = "presence", operation_id = "getPresence",
    params(RoomQuery),
    security((), ("member_token" = [])),
    responses(
        (status = 200, description = "The room's live members", body = Members),
        (status = 400, description = "`invalid_id`: a missing or unsafe `roomId`", body = ErrorEnvelope),
        (status = 401, description = "Invite mode: no member token", body = Refusal),
        (status = 403, description = "Invite mode: a refused token, or `other_session` (another room)", body = Refusal),
        (status = 503, description = "`unavailable` or `throttled`", body = ErrorEnvelope),
    ))]
fn get_presence() {}

/// Write a member's presence (upsert) and tell the room.
#[utoipa::path(post, path = "/api/presence", tag = "presence", operation_id = "putPresence",
    request_body(content = PresencePutBody, content_type = "application/json",
        example = json!({ "roomId": "jam-1", "memberId": "ada", "displayName": "Ada", "status": "online" })),
    security((), ("member_token" = [])),
    responses(
        (status = 200, description = "Written", body = Done),
        (status = 400, description = "`malformed_json`, `invalid_body`, `invalid_id`, `invalid_display_name`, \
            `invalid_status`, `invalid_ttl`", body = ErrorEnvelope),
        (status = 401, description = "Invite mode: no member token", body = Refusal),
        (status = 403, description = "Invite mode: a refused token, `other_session` or `not_yourself`", body = Refusal),
        (status = 409, description = "`room_full`: the room holds 500 members", body = ErrorEnvelope),
        (status = 413, description = "`payload_too_large`", body = ErrorEnvelope),
        (status = 415, description = "`unsupported_media_type`", body = ErrorEnvelope),
        (status = 503, description = "`unavailable` or `throttled`", body = ErrorEnvelope),
    ))]
fn put_presence() {}

/// Remove a member from a room and tell the room.
#[utoipa::path(delete, path = "/api/presence", tag = "presence", operation_id = "deletePresence",
    request_body(content = PresenceDeleteBody, content_type = "application/json",
        example = json!({ "roomId": "jam-1", "memberId": "ada" })),
    security((), ("member_token" = [])),
    responses(
        (status = 200, description = "Removed (or was not there)", body = Done),
        (status = 400, description = "`malformed_json`, `invalid_body`, `invalid_id`", body = ErrorEnvelope),
        (status = 401, description = "Invite mode: no member token", body = Refusal),
        (status = 403, description = "Invite mode: a refused token, `other_session` or `not_yourself`", body = Refusal),
        (status = 413, description = "`payload_too_large`", body = ErrorEnvelope),
        (status = 415, description = "`unsupported_media_type`", body = ErrorEnvelope),
        (status = 503, description = "`unavailable` or `throttled`", body = ErrorEnvelope),
    ))]
fn delete_presence() {}
