//! `/api/upload` and `/api/export`.

#![allow(dead_code)] // the functions only carry their operation's attributes

use crate::api::media::answers::{ExportAnswer, ExportDeleted, UploadDeleted};
use crate::error::ErrorEnvelope;
use crate::openapi::answers::{ExportGetAnswer, Refusal, UploadCreated, UploadGetAnswer};
use crate::openapi::requests::{
    ExportBody, IdQuery, IdempotencyHeader, MediaQuery, PresignRequest, UploadForm,
};

/// Upload audio: a multipart `file` is stored at once; a JSON request gets a presigned
/// PUT for a larger file, confirmed by the first `GET /api/upload?id=` after the PUT.
#[utoipa::path(post, path = "/api/upload", tag = "media", operation_id = "createUpload",
    params(IdempotencyHeader),
    request_body(content(
        (UploadForm = "multipart/form-data"),
        (PresignRequest = "application/json",
            example = json!({ "filename": "take1.wav", "contentType": "audio/wav", "size": 1048576 })),
    )),
    security((), ("member_token" = [])),
    responses(
        (status = 201, description = "The stored upload, or the pending one and its PUT", body = UploadCreated),
        (status = 400, description = "`missing_file`, `malformed_multipart`, `malformed_json`, `invalid_body`, \
            `invalid_filename`, `invalid_size`, `invalid_content_type`, `invalid_session_id`, \
            `invalid_idempotency_key`", body = ErrorEnvelope),
        (status = 401, description = "Invite mode: no member token", body = Refusal),
        (status = 403, description = "Invite mode: a refused token, another session's, or `role_forbids` (a listener)", body = Refusal),
        (status = 404, description = "`not_found`: no such session", body = ErrorEnvelope),
        (status = 409, description = "`idempotency_key_in_use`", body = ErrorEnvelope),
        (status = 413, description = "`payload_too_large`: a file over 4 MiB (multipart) or 512 MiB (presigned)", body = ErrorEnvelope),
        (status = 415, description = "`unsupported_media_type`: not WAV, FLAC or Ogg Vorbis, or not the declared type", body = ErrorEnvelope),
        (status = 422, description = "`idempotency_key_reused`", body = ErrorEnvelope),
        (status = 503, description = "`unavailable` or `throttled`", body = ErrorEnvelope),
    ))]
fn create_upload() {}

/// One upload with a fresh URL (`?id=`; a pending one is checked first), or a page of a
/// session's ready audio, oldest first (`?sessionId=`).
#[utoipa::path(get, path = "/api/upload", tag = "media", operation_id = "getUpload",
    params(MediaQuery),
    security((), ("member_token" = [])),
    responses(
        (status = 200, description = "The upload, or a page of the session's", body = UploadGetAnswer),
        (status = 400, description = "`missing_id`, `invalid_id`, `invalid_session_id`, `invalid_limit`, `invalid_cursor`", body = ErrorEnvelope),
        (status = 401, description = "Invite mode: no member token", body = Refusal),
        (status = 403, description = "Invite mode: a refused token, or another session's", body = Refusal),
        (status = 404, description = "`not_found`: no such upload or session", body = ErrorEnvelope),
        (status = 415, description = "`unsupported_media_type`: a presigned upload whose bytes are not accepted \
            audio (it is removed)", body = ErrorEnvelope),
        (status = 503, description = "`unavailable` or `throttled`", body = ErrorEnvelope),
    ))]
fn get_upload() {}

/// Remove an upload: its row, then its object.
#[utoipa::path(delete, path = "/api/upload", tag = "media", operation_id = "deleteUpload",
    params(IdQuery),
    security((), ("member_token" = [])),
    responses(
        (status = 200, description = "Removed", body = UploadDeleted),
        (status = 400, description = "`missing_id`, `invalid_id`", body = ErrorEnvelope),
        (status = 401, description = "Invite mode: no member token", body = Refusal),
        (status = 403, description = "Invite mode: a refused token, another session's (`other_session`), `role_forbids` (a listener), or `not_owner`: neither its maker nor the host", body = Refusal),
        (status = 404, description = "`not_found`", body = ErrorEnvelope),
        (status = 503, description = "`unavailable` or `throttled`", body = ErrorEnvelope),
    ))]
fn delete_upload() {}

/// Render a session's arrangement (the latest version, or `version`) into one stereo WAV or FLAC at 48 or 44.1 kHz.
#[utoipa::path(post, path = "/api/export", tag = "media", operation_id = "createExport",
    params(IdempotencyHeader),
    request_body(content = ExportBody, content_type = "application/json"),
    security((), ("member_token" = [])),
    responses(
        (status = 201, description = "The export and a URL to download it", body = ExportAnswer),
        (status = 400, description = "`malformed_json`, `invalid_body`, `missing_session_id`, `invalid_session_id`, \
            `invalid_mastering`, `invalid_version`, `invalid_format`, `invalid_sample_rate`, `invalid_idempotency_key`", body = ErrorEnvelope),
        (status = 401, description = "Invite mode: no member token", body = Refusal),
        (status = 403, description = "Invite mode: a refused token, another session's, or `role_forbids` (a listener)", body = Refusal),
        (status = 404, description = "`not_found`: no such session", body = ErrorEnvelope),
        (status = 409, description = "`idempotency_key_in_use`", body = ErrorEnvelope),
        (status = 413, description = "`payload_too_large`", body = ErrorEnvelope),
        (status = 415, description = "`unsupported_media_type`", body = ErrorEnvelope),
        (status = 422, description = "`export_over_limit` (see docs/media.md), `unknown_version` (a version the history does not keep), `idempotency_key_reused`", body = ErrorEnvelope),
        (status = 503, description = "`unavailable` or `throttled`", body = ErrorEnvelope),
    ))]
fn create_export() {}

/// One export with a fresh URL (`?id=`), or a page of a session's, newest first (`?sessionId=`).
#[utoipa::path(get, path = "/api/export", tag = "media", operation_id = "getExport",
    params(MediaQuery),
    security((), ("member_token" = [])),
    responses(
        (status = 200, description = "The export, or a page of the session's", body = ExportGetAnswer),
        (status = 400, description = "`missing_id`, `invalid_id`, `invalid_session_id`, `invalid_limit`, `invalid_cursor`", body = ErrorEnvelope),
        (status = 401, description = "Invite mode: no member token", body = Refusal),
        (status = 403, description = "Invite mode: a refused token, or another session's", body = Refusal),
        (status = 404, description = "`not_found`", body = ErrorEnvelope),
        (status = 503, description = "`unavailable` or `throttled`", body = ErrorEnvelope),
    ))]
fn get_export() {}

/// Remove an export: its row, then its object.
#[utoipa::path(delete, path = "/api/export", tag = "media", operation_id = "deleteExport",
    params(IdQuery),
    security((), ("member_token" = [])),
    responses(
        (status = 200, description = "Removed", body = ExportDeleted),
        (status = 400, description = "`missing_id`, `invalid_id`", body = ErrorEnvelope),
        (status = 401, description = "Invite mode: no member token", body = Refusal),
        (status = 403, description = "Invite mode: a refused token, another session's (`other_session`), `role_forbids` (a listener), or `not_owner`: neither its maker nor the host", body = Refusal),
        (status = 404, description = "`not_found`", body = ErrorEnvelope),
        (status = 503, description = "`unavailable` or `throttled`", body = ErrorEnvelope),
    ))]
fn delete_export() {}
