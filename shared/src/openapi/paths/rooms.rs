//! `/api/rooms/history`: a room's stored envelopes over HTTP.

#![allow(dead_code)] // the functions only carry their operation's attributes

use utoipa::IntoParams;

use crate::domain::RoomId;
use crate::error::ErrorEnvelope;
use crate::openapi::answers::Refusal;
use crate::realtime::History;

/// `GET /api/rooms/history`: the room and the page.
#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct HistoryQuery {
    /// The room (in invite mode, default and only: the token's).
    room_id: Option<RoomId>,
    /// Newest first, the envelopes with a seq below this one (default: the newest).
    #[param(minimum = 0)]
    before: Option<u64>,
    /// Oldest first, the envelopes with a seq above this one (not with `before`).
    #[param(minimum = 0)]
    after: Option<u64>,
    /// Envelopes in the page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

/// A page of a room's stored envelopes (kept 24 hours, the latest 5,000 at most).
#[utoipa::path(get, path = "/api/rooms/history", tag = "presence", operation_id = "getRoomHistory",
    params(HistoryQuery),
    security((), ("member_token" = [])),
    responses(
        (status = 200, description = "The page, and the cursor of the next one in `next`", body = History),
        (status = 400, description = "`invalid_id`: an unsafe `roomId`; `invalid_paging`: `before` and \
            `after` together, or a `before`, `after` or `limit` out of range", body = ErrorEnvelope),
        (status = 401, description = "Invite mode: no member token", body = Refusal),
        (status = 403, description = "Invite mode: a refused token, or `other_session` (another room)", body = Refusal),
        (status = 503, description = "`unavailable` or `throttled`", body = ErrorEnvelope),
    ))]
fn get_room_history() {}
