//! `GET /api/export?sessionId=`: a session's export history, newest first, each with a
//! fresh presigned URL and its waveform.

use super::answers::{ExportAnswer, ExportsPage, next_cursor};
use super::input::listed_session;
use crate::access::Caller;
use crate::error::ApiError;
use crate::http::{Response, ok};
use crate::media::{Media, URL_TTL};
use crate::sessions::SessionStore;
use lambda_http::Request;

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
    let (session, page) = listed_session(sessions, caller, req, raw).await?;
    let page = media.exports.session_page(session, page).await?;
    let mut exports = Vec::with_capacity(page.items.len());
    for record in &page.items {
        let url = media
            .objects
            .presign_download(
                &record.object_key,
                URL_TTL,
                (&record.download_name(), record.content_type()),
            )
            .await?;
        exports.push(ExportAnswer::new(record, url));
    }
    Ok(ok(&ExportsPage {
        exports,
        next_cursor: next_cursor(page.next),
    }))
}
