//! Checks shared by the media routes: ids from the query, session ids, filenames.

use lambda_http::Request;
use serde_json::Value;

use crate::access::Caller;
use crate::domain::{PageRequest, SessionId};
use crate::error::ApiError;
use crate::http::query;
use crate::media::{AudioFormat, MAX_CONTENT_TYPE_CHARS, MAX_FILENAME_CHARS};
use crate::sessions::SessionStore;

/// The `?id=` of a GET, parsed by `parse`.
pub fn id_param<T, E>(req: &Request, parse: impl Fn(&str) -> Result<T, E>) -> Result<T, ApiError> {
    let raw = query(req, "id")
        .ok_or_else(|| ApiError::bad_request("missing_id", "the id query parameter is required"))?;
    parse(raw).map_err(|_| ApiError::bad_request("invalid_id", "id must be a UUID"))
}

/// A session id from a form or JSON field; it must name a session that exists.
pub async fn existing_session(sessions: &dyn SessionStore, raw: &str) -> Result<SessionId, ApiError> {
    let id = SessionId::parse(raw)
        .map_err(|_| ApiError::bad_request("invalid_session_id", "sessionId must be a UUID"))?;
    match sessions.get(id).await? {
        Some(_) => Ok(id),
        None => Err(ApiError::not_found("session", id)),
    }
}

/// The session a `?sessionId=` list is about (it must exist, and the caller may use
/// it) and the page asked for (`limit` 1–100, default 50; `cursor` of the last answer).
pub async fn listed_session(
    sessions: &dyn SessionStore,
    caller: &Caller,
    req: &Request,
    raw: &str,
) -> Result<(SessionId, PageRequest), ApiError> {
    let session = existing_session(sessions, raw).await?;
    caller.may_use(Some(session))?;
    Ok((
        session,
        PageRequest::parse(query(req, "limit"), query(req, "cursor"))?,
    ))
}

/// `sessionId` of a JSON body: absent, or a string.
pub fn session_field(value: Option<&Value>) -> Result<Option<&str>, ApiError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::bad_request(
            "invalid_session_id",
            "sessionId must be a UUID string",
        )),
    }
}

/// A file name as clients show it: trimmed, 1–255 characters, no control characters
/// and no path. It is metadata only; object keys never contain it.
pub fn filename(raw: &str) -> Result<String, ApiError> {
    let name = raw.trim().rsplit(['/', '\\']).next().unwrap_or_default().trim();
    let bad = |why: &str| ApiError::bad_request("invalid_filename", format!("filename {why}"));
    if name.is_empty() {
        return Err(bad("must not be empty"));
    }
    if name.chars().count() > MAX_FILENAME_CHARS {
        return Err(bad(&format!("must be at most {MAX_FILENAME_CHARS} characters")));
    }
    if name.chars().any(char::is_control) {
        return Err(bad("must not contain control characters"));
    }
    Ok(name.to_owned())
}

/// A declared content type: at most 255 characters without control characters (else
/// 400), naming a type on the allow-list (else 415). Only its format is kept; records
/// and objects carry that format's canonical `type/subtype`, never the raw header.
pub fn declared_type(raw: &str) -> Result<AudioFormat, ApiError> {
    let raw = raw.trim();
    if raw.chars().count() > MAX_CONTENT_TYPE_CHARS || raw.chars().any(char::is_control) {
        return Err(ApiError::bad_request(
            "invalid_content_type",
            format!(
                "contentType must be a media type of at most {MAX_CONTENT_TYPE_CHARS} characters without control characters"
            ),
        ));
    }
    AudioFormat::from_content_type(raw).ok_or_else(|| {
        ApiError::UnsupportedMediaType(format!(
            "files of type {raw:?} are not accepted; send one of {}",
            AudioFormat::ACCEPTED
        ))
    })
}

/// A file whose bytes are another format than its declared type.
pub fn mismatch(declared: AudioFormat, actual: AudioFormat) -> ApiError {
    ApiError::UnsupportedMediaType(format!(
        "the file was declared as {} but its bytes are {}",
        declared.content_type(),
        actual.content_type()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filenames_lose_their_path_and_refuse_control_characters() {
        assert_eq!(filename(" ../../take 1.wav ").unwrap(), "take 1.wav");
        assert!(filename("a\u{0}b.wav").is_err());
        assert!(filename("  ").is_err());
        assert!(filename(&"x".repeat(256)).is_err());
    }

    #[test]
    fn declared_types_are_kept_as_their_format_and_malformed_ones_are_400() {
        assert_eq!(declared_type("Audio/X-WAV; codecs=1").unwrap(), AudioFormat::Wav);
        assert_eq!(declared_type("audio/wav;\r\nx: y").unwrap_err().status(), 400);
        assert_eq!(
            declared_type(&format!("audio/wav; {}", "x".repeat(300)))
                .unwrap_err()
                .status(),
            400
        );
        assert_eq!(declared_type("image/png").unwrap_err().status(), 415);
    }
}
