//! `POST /api/export` (render a session's arrangement into one WAV or FLAC), `GET
//! /api/export?id=` (or `?sessionId=`, the session's exports) and `DELETE
//! /api/export?id=`.

use lambda_http::Request;
use serde_json::Value;

use super::answers::{ExportAnswer, ExportDeleted};
use super::history;
use super::input::{existing_session, id_param};
use super::staging::render;
use crate::access::{AccessMode, Caller};
use crate::arrangement::{Arrangement, ArrangementStore};
use crate::domain::{ExportId, SessionId};
use crate::error::ApiError;
use crate::http::{MAX_JSON_BODY, Response, created, json_object, ok, query};
use crate::media::{
    Delivery, ExportFormat, ExportRecord, Mastering, Media, OUTPUT_CHANNELS, RenderPlan, SampleRate, URL_TTL,
};
use crate::media::{check_caps, check_tracks, export_key};
use crate::realtime::now;
use crate::sessions::SessionStore;

/// Renders the session's arrangement (the latest version, or the `version` asked for)
/// into a stereo file (16-bit WAV unless `format` says 24-bit, float or FLAC; 48 kHz
/// unless `sampleRate` says 44.1) mastered as `mastering` asks (default: -14 LUFS,
/// -1 dBTP); stores it and records it with the version. An arrangement over the export
/// caps is refused (422) from its clips and the uploads' metadata before anything is
/// downloaded; an upload that cannot be read is left out and named in
/// `export.skippedTracks`. In invite mode only the caller's session is exported.
pub async fn create(
    sessions: &dyn SessionStore,
    arrangements: &dyn ArrangementStore,
    media: &Media,
    mode: AccessMode,
    req: &Request,
) -> Result<Response, ApiError> {
    let caller = Caller::of_http(mode, req, now())?;
    caller.may(crate::access::Action::Export)?;
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
    let mastering = Mastering::from_body(body.get("mastering"))
        .map_err(|e| ApiError::bad_request("invalid_mastering", e))?;
    let format = ExportFormat::from_body(body.get("format"))
        .map_err(|e| ApiError::bad_request("invalid_format", e))?;
    let rate = SampleRate::from_body(body.get("sampleRate"))
        .map_err(|e| ApiError::bad_request("invalid_sample_rate", e))?;
    let version = version_field(body.get("version"))?;
    let session = existing_session(sessions, raw).await?;
    caller.may_use(Some(session))?;
    let arrangement = arrangement_to_render(arrangements, session, version).await?;
    let plan = RenderPlan::of(&arrangement);
    check_tracks(&plan, &media.limits)?;
    let mut uploads = Vec::with_capacity(plan.sources.len());
    for id in &plan.sources {
        uploads.push(media.uploads.get(*id).await?);
    }
    let sizes: Vec<u64> = uploads.iter().flatten().map(|u| u.size).collect();
    check_caps(&plan, &sizes, &media.limits)?;
    let dir = tempfile::tempdir().map_err(internal)?;
    let out = dir.path().join(format!("export.{}", format.extension()));
    let delivery = Delivery { format, rate };
    let staged = render(media, plan, &uploads, dir.path(), &out, (mastering, delivery)).await?;
    let size = std::fs::metadata(&out).map_err(internal)?.len();
    let id = ExportId::new();
    let key = export_key(session, id, format.extension());
    media.objects.put_file(&key, &out, format.content_type()).await?;
    let record = ExportRecord {
        id,
        session_id: session,
        object_key: key.clone(),
        size,
        sample_rate: rate.hz(),
        channels: OUTPUT_CHANNELS,
        frames: staged.rendered.frames,
        track_count: staged.rendered.tracks,
        skipped_tracks: staged.skipped,
        peaks: Some(staged.rendered.peaks),
        loudness: Some(staged.rendered.loudness),
        mastering: Some(staged.mastering),
        version: Some(arrangement.version),
        format: Some(format.name().to_owned()),
        created_at: chrono::Utc::now(),
        owner: caller.member_id(),
    };
    let record = match media.exports.insert(record).await {
        Ok(record) => record,
        Err(e) => {
            // The sweep removes the object if this fails too (it has no row).
            if let Err(cleanup) = media.objects.delete(&key).await {
                tracing::error!(%key, error = %cleanup, "could not remove the object of a failed export");
            }
            return Err(e.into());
        }
    };
    let url = media
        .objects
        .presign_download(
            &record.object_key,
            URL_TTL,
            (&record.download_name(), record.content_type()),
        )
        .await?;
    Ok(created(&ExportAnswer::new(&record, url)))
}

