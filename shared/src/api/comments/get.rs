//! `GET /api/comments?sessionId=`: a page of a session's comments and replies, newest
//! first (`before`) or oldest first (`after`), each placed in the arrangement as it is
//! now or at `&version=N`.

use lambda_http::Request;
use serde::Serialize;

use super::answer::CommentAnswer;
use crate::access::{AccessMode, Action, Caller};
use crate::api::arrangement::input::arranged_session;
use crate::api::arrangement::{unknown_version, version_param};
use crate::arrangement::ArrangementStore;
use crate::comments::CommentStore;
use crate::domain::{SessionId, WindowRequest};
use crate::error::ApiError;
use crate::http::{Response, ok, query};
use crate::realtime::now;
use crate::sessions::SessionStore;

/// Comments answered when `limit` is left out.
pub const DEFAULT_COMMENTS: usize = 50;
/// Most comments one answer holds: 100 of 2,000 characters stay far inside a Lambda
/// answer's 6 MB.
pub const MAX_COMMENTS_PAGE: usize = 100;

/// `{ sessionId, version, comments, more }`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CommentsPage {
    pub session_id: SessionId,
    /// The arrangement version the comments are placed in.
    pub version: u64,
    /// Newest first, or oldest first with `after`; replies among them (`replyTo`).
    pub comments: Vec<CommentAnswer>,
    /// More comments follow in the same direction (ask again from the last one's seq).
    pub more: bool,
}

/// The page asked for. In invite mode only the caller's own session, which `sessionId`
/// may then leave out.
pub async fn get(
    sessions: &dyn SessionStore,
    arrangements: &dyn ArrangementStore,
    comments: &dyn CommentStore,
    mode: AccessMode,
    req: &Request,
) -> Result<Response, ApiError> {
    let caller = Caller::of_http(mode, req, now())?;
    caller.may(Action::Read)?;
    let session = arranged_session(sessions, &caller, req).await?;
    let page = WindowRequest::parse(
        query(req, "before"),
        query(req, "after"),
        query(req, "limit"),
        DEFAULT_COMMENTS,
        MAX_COMMENTS_PAGE,
    )?;
    let doc = match query(req, "version") {
        None => arrangements.current(session).await?,
        Some(raw) => {
            let version = version_param(raw)?;
            match arrangements.at_version(session, version).await? {
                Some(doc) => doc,
                None => return Ok(unknown_version(version)),
            }
        }
    };
    let mut found = comments.page(session, page.window, page.limit + 1).await?;
    let more = found.len() > page.limit;
    found.truncate(page.limit);
    Ok(ok(&CommentsPage {
        session_id: session,
        version: doc.version,
        comments: found.iter().map(|c| CommentAnswer::new(c, &doc)).collect(),
        more,
    }))
}
