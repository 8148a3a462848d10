//! `/api/arrangement`: a session's song.

#![allow(dead_code)] // the functions only carry their operation's attributes

use utoipa::IntoParams;

use crate::api::arrangement::ChangesPage;
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
    /// The arrangement as it was at this version (0: empty).
    version: Option<u64>,
    /// Present (any value): the change log instead of the document.
    changes: Option<String>,
    /// Change log: the versions before this one, newest first (default: from the newest).
    before: Option<u64>,
    /// Change log: the versions after this one, oldest first (catching up).
    after: Option<u64>,
    /// Change log: 1 to 100 entries (default 50).
    limit: Option<u32>,
    /// Change log, present (any value): only the versions a snapshot named.
    snapshots: Option<String>,
}

/// A session's arrangement as it is now (or with `version` as it was then): tempo, time
/// signature, master gain, tracks in order and their clips. Times are whole samples at
/// 48 kHz, each clip's start also in seconds and bars:beats. Every ready upload of the
/// session arrives as a new last track with one clip at 0 (up to 64 tracks); version 0
/// and no tracks until then. With `changes`, a page of the change log instead
/// (`ChangesPage`): each version's operations, author, time and snapshot name.
#[utoipa::path(get, path = "/api/arrangement", tag = "arrangement", operation_id = "getArrangement",
    params(ArrangementQuery),
    security((), ("member_token" = [])),
    responses(
        (status = 200, description = "The arrangement, or with `changes` a page of the change log", body = ArrangementOrChanges),
        (status = 400, description = "`missing_session_id`, `invalid_session_id`, `invalid_version`, `invalid_paging`", body = ErrorEnvelope),
        (status = 401, description = "Invite mode: no member token", body = Refusal),
        (status = 403, description = "Invite mode: a refused token, or another session's", body = Refusal),
        (status = 404, description = "`not_found`: no such session; `unknown_version`: no such version, or one older than the history kept", body = ErrorEnvelope),
        (status = 503, description = "`unavailable` or `throttled`", body = ErrorEnvelope),
    ))]
fn get_arrangement() {}

/// The document, or a page of the change log.
#[derive(utoipa::ToSchema)]
#[allow(clippy::large_enum_variant)]
#[serde(untagged)]
pub enum ArrangementOrChanges {
    Arrangement(ArrangementAnswer<'static>),
    Changes(ChangesPage),
}

/// `POST /api/arrangement`.
#[derive(utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EditRequest {
    /// Required in open mode; in invite mode the member's session when left out.
    session_id: Option<SessionId>,
    /// The version the operations were made against.
    base_version: u64,
    /// 1 to 200 operations, each `{ op, ... }`: `addTrack { trackId?, name }`,
    /// `renameTrack { trackId, name }`, `removeTrack { trackId }`,
    /// `moveTrack { trackId, position }`, `setTrack { trackId, gainDb?, pan?, muted?, solo? }`,
    /// `addClip { clipId?, trackId, uploadId, start, trimStart?, trimEnd?, gainDb?, fadeIn?, fadeOut? }`,
    /// `moveClip { clipId, start, trackId? }`, `trimClip { clipId, trimStart, trimEnd? }`,
    /// `setClip { clipId, gainDb?, fadeIn?, fadeOut? }`, `removeClip { clipId }`,
    /// `setTempo { bpm }`, `setTimeSignature { beatsPerBar, beatUnit }`,
    /// `setMasterGain { gainDb }`, `snapshot { name }` (names the new version),
    /// `revert { toVersion }` (the document of that version again, as a new version; only
    /// against the current version, alone or with a snapshot). Times in samples at 48 kHz,
    /// gains in dB.
    #[schema(value_type = Vec<Object>)]
    operations: Vec<serde_json::Value>,
    /// Open mode: who is editing (optional); invite mode: the token's.
    member_id: Option<String>,
    display_name: Option<String>,
}

/// An accepted batch, as the room is told it too (`arrangement.changed`).
#[derive(utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EditAnswer {
    /// The new version.
    version: u64,
    /// Made against an older version, applied to the newer one (no target had changed).
    rebased: bool,
    /// The operations as applied (with the ids of new tracks and clips).
    #[schema(value_type = Vec<Object>)]
    operations: Vec<serde_json::Value>,
    /// `{ memberId?, displayName? }`.
    #[schema(value_type = Object)]
    by: serde_json::Value,
}

/// Apply a batch of operations made against `baseVersion`, atomically, as the next
/// version. An operation whose target (a track, a clip, or a session field) changed after
/// `baseVersion` refuses the batch with 409 `edit_conflict` and `currentVersion`;
/// otherwise the batch applies to the newer version and is answered `rebased: true`.
#[utoipa::path(post, path = "/api/arrangement", tag = "arrangement", operation_id = "editArrangement",
    request_body(content = EditRequest, content_type = "application/json",
        example = json!({ "sessionId": "0b6f4c1e-3a2d-4f5e-9c8b-7a6d5e4f3c2b", "baseVersion": 3,
            "operations": [{ "op": "moveClip", "clipId": "5b0d6c1e-3a2d-4f5e-9c8b-7a6d5e4f3c2b", "start": 384000 }] })),
    security((), ("member_token" = [])),
    responses(
        (status = 200, description = "The new version", body = EditAnswer),
        (status = 400, description = "`malformed_json`, `invalid_body`, `missing_session_id`, `invalid_session_id`, \
            `invalid_operations`, `invalid_gain`, `invalid_pan`, `invalid_tempo`, `invalid_time_signature`, \
            `invalid_track_name`, `invalid_snapshot_name`, `invalid_time`, `invalid_trim`, `invalid_fades`, `invalid_base_version`, \
            `invalid_id`, `invalid_display_name`", body = ErrorEnvelope),
        (status = 401, description = "Invite mode: no member token", body = Refusal),
        (status = 403, description = "Invite mode: a refused token, another session's, or another member named, or `role_forbids` (a listener)", body = Refusal),
        (status = 404, description = "`not_found`: no such session", body = ErrorEnvelope),
        (status = 409, description = "`edit_conflict` (with `currentVersion`), `id_in_use`", body = ErrorEnvelope),
        (status = 413, description = "`payload_too_large`", body = ErrorEnvelope),
        (status = 415, description = "`unsupported_media_type`: not JSON", body = ErrorEnvelope),
        (status = 422, description = "`too_many_tracks`, `too_many_clips`, `upload_of_other_session`, \
            `upload_not_ready`, `unknown_track`, `unknown_clip`, `unknown_version`", body = ErrorEnvelope),
        (status = 503, description = "`unavailable` or `throttled`", body = ErrorEnvelope),
    ))]
fn edit_arrangement() {}
