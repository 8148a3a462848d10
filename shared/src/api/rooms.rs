//! `GET /api/rooms/history`: a room's recent envelopes over HTTP, paged by seq, for a
//! page that opens the room (the newest first) or a client catching up (forward).

use lambda_http::Request;

use crate::access::{AccessMode, Action, Caller};
use crate::domain::WindowRequest;
use crate::error::ApiError;
use crate::http::{Response, ok, query};
use crate::realtime::{DEFAULT_HISTORY_PAGE, MAX_HISTORY_PAGE, Realtime, now};

/// `?roomId=&before=|after=&limit=`: a page of the room's history (in invite mode, the
/// caller's room only).
pub async fn history(rt: &Realtime, mode: AccessMode, req: &Request) -> Result<Response, ApiError> {
    let caller = Caller::of_http(mode, req, now())?;
    let room = caller.room(query(req, "roomId").unwrap_or_default())?;
    caller.may(Action::Read)?;
    let page = WindowRequest::parse(
        query(req, "before"),
        query(req, "after"),
        query(req, "limit"),
        DEFAULT_HISTORY_PAGE,
        MAX_HISTORY_PAGE,
    )?;
    let history = rt.history(&room, page.window, page.limit, now()).await?;
    Ok(ok(&history))
}
