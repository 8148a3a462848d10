//! `POST /api/upload` (a multipart file, or a JSON request for a presigned PUT) and
//! `GET /api/upload?id=`.

use http::header;
use lambda_http::Request;

use super::answers::{UploadAnswer, UploadDeleted, UploadsPage, next_cursor};
use super::input::{declared_type, existing_session, filename, id_param, listed_session, mismatch};
use super::multipart::{FilePart, read_form};
use super::{confirm, pending};
use crate::access::{AccessMode, Caller};
use crate::domain::UploadId;
use crate::error::ApiError;
use crate::http::{Response, created, ok, query};
use crate::media::{AudioFormat, Media, NewUpload, URL_TTL, UploadRecord, UploadStatus};
use crate::media::{analyse_bytes, probe_bytes, sha256_bytes, upload_key};
use crate::realtime::now;
use crate::sessions::SessionStore;

/// Stores a file sent as `multipart/form-data`, or with a JSON body hands out a
/// presigned PUT URL for a file too large to pass through Lambda.
/// In invite mode the upload belongs to the caller's session.
pub async fn create(
    sessions: &dyn SessionStore,
    media: &Media,
    mode: AccessMode,
    req: &Request,
) -> Result<Response, ApiError> {
    let caller = Caller::of_http(mode, req, now())?;
    caller.may(crate::access::Action::Upload)?;
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if content_type
        .trim()
        .to_ascii_lowercase()
        .starts_with("multipart/form-data")
    {
        direct(sessions, media, &caller, req, content_type).await
    } else {
        pending::create(sessions, media, &caller, req).await
    }
}

async fn direct(
    sessions: &dyn SessionStore,
    media: &Media,
    caller: &Caller,
    req: &Request,
    content_type: &str,
) -> Result<Response, ApiError> {
    let form = read_form(req, content_type).await?;
    let file = form
        .file
        .ok_or_else(|| ApiError::bad_request("missing_file", "the form has no `file` part"))?;
    let name = filename(file.filename.as_deref().unwrap_or("upload"))?;
    let session = match form.session_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(existing_session(sessions, raw).await?),
    };
    let session = caller.session_for_new(session)?;
    let declared = declared_format(&file)?;
    let audio = probe_bytes(&file.bytes).map_err(|e| ApiError::UnsupportedMediaType(e.to_string()))?;
    let format = declared.unwrap_or(audio.format);
    if audio.format != format {
        return Err(mismatch(format, audio.format));
    }
    let bytes = file.bytes.clone();
    // Decoding a few MiB for the waveform and loudness is blocking work.
    let analysis = tokio::task::spawn_blocking(move || analyse_bytes(&bytes))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let id = UploadId::new();
    let key = upload_key(session, id);
    let new = NewUpload {
        id,
        session_id: session,
        object_key: key.clone(),
        filename: name,
        content_type: format.content_type().to_owned(),
        size: file.bytes.len() as u64,
        status: UploadStatus::Ready,
        checksum: Some(sha256_bytes(&file.bytes)),
        audio: Some(audio),
        owner: caller.member_id(),
        loudness: analysis.as_ref().and_then(|a| a.loudness),
        peaks: analysis.map(|a| a.peaks),
    };
    media.objects.put(&key, file.bytes, format.content_type()).await?;
    let record = match media.uploads.insert(new).await {
        Ok(record) => record,
        Err(e) => {
            // No row, so no object either: a failed upload leaves nothing behind.
            if let Err(cleanup) = media.objects.delete(&key).await {
                tracing::error!(%key, error = %cleanup, "could not remove the object of a failed upload");
            }
            return Err(e.into());
        }
    };
    let url = media.objects.presign_get(&key, URL_TTL).await?;
    Ok(created(&UploadAnswer::new(&record, Some(url))))
}

/// The declared type must be on the allow-list; the bytes are checked against it next.
/// A part without a type, or with the generic `application/octet-stream` (what curl
/// sends for a `.wav`), claims nothing: its bytes alone decide, on the same allow-list.
fn declared_format(file: &FilePart) -> Result<Option<AudioFormat>, ApiError> {
    match file.content_type.as_deref().map(str::trim) {
        None | Some("") | Some("application/octet-stream") => Ok(None),
        Some(declared) => declared_type(declared).map(Some),
    }
}

/// `?id=`: a fresh presigned URL and the stored metadata. A pending upload is checked
/// first: once its object is in the store its audio is read and it becomes ready.
/// `?sessionId=` instead: a page of the session's audio, oldest first.
/// In invite mode only uploads of the caller's session are read.
pub async fn get(
    sessions: &dyn SessionStore,
    media: &Media,
    mode: AccessMode,
    req: &Request,
) -> Result<Response, ApiError> {
    let caller = Caller::of_http(mode, req, now())?;
    if let (None, Some(raw)) = (query(req, "id"), query(req, "sessionId")) {
        return list(sessions, media, &caller, req, raw).await;
    }
    let record = owned(media, &caller, id_param(req, UploadId::parse)?).await?;
    let record = match record.status {
        UploadStatus::Pending => confirm::resolve(media, record).await?,
        UploadStatus::Ready => record,
    };
    let url = match record.status {
        UploadStatus::Ready => Some(media.objects.presign_get(&record.object_key, URL_TTL).await?),
        UploadStatus::Pending => None,
    };
    Ok(ok(&UploadAnswer::new(&record, url)))
}

/// `{ uploads, nextCursor? }`: a page of the session's audio, oldest first, paged as
/// sessions are (`limit` 1–100, default 50; `cursor` from the previous answer).
async fn list(
    sessions: &dyn SessionStore,
    media: &Media,
    caller: &Caller,
    req: &Request,
    raw: &str,
) -> Result<Response, ApiError> {
    let (session, page) = listed_session(sessions, caller, req, raw).await?;
    let page = media.uploads.session_page(session, page).await?;
    let mut uploads = Vec::with_capacity(page.items.len());
    for record in &page.items {
        let url = media.objects.presign_get(&record.object_key, URL_TTL).await?;
        uploads.push(UploadAnswer::new(record, Some(url)));
    }
    Ok(ok(&UploadsPage {
        uploads,
        next_cursor: next_cursor(page.next),
    }))
}

/// `DELETE /api/upload?id=`: removes the upload's row first (so no export reads it and
/// no URL is handed out again), then its object unless a fork's upload still names it. An object a failure leaves behind has
/// no row, and the sweep removes it. In invite mode only the caller's session's.
pub async fn delete(media: &Media, mode: AccessMode, req: &Request) -> Result<Response, ApiError> {
    let caller = Caller::of_http(mode, req, now())?;
    caller.may(crate::access::Action::Delete)?;
    let id = id_param(req, UploadId::parse)?;
    let record = owned(media, &caller, id).await?;
    caller.may_delete(record.owner.as_ref())?;
    let record = media
        .uploads
        .delete(id)
        .await?
        .ok_or_else(|| ApiError::not_found("upload", id))?;
    media.delete_upload_object(&record.object_key).await?;
    Ok(ok(&UploadDeleted {
        ok: true,
        id: record.id,
    }))
}

/// The upload `id`, when the caller may use its session.
async fn owned(media: &Media, caller: &Caller, id: UploadId) -> Result<UploadRecord, ApiError> {
    let record = media
        .uploads
        .get(id)
        .await?
        .ok_or_else(|| ApiError::not_found("upload", id))?;
    caller.may_use(record.session_id)?;
    Ok(record)
}
