//! Uploads that go straight to S3: a presigned PUT for a pending row, and turning that
//! row ready once the object is there.

use lambda_http::Request;
use serde_json::{Map, Value, json};

use super::input::{declared_type, existing_session, filename, mismatch, session_field};
use crate::domain::UploadId;
use crate::error::ApiError;
use crate::http::{MAX_JSON_BODY, Response, created, json_object};
use crate::media::{AudioFormat, MAX_PRESIGNED_UPLOAD, Media, NewUpload, URL_TTL, UploadRecord};
use crate::media::{PENDING_TAG, UploadStatus, incoming_key, probe_file, sha256_file, upload_key};
use crate::sessions::SessionStore;

/// `{ filename, contentType, size, sessionId? }` → a pending upload and its PUT URL,
/// signed for exactly that content type and length; the client sends the `headers`
/// of the answer with its PUT.
pub async fn create(sessions: &dyn SessionStore, media: &Media, req: &Request) -> Result<Response, ApiError> {
    let body = json_object(req, MAX_JSON_BODY)?.ok_or_else(|| {
        ApiError::bad_request(
            "invalid_body",
            "send a multipart form with a `file` part, or JSON { filename, contentType, size }",
        )
    })?;
    let name = match body.get("filename") {
        Some(Value::String(raw)) => filename(raw)?,
        _ => {
            return Err(ApiError::bad_request(
                "invalid_filename",
                "filename must be a string",
            ));
        }
    };
    let content_type = content_type(&body)?.content_type();
    let size = size(&body)?;
    let session = match session_field(body.get("sessionId"))? {
        None => None,
        Some(raw) => Some(existing_session(sessions, raw).await?),
    };
    let id = UploadId::new();
    let key = incoming_key(session, id);
    let url = media
        .objects
        .presign_put(&key, content_type, size, URL_TTL)
        .await?;
    let record = media
        .uploads
        .insert(NewUpload {
            id,
            session_id: session,
            object_key: key,
            filename: name,
            content_type: content_type.to_owned(),
            size,
            status: UploadStatus::Pending,
            checksum: None,
            audio: None,
        })
        .await?;
    Ok(created(&json!({
        "id": record.id,
        "url": url,
        "method": "PUT",
        "headers": {
            "content-type": content_type,
            "content-length": size.to_string(),
            "x-amz-tagging": PENDING_TAG,
        },
        "expiresInSeconds": URL_TTL.as_secs(),
        "metadata": record,
    })))
}

fn content_type(body: &Map<String, Value>) -> Result<AudioFormat, ApiError> {
    match body.get("contentType") {
        Some(Value::String(raw)) => declared_type(raw),
        _ => Err(ApiError::bad_request(
            "invalid_content_type",
            "contentType must be a string",
        )),
    }
}

fn size(body: &Map<String, Value>) -> Result<u64, ApiError> {
    match body.get("size").and_then(Value::as_u64) {
        Some(0) | None => Err(ApiError::bad_request(
            "invalid_size",
            "size must be a positive integer of bytes",
        )),
        Some(n) if n > MAX_PRESIGNED_UPLOAD => Err(ApiError::PayloadTooLarge {
            limit: MAX_PRESIGNED_UPLOAD as usize,
        }),
        Some(n) => Ok(n),
    }
}

/// Checks the object of a pending upload. Not there yet: the record as it is. There:
/// its audio is read from a temp copy and the upload becomes ready, its checked bytes
/// stored under a final key no presigned URL can write, so a later PUT with the old URL
/// changes nothing an export or a download reads. Not accepted audio (or another
/// format than declared): object and row are removed and the client told.
pub async fn resolve(media: &Media, record: UploadRecord) -> Result<UploadRecord, ApiError> {
    let internal = |e: String| ApiError::Internal(e);
    let dir = tempfile::tempdir().map_err(|e| internal(e.to_string()))?;
    let path = dir.path().join("upload");
    if !media.objects.download(&record.object_key, &path).await? {
        return Ok(record);
    }
    // Reading and hashing a file of up to 512 MiB is blocking work.
    let staged = path.clone();
    let (probed, checksum) = tokio::task::spawn_blocking(move || (probe_file(&staged), sha256_file(&staged)))
        .await
        .map_err(|e| internal(e.to_string()))?;
    let checksum = checksum.map_err(|e| internal(e.to_string()))?;
    let checked = probed
        .map_err(|e| ApiError::UnsupportedMediaType(e.to_string()))
        .and_then(
            |audio| match AudioFormat::from_content_type(&record.content_type) {
                Some(declared) if declared != audio.format => Err(mismatch(declared, audio.format)),
                _ => Ok(audio),
            },
        );
    let audio = match checked {
        Ok(audio) => audio,
        Err(refusal) => {
            media.objects.delete(&record.object_key).await?;
            media.uploads.delete(record.id).await?;
            return Err(refusal);
        }
    };
    let key = upload_key(record.session_id, record.id);
    media
        .objects
        .put_file(&key, &path, audio.format.content_type())
        .await?;
    match media
        .uploads
        .mark_ready(record.id, &key, &checksum, audio)
        .await?
    {
        Some(ready) => {
            media.objects.delete(&record.object_key).await?;
            Ok(ready)
        }
        None => {
            // Another request confirmed it first (or it was deleted): keep its answer.
            media.objects.delete(&key).await?;
            let current = media.uploads.get(record.id).await?;
            current.ok_or_else(|| ApiError::not_found("upload", record.id))
        }
    }
}