/// The body's `version`: absent or null for the latest, else a whole number.
fn version_field(value: Option<&Value>) -> Result<Option<u64>, ApiError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v.as_u64().map(Some).ok_or_else(|| {
            ApiError::bad_request(
                "invalid_version",
                "version must be a whole number: an arrangement version (leave it out for the latest)",
            )
        }),
    }
}

/// The arrangement an export renders: the current one when `version` is left out or
/// names it, else that kept version (422 `unknown_version` for one the session never
/// had, or one older than the history). Clips of a kept version whose uploads were
/// deleted since are left out by the render, like any track it cannot read.
pub async fn arrangement_to_render(
    store: &dyn ArrangementStore,
    session: SessionId,
    version: Option<u64>,
) -> Result<Arrangement, ApiError> {
    let current = store.current(session).await?;
    match version {
        Some(asked) if asked != current.version => {
            store
                .at_version(session, asked)
                .await?
                .ok_or_else(|| ApiError::Unprocessable {
                    code: "unknown_version",
                    message: format!(
                        "the arrangement has no kept version {asked} (the current one is {})",
                        current.version
                    ),
                })
        }
        _ => Ok(current),
    }
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(e.to_string())
}

/// `?id=`: a fresh presigned URL for a recorded export (in invite mode, of the
/// caller's session). `?sessionId=` instead: a page of the session's exports, newest
/// first.
pub async fn get(
    sessions: &dyn SessionStore,
    media: &Media,
    mode: AccessMode,
    req: &Request,
) -> Result<Response, ApiError> {
    let caller = Caller::of_http(mode, req, now())?;
    if let (None, Some(raw)) = (query(req, "id"), query(req, "sessionId")) {
        return history::list(sessions, media, &caller, req, raw).await;
    }
    let record = owned(media, &caller, id_param(req, ExportId::parse)?).await?;
    let url = media
        .objects
        .presign_download(
            &record.object_key,
            URL_TTL,
            (&record.download_name(), record.content_type()),
        )
        .await?;
    Ok(ok(&ExportAnswer::new(&record, url)))
}

/// Removes an export: its row first (so nothing hands out its URL again), then its
/// object. An object left behind by a failure here has no row, and the sweep removes it.
pub async fn delete(media: &Media, mode: AccessMode, req: &Request) -> Result<Response, ApiError> {
    let caller = Caller::of_http(mode, req, now())?;
    caller.may(crate::access::Action::Delete)?;
    let id = id_param(req, ExportId::parse)?;
    let record = owned(media, &caller, id).await?;
    caller.may_delete(record.owner.as_ref())?;
    let record = media
        .exports
        .delete(id)
        .await?
        .ok_or_else(|| ApiError::not_found("export", id))?;
    media.objects.delete(&record.object_key).await?;
    Ok(ok(&ExportDeleted {
        ok: true,
        export_id: record.id,
    }))
}

/// The export `id`, when the caller may use its session.
async fn owned(media: &Media, caller: &Caller, id: ExportId) -> Result<ExportRecord, ApiError> {
    let record = media
        .exports
        .get(id)
        .await?
        .ok_or_else(|| ApiError::not_found("export", id))?;
    caller.may_use(Some(record.session_id))?;
    Ok(record)
}
