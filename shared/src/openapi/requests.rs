//! What the routes read, as schemas: JSON bodies, the upload form and query parameters.
//! The handlers read these fields one by one (to answer each mistake with its own code);
//! these types name the same fields with the same limits, from the same consts, and the
//! contract test sends what they describe to the running studio.

#![allow(dead_code)] // only their schemas are used

use utoipa::{IntoParams, ToSchema};

use crate::domain::{MAX_TTL_SECONDS, MIN_TTL_SECONDS, PresenceStatus, RoomId, SessionId};
use crate::media::{MAX_CONTENT_TYPE_CHARS, MAX_FILENAME_CHARS, MAX_PRESIGNED_UPLOAD};

/// `POST /api/sessions`: every field optional (an empty body too).
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateSessionBody {
    /// Default `Untitled session`.
    #[schema(schema_with = super::schemas::session_name_field)]
    name: Option<String>,
    /// Invite mode: the creator's display name as host (default `Host`).
    #[schema(schema_with = super::schemas::display_name_field)]
    host_name: Option<String>,
    /// Invite mode: how long the first invite lasts (default 7 days).
    #[schema(minimum = 60, maximum = 2_592_000, example = 86400)]
    invite_ttl_seconds: Option<i64>,
    /// Invite mode: the role the first invite grants, `performer` (default) or `listener`.
    #[schema(example = "listener")]
    invite_role: Option<String>,
}

/// `POST /api/sessions/fork`: a creation's fields and, required, the origin.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ForkSessionBody {
    /// Default `Untitled session`.
    #[schema(schema_with = super::schemas::session_name_field)]
    name: Option<String>,
    /// Invite mode: the forker's display name as the fork's host (default `Host`).
    #[schema(schema_with = super::schemas::display_name_field)]
    host_name: Option<String>,
    /// Invite mode: how long the fork's first invite lasts (default 7 days).
    #[schema(minimum = 60, maximum = 2_592_000, example = 86400)]
    invite_ttl_seconds: Option<i64>,
    /// Invite mode: the role the fork's first invite grants, `performer` (default) or `listener`.
    #[schema(example = "listener")]
    invite_role: Option<String>,
    /// The session and version the fork starts from.
    fork_of: ForkOfBody,
}

/// `forkOf`: the session and version a fork starts from.
#[derive(utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ForkOfBody {
    session_id: crate::domain::SessionId,
    /// Default: the session's current version.
    #[schema(minimum = 0)]
    version: Option<u64>,
}

/// `POST /api/sessions/join`: an invite and a name, or (with `Authorization: Bearer`)
/// nothing, or a new name, to renew a member token.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JoinBody {
    /// The invite token of an invite link.
    invite: Option<String>,
    /// Required with `invite`; renaming when renewing.
    #[schema(schema_with = super::schemas::display_name_field)]
    display_name: Option<String>,
    /// A host renewing: how long the fresh invite lasts.
    #[schema(minimum = 60, maximum = 2_592_000)]
    invite_ttl_seconds: Option<i64>,
    /// A host renewing: the role the fresh invite grants, `performer` (default) or `listener`.
    invite_role: Option<String>,
}

/// `POST /api/sessions/members/remove`: whom the host removes.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RemoveMemberBody {
    /// The host's session (the default); another session's is refused.
    session_id: Option<String>,
    /// The member to remove.
    member_id: String,
    /// Also ban the member (default false).
    ban: Option<bool>,
}

/// `GET /api/sessions/moderation`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct ModerationQuery {
    /// The host's session (the default); another session's is refused.
    session_id: Option<String>,
}

/// `POST /api/sessions/moderation`: the host's changes, applied in order in one
/// transaction.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ModerationBody {
    /// The host's session (the default); another session's is refused.
    session_id: Option<String>,
    /// 1 to 20 of: `{ op: "createInvite", role?: "performer"|"listener", maxMembers?: 1..250 (50), ttlSeconds?: 60..2592000 (7 days) }`,
    /// `{ op: "revokeInvite", inviteId }`, `{ op: "replaceInvite", inviteId }`, `{ op: "lock" }`,
    /// `{ op: "unlock" }`, `{ op: "setRole", memberId, role: "performer"|"listener" }`,
    /// `{ op: "ban", memberId }`, `{ op: "unban", memberId }`.
    ops: Vec<serde_json::Value>,
}

/// `POST /api/presence`. In invite mode `roomId`, `memberId` and `displayName` default
/// to the token's (and must equal them when given).
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PresencePutBody {
    room_id: RoomId,
    member_id: crate::domain::MemberId,
    #[schema(schema_with = super::schemas::display_name_field)]
    display_name: String,
    /// Default `online`.
    status: Option<PresenceStatus>,
    /// Default 60; over HTTP a presence lasts at most 300 s whatever is asked.
    #[schema(minimum = 5, maximum = 3600, example = 60)]
    ttl_seconds: Option<u32>,
}

