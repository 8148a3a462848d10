//! `GET /api/arrangement?sessionId=`: a session's arrangement as it is now, as it was
//! at `&version=N`, or its change log (`&changes`, paged by `before`/`after` and
//! `limit`, only the snapshots with `&snapshots`).

use lambda_http::Request;
use serde::Serialize;
use serde_json::json;

use super::answer::ArrangementAnswer;
use super::input::arranged_session;
use crate::access::{AccessMode, Caller};
use crate::arrangement::{ArrangementStore, Change, ChangesQuery};
use crate::domain::{SessionId, WindowRequest};
use crate::error::ApiError;
use crate::http::{Response, json_response, ok, query};
use crate::realtime::now;
use crate::sessions::SessionStore;

/// Entries of the change log answered when `limit` is left out.
pub const DEFAULT_CHANGES: usize = 50;
/// Most entries of the change log one answer holds: 200 batches of up to 200
/// operations stay within a Lambda answer's 6 MB.
pub const MAX_CHANGES: usize = 100;

/// `{ sessionId, changes, more }`: a page of the change log.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChangesPage {
    pub session_id: SessionId,
    /// Newest first, or oldest first with `after`.
    pub changes: Vec<Change>,
    /// More entries follow in the same direction (ask again from the last one's version).
    pub more: bool,
}

/// The session's arrangement (version 0 and no tracks when nothing was arranged), one
/// of its versions, or its change log. In invite mode only the caller's own session,
/// which `sessionId` may then leave out.
pub async fn get(
    sessions: &dyn SessionStore,
    arrangements: &dyn ArrangementStore,
    mode: AccessMode,
    req: &Request,
) -> Result<Response, ApiError> {
    let caller = Caller::of_http(mode, req, now())?;
    let session = arranged_session(sessions, &caller, req).await?;
    if query(req, "changes").is_some() {
        let asked = changes_query(req)?;
        let mut changes = arrangements
            .changes(
                session,
                ChangesQuery {
                    limit: asked.limit + 1,
                    ..asked
                },
            )
            .await?;
        let more = changes.len() > asked.limit;
        changes.truncate(asked.limit);
        return Ok(ok(&ChangesPage {
            session_id: session,
            changes,
            more,
        }));
    }
    let arrangement = match query(req, "version") {
        None => arrangements.current(session).await?,
        Some(raw) => {
            let version = version_param(raw)?;
            match arrangements.at_version(session, version).await? {
                Some(arrangement) => arrangement,
                None => return Ok(unknown_version(version)),
            }
        }
    };
    Ok(ok(&ArrangementAnswer::new(&arrangement)))
}

/// 404 `unknown_version`: a version the session never had, or one older than the
/// history kept.
pub(crate) fn unknown_version(version: u64) -> Response {
    let message = format!("the arrangement has no version {version} (or it is older than the history kept)");
    json_response(
        http::StatusCode::NOT_FOUND,
        &json!({ "error": { "code": "unknown_version", "message": message } }),
    )
}

/// `?version=`: a whole number from 0 (400 `invalid_version` otherwise).
pub(crate) fn version_param(raw: &str) -> Result<u64, ApiError> {
    raw.trim()
        .parse::<u64>()
        .map_err(|_| ApiError::bad_request("invalid_version", "version must be a whole number from 0"))
}

/// `before` / `after` (not both), `limit` (1 to [`MAX_CHANGES`]), `snapshots`.
fn changes_query(req: &Request) -> Result<ChangesQuery, ApiError> {
    let page = WindowRequest::parse(
        query(req, "before"),
        query(req, "after"),
        query(req, "limit"),
        DEFAULT_CHANGES,
        MAX_CHANGES,
    )?;
    Ok(ChangesQuery {
        window: page.window,
        snapshots_only: query(req, "snapshots").is_some(),
        limit: page.limit,
    })
}
