//! `POST /api/export` (render a session's audio into one WAV) and `GET /api/export?id=`.

use lambda_http::Request;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

use super::input::{existing_session, id_param};
use crate::domain::{ExportId, SessionId};
use crate::error::ApiError;
use crate::http::{MAX_JSON_BODY, Response, created, json_object, ok};
use crate::media::{ExportRecord, Media, OUTPUT_CHANNELS, OUTPUT_RATE, Rendered, URL_TTL};
use crate::media::{export_key, render_to_wav};
use crate::sessions::SessionStore;

/// Renders every ready audio upload of the session, from its start, into a 48 kHz
/// stereo 16-bit WAV; stores it and records it.
pub async fn create(sessions: &dyn SessionStore, media: &Media, req: &Request) -> Result<Response, ApiError> {
    let body = json_object(req, MAX_JSON_BODY)?.unwrap_or_default();
    let raw = match body.get("sessionId") {
        None | Some(Value::Null) => {
            return Err(ApiError::bad_request(
                "missing_session_id",
                "sessionId is required",
            ));
        }
        Some(Value::String(raw)) => raw,
        Some(_) => {
            return Err(ApiError::bad_request(
                "invalid_session_id",
                "sessionId must be a UUID string",
            ));
        }
    };
    let session = existing_session(sessions, raw).await?;
    let dir = tempfile::tempdir().map_err(internal)?;
    let (out, rendered) = render(media, session, dir.path()).await?;
    let size = std::fs::metadata(&out).map_err(internal)?.len();
    let id = ExportId::new();
    let key = export_key(session, id);
    media.objects.put_file(&key, &out, "audio/wav").await?;
    let record = ExportRecord {
        id,
        session_id: session,
        object_key: key.clone(),
        size,
        sample_rate: OUTPUT_RATE,
        channels: OUTPUT_CHANNELS,
        frames: rendered.frames,
        track_count: rendered.tracks,
        created_at: chrono::Utc::now(),
    };
    let record = match media.exports.insert(record).await {
        Ok(record) => record,
        Err(e) => {
            if let Err(cleanup) = media.objects.delete(&key).await {
                tracing::error!(%key, error = %cleanup, "could not remove the object of a failed export");
            }
            return Err(e.into());
        }
    };
    let url = media.objects.presign_get(&record.object_key, URL_TTL).await?;
    Ok(created(&answer(&record, url)))
}

/// Stages the session's tracks in `dir` (streamed from the store, not buffered) and
/// renders them off the async runtime; returns the WAV's path.
async fn render(media: &Media, session: SessionId, dir: &Path) -> Result<(PathBuf, Rendered), ApiError> {
    let uploads = media.uploads.session_audio(session).await?;
    let mut tracks: Vec<PathBuf> = Vec::with_capacity(uploads.len());
    for (i, upload) in uploads.iter().enumerate() {
        let path = dir.join(format!("track-{i}"));
        media.objects.download(&upload.object_key, &path).await?;
        tracks.push(path);
    }
    let out = dir.join("export.wav");
    let target = out.clone();
    let rendered = tokio::task::spawn_blocking(move || render_to_wav(&tracks, &target))
        .await
        .map_err(internal)?
        .map_err(internal)?;
    Ok((out, rendered))
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(e.to_string())
}

/// A fresh presigned URL for a recorded export.
pub async fn get(media: &Media, req: &Request) -> Result<Response, ApiError> {
    let id = id_param(req, ExportId::parse)?;
    let record = media
        .exports
        .get(id)
        .await?
        .ok_or_else(|| ApiError::not_found("export", id))?;
    let url = media.objects.presign_get(&record.object_key, URL_TTL).await?;
    Ok(ok(&answer(&record, url)))
}

/// `{ url, exportId, sessionId, createdAt, expiresInSeconds, export }`.
fn answer(record: &ExportRecord, url: String) -> Value {
    json!({
        "url": url,
        "exportId": record.id,
        "sessionId": record.session_id,
        "createdAt": record.created_at,
        "expiresInSeconds": URL_TTL.as_secs(),
        "export": record,
    })
}
