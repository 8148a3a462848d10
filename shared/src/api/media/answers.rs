//! What the media routes answer, as types: the JSON clients receive and the schemas the
//! OpenAPI document shows are both these.

use serde::Serialize;

use crate::domain::{Cursor, ExportId, SessionId, UploadId};
use crate::media::{ExportRecord, PENDING_TAG, URL_TTL, UploadRecord};

/// `{ id, url, expiresInSeconds, metadata }`: an upload and a fresh URL to read it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UploadAnswer {
    pub id: UploadId,
    /// A presigned GET URL; `null` while a presigned upload is pending.
    pub url: Option<String>,
    /// How long `url` stays valid.
    pub expires_in_seconds: u64,
    pub metadata: UploadRecord,
}

impl UploadAnswer {
    /// The answer for `record`, readable at `url`.
    pub fn new(record: &UploadRecord, url: Option<String>) -> Self {
        Self {
            id: record.id,
            url,
            expires_in_seconds: URL_TTL.as_secs(),
            metadata: record.clone(),
        }
    }
}

/// A pending upload and the presigned PUT that sends its bytes straight to S3.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PresignedUpload {
    pub id: UploadId,
    /// Where to PUT the file.
    pub url: String,
    /// Always `PUT`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "PUT"))]
    pub method: &'static str,
    pub headers: PutHeaders,
    pub expires_in_seconds: u64,
    pub metadata: UploadRecord,
}

/// The headers the PUT must carry: the URL is signed for exactly these.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PutHeaders {
    #[serde(rename = "content-type")]
    pub content_type: String,
    #[serde(rename = "content-length")]
    pub content_length: String,
    #[serde(rename = "x-amz-tagging")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub tagging: &'static str,
}

impl PresignedUpload {
    /// The answer for a pending `record`, uploaded with `url` and type `declared`.
    pub fn new(record: UploadRecord, url: String, declared: String) -> Self {
        Self {
            id: record.id,
            url,
            method: "PUT",
            headers: PutHeaders {
                content_type: declared,
                content_length: record.size.to_string(),
                tagging: PENDING_TAG,
            },
            expires_in_seconds: URL_TTL.as_secs(),
            metadata: record,
        }
    }
}

/// `{ uploads, nextCursor? }`: a page of a session's audio, oldest first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UploadsPage {
    pub uploads: Vec<UploadAnswer>,
    /// Present when more exist: pass it as `cursor` for the next page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// `{ ok: true, id }`: the upload is gone.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadDeleted {
    pub ok: bool,
    pub id: UploadId,
}

/// `{ url, exportId, sessionId, version, createdAt, expiresInSeconds, export }`: an
/// export and a fresh URL to download its WAV.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExportAnswer {
    pub url: String,
    pub export_id: ExportId,
    pub session_id: SessionId,
    /// The arrangement version rendered (null for exports made before exports rendered
    /// the arrangement).
    pub version: Option<u64>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub expires_in_seconds: u64,
    pub export: ExportRecord,
}

impl ExportAnswer {
    /// The answer for `record`, downloadable at `url`.
    pub fn new(record: &ExportRecord, url: String) -> Self {
        Self {
            url,
            export_id: record.id,
            session_id: record.session_id,
            version: record.version,
            created_at: record.created_at,
            expires_in_seconds: URL_TTL.as_secs(),
            export: record.clone(),
        }
    }
}

/// `{ exports, nextCursor? }`: a page of a session's exports, newest first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExportsPage {
    pub exports: Vec<ExportAnswer>,
    /// Present when more exist: pass it as `cursor` for the next page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// `{ ok: true, exportId }`: the export is gone.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExportDeleted {
    pub ok: bool,
    pub export_id: ExportId,
}

/// The `nextCursor` of a page.
pub fn next_cursor(next: Option<Cursor>) -> Option<String> {
    next.map(|c| c.encode())
}
