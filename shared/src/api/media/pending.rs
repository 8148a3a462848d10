//! Uploads that go straight to S3: a presigned PUT (to an `incoming/` key) for a
//! pending row. Turning that row ready is in [`super::confirm`].

use lambda_http::Request;
use serde_json::{Map, Value};

use super::answers::PresignedUpload;

use super::input::{declared_type, existing_session, filename, session_field};
use crate::access::Caller;
use crate::domain::UploadId;
use crate::error::ApiError;
use crate::http::{MAX_JSON_BODY, Response, created, json_object};
use crate::media::{AudioFormat, MAX_PRESIGNED_UPLOAD, Media, NewUpload, URL_TTL};
use crate::media::{UploadStatus, incoming_key};
use crate::sessions::SessionStore;

/// `{ filename, contentType, size, sessionId? }` → a pending upload and its PUT URL,
/// signed for exactly that content type (as declared, so a client may PUT with the
/// type it declared) and length; the client sends the `headers` of the answer with its
/// PUT. The record keeps the format's canonical type only.
pub async fn create(
    sessions: &dyn SessionStore,
    media: &Media,
    caller: &Caller,
    req: &Request,
) -> Result<Response, ApiError> {
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
    let (declared, format) = content_type(&body)?;
    let size = size(&body)?;
    let session = match session_field(body.get("sessionId"))? {
        None => None,
        Some(raw) => Some(existing_session(sessions, raw).await?),
    };
    let session = caller.session_for_new(session)?;
    let id = UploadId::new();
    let key = incoming_key(session, id);
    let url = media.objects.presign_put(&key, &declared, size, URL_TTL).await?;
    let record = media
        .uploads
        .insert(NewUpload {
            id,
            session_id: session,
            object_key: key,
            filename: name,
            content_type: format.content_type().to_owned(),
            size,
            status: UploadStatus::Pending,
            checksum: None,
            audio: None,
            peaks: None,
            owner: caller.member_id(),
            loudness: None,
        })
        .await?;
    Ok(created(&PresignedUpload::new(record, url, declared)))
}

/// The declared type as it will be signed (trimmed), and the format it names.
fn content_type(body: &Map<String, Value>) -> Result<(String, AudioFormat), ApiError> {
    match body.get("contentType") {
        Some(Value::String(raw)) => Ok((raw.trim().to_owned(), declared_type(raw)?)),
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
