//! `GET /api/export?sessionId=`: a session's export history, newest first, each with a
//! fresh presigned URL and its waveform.

use lambda_http::Request;
use serde_json::{Value, json};

use super::input::existing_session;
use crate::access::Caller;
use crate::domain::PageRequest;
use crate::error::ApiError;
use crate::http::{Response, ok, query};
use crate::media::{ExportRecord, Media, URL_TTL};
use crate::sessions::SessionStore;

/// `{ exports, nextCursor? }`: a page of the session's exports, newest first, each
/// answered as `GET /api/export?id=` answers it; paged as uploads are (`limit` 1–100,
/// default 50; `cursor` from the previous answer). In invite mode only the caller's
/// session.
pub(super) async fn list(
    sessions: &dyn SessionStore,
    media: &Media,
    caller: &Caller,
    req: &Request,
    raw: &str,
) -> Result<Response, ApiError> {
    let session = existing_session(sessions, raw).await?;
    caller.may_use(Some(session))?;
    let page = PageRequest::parse(query(req, "limit"), query(req, "cursor"))?;
    let page = media.exports.session_page(session, page).await?;
    let mut exports = Vec::with_capacity(page.items.len());
    for record in &page.items {
        let url = media.objects.presign_get(&record.object_key, URL_TTL).await?;
        exports.push(answer(record, url));
    }
    let mut body = json!({ "exports": exports });
    if let Some(next) = page.next {
        body["nextCursor"] = json!(next.encode());
    }
    Ok(ok(&body))
}

/// `{ url, exportId, sessionId, createdAt, expiresInSeconds, export }`.
pub(super) fn answer(record: &ExportRecord, url: String) -> Value {
    json!({
        "url": url,
        "exportId": record.id,
        "sessionId": record.session_id,
        "createdAt": record.created_at,
        "expiresInSeconds": URL_TTL.as_secs(),
        "export": record,
    })
}