/// `DELETE /api/presence`. In invite mode a guest removes only itself (the ids default
/// to the token's); a host may remove anyone from its room.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PresenceDeleteBody {
    room_id: RoomId,
    member_id: crate::domain::MemberId,
}

/// `POST /api/upload` as `multipart/form-data`: the audio itself (at most 4 MiB).
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UploadForm {
    /// WAV, FLAC or Ogg Vorbis; the part's type, when given, must match the bytes.
    #[schema(value_type = String, format = Binary, content_media_type = "application/octet-stream")]
    file: Vec<u8>,
    /// The session the audio belongs to (required in invite mode: the token's).
    session_id: Option<SessionId>,
}

/// `POST /api/upload` as JSON: ask for a presigned PUT for a file too large for the API.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PresignRequest {
    #[schema(min_length = 1, max_length = 255, example = "take1.wav")]
    filename: String,
    /// One of the accepted audio types (another is 415).
    #[schema(max_length = 255, example = "audio/wav")]
    content_type: String,
    /// Bytes the PUT will send (at most 512 MiB; more is 413).
    #[schema(minimum = 1, maximum = 536_870_912, example = 1_048_576)]
    size: u64,
    session_id: Option<SessionId>,
}

/// `POST /api/export`.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExportBody {
    session_id: SessionId,
    /// How the mix is mastered; absent: the streaming preset (-14 LUFS, -1 dBTP).
    /// A bad value is 400 `invalid_mastering`.
    mastering: Option<MasteringBody>,
    /// The arrangement version to render; absent: the latest. A version the history does
    /// not keep is 422 `unknown_version`; not a whole number, 400 `invalid_version`.
    #[schema(minimum = 0, example = 7)]
    version: Option<u64>,
    /// `"wav16"` (the default: 16-bit, TPDF-dithered), `"wav24"` (24-bit, dithered),
    /// `"wav32f"` (32-bit float), `"flac16"` or `"flac24"` (FLAC holding exactly the
    /// PCM of the WAV of that depth); another value is 400 `invalid_format`.
    #[schema(example = "flac24")]
    format: Option<String>,
    /// 48000 (the default) or 44100; another value is 400 `invalid_sample_rate`.
    #[schema(example = 44100)]
    sample_rate: Option<u32>,
}

/// `mastering` of `POST /api/export`.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MasteringBody {
    /// `"streaming"` (-14 LUFS, the default), `"apple"` (-16), `"broadcast"` (-23),
    /// `"off"` (the mix as summed, still held under the ceiling) or a number of LUFS
    /// from -40 to -5.
    #[schema(value_type = Object, example = "streaming")]
    target: Option<String>,
    /// The true-peak ceiling, dBTP, from -12 to 0 (default -1).
    #[schema(minimum = -12.0, maximum = 0.0, example = -1.0)]
    ceiling_dbtp: Option<f64>,
}

/// `POST /v1/sessions`: FastAPI's model, `name` required.
#[derive(ToSchema)]
pub struct V1CreateBody {
    #[schema(schema_with = super::schemas::session_name_field)]
    name: String,
}

/// Paging of a list: `limit` (1–100, default 50) and the `cursor` of the last answer.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// `nextCursor` of the previous page, as it was.
    cursor: Option<String>,
}

/// `GET /api/sessions`: `?id=` for one session, or a page.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionsQuery {
    /// One session instead of a page.
    id: Option<SessionId>,
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    cursor: Option<String>,
}

/// `GET /api/upload` and `GET /api/export`: `?id=` for one, or `?sessionId=` for a
/// page of the session's.
#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct MediaQuery {
    /// One upload or export (takes precedence over `sessionId`).
    id: Option<uuid::Uuid>,
    /// A page of the session's uploads or exports.
    session_id: Option<SessionId>,
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    cursor: Option<String>,
}

/// `DELETE /api/upload` and `DELETE /api/export`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IdQuery {
    id: uuid::Uuid,
}

/// `GET /api/presence`: the room (in invite mode, default and only: the token's).
#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct RoomQuery {
    room_id: Option<RoomId>,
}

/// `Idempotency-Key` of the create routes: a retry with the same key and body gets the
/// first answer again instead of doing the work twice.
#[derive(IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IdempotencyHeader {
    #[param(
        rename = "Idempotency-Key",
        min_length = 1,
        max_length = 255,
        pattern = "^[!-~]+$"
    )]
    idempotency_key: Option<String>,
}

const _: () = {
    // The literals above are the handlers' limits; these fail to compile if one moves.
    assert!(MAX_FILENAME_CHARS == 255 && MAX_CONTENT_TYPE_CHARS == 255);
    assert!(MAX_PRESIGNED_UPLOAD == 536_870_912);
    assert!(MIN_TTL_SECONDS == 5 && MAX_TTL_SECONDS == 3600);
    assert!(crate::domain::MAX_PAGE_SIZE == 100);
    assert!(crate::access::INVITE_TTL_MIN == 60 && crate::access::INVITE_TTL_MAX == 2_592_000);
    assert!(crate::idempotency::MAX_IDEMPOTENCY_KEY_CHARS == 255);
};
