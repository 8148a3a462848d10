//! `/api/arrangement`: a session's song.

#![allow(dead_code)] // the functions only carry their operation's attributes

use utoipa::IntoParams;

use crate::api::arrangement::answer::ArrangementAnswer;
use crate::domain::SessionId;
use crate::error::ErrorEnvelope;
use crate::openapi::answers::Refusal;

/// `GET /api/arrangement`: the session (optional in invite mode: the member's own).
#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct ArrangementQuery {
    /// Required in open mode; in invite mode the member's session when left out.
    session_id: Option<SessionId>,
}

/// A session's arrangement as it is now: tempo, time signature, master gain, tracks in
/// order and their clips. Times are whole samples at 48 kHz, each clip's start also in
/// seconds and bars:beats. Every ready upload of the session arrives as a new last track
/// with one clip at 0 (up to 64 tracks); version 0 and no tracks until then.
#[utoipa::path(get, path = "/api/arrangement", tag = "arrangement", operation_id = "getArrangement",
    params(ArrangementQuery),
    security((), ("member_token" = [])),
    responses(
        (status = 200, description = "The arrangement", body = ArrangementAnswer),
        (status = 400, description = "`missing_session_id`, `invalid_session_id`", body = ErrorEnvelope),
        (status = 401, description = "Invite mode: no member token", body = Refusal),
        (status = 403, description = "Invite mode: a refused token, or another session's", body = Refusal),
        (status = 404, description = "`not_found`: no such session", body = ErrorEnvelope),
        (status = 503, description = "`unavailable` or `throttled`", body = ErrorEnvelope),
    ))]
fn get_arrangement() {}
