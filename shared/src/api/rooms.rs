//! `GET /api/rooms/history`: a room's recent envelopes over HTTP, paged by seq, for a
//! page that opens the room (the newest first) or a client catching up (forward).

use lambda_http::Request;

use crate::access::{AccessMode, Caller};
use crate::error::ApiError;
use crate::http::{Response, ok, query};
use crate::realtime::{DEFAULT_HISTORY_PAGE, HistoryPage, MAX_HISTORY_PAGE, Realtime, now};

/// `?roomId=&before=|after=&limit=`: a page of the room's history (in invite mode, the
/// caller's room only).
pub async fn history(rt: &Realtime, mode: AccessMode, req: &Request) -> Result<Response, ApiError> {
    let caller = Caller::of_http(mode, req, now())?;
    let room = caller.room(query(req, "roomId").unwrap_or_default())?;
    let (page, limit) = paging(req)?;
    let history = rt.history(&room, page, limit, now()).await?;
    Ok(ok(&history))
}

/// The page and its size from the query: `before` and `after` are seqs (at most one of
/// them), `limit` 1 to [`MAX_HISTORY_PAGE`].
fn paging(req: &Request) -> Result<(HistoryPage, usize), ApiError> {
    let seq = |name: &str| -> Result<Option<u64>, ApiError> {
        query(req, name)
            .map(|raw| {
                raw.parse::<u64>().map_err(|_| {
                    ApiError::bad_request("invalid_paging", format!("{name} must be a whole number (a seq)"))
                })
            })
            .transpose()
    };
    let page = match (seq("before")?, seq("after")?) {
        (Some(_), Some(_)) => {
            return Err(ApiError::bad_request(
                "invalid_paging",
                "give before or after, not both",
            ));
        }
        (before, None) => HistoryPage::Before(before),
        (None, Some(after)) => HistoryPage::After(after),
    };
    let limit = match query(req, "limit") {
        None => DEFAULT_HISTORY_PAGE,
        Some(raw) => raw
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_HISTORY_PAGE).contains(n))
            .ok_or_else(|| {
                ApiError::bad_request(
                    "invalid_paging",
                    format!("limit must be a whole number from 1 to {MAX_HISTORY_PAGE}"),
                )
            })?,
    };
    Ok((page, limit))
}
