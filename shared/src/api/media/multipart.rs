//! Reading the `multipart/form-data` body of `POST /api/upload` with multer.

use bytes::Bytes;
use lambda_http::Request;

use crate::error::ApiError;
use crate::media::MAX_DIRECT_UPLOAD;

/// Room for the multipart framing and the `sessionId` field around the file.
const FRAMING: u64 = 64 * 1024;

/// The `file` part of an upload form.
pub struct FilePart {
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Bytes,
}

/// The fields of an upload form.
pub struct UploadForm {
    pub file: Option<FilePart>,
    pub session_id: Option<String>,
}

/// Parses the form; `content_type` is the request's, with its boundary.
pub async fn read_form(req: &Request, content_type: &str) -> Result<UploadForm, ApiError> {
    let body = Bytes::copy_from_slice(req.body().as_ref());
    if body.len() as u64 > MAX_DIRECT_UPLOAD + FRAMING {
        return Err(too_large());
    }
    let boundary = multer::parse_boundary(content_type).map_err(malformed)?;
    let limits = multer::SizeLimit::new()
        .for_field("file", MAX_DIRECT_UPLOAD)
        .for_field("sessionId", 256);
    let constraints = multer::Constraints::new()
        .allowed_fields(vec!["file", "sessionId"])
        .size_limit(limits);
    let stream = futures::stream::once(async move { Ok::<Bytes, std::convert::Infallible>(body) });
    let mut form = multer::Multipart::with_constraints(stream, boundary, constraints);
    let mut result = UploadForm {
        file: None,
        session_id: None,
    };
    while let Some(field) = form.next_field().await.map_err(malformed)? {
        if field.name() == Some("sessionId") {
            result.session_id = Some(field.text().await.map_err(malformed)?);
            continue;
        }
        let filename = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(|m| m.to_string());
        let bytes = field.bytes().await.map_err(malformed)?;
        result.file = Some(FilePart {
            filename,
            content_type,
            bytes,
        });
    }
    Ok(result)
}

fn too_large() -> ApiError {
    ApiError::PayloadTooLarge {
        limit: MAX_DIRECT_UPLOAD as usize,
    }
}

fn malformed(e: multer::Error) -> ApiError {
    match e {
        multer::Error::FieldSizeExceeded { .. } | multer::Error::StreamSizeExceeded { .. } => too_large(),
        multer::Error::UnknownField { field_name } => ApiError::bad_request(
            "invalid_body",
            format!(
                "unexpected form field {:?}: send `file` and optionally `sessionId`",
                field_name.unwrap_or_default()
            ),
        ),
        other => ApiError::bad_request(
            "malformed_multipart",
            format!("the multipart body cannot be read: {other}"),
        ),
    }
}
