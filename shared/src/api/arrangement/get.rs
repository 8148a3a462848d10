//! `GET /api/arrangement?sessionId=`: a session's arrangement as it is now.

use lambda_http::Request;

use super::answer::ArrangementAnswer;
use super::input::arranged_session;
use crate::access::{AccessMode, Caller};
use crate::arrangement::ArrangementStore;
use crate::error::ApiError;
use crate::http::{Response, ok};
use crate::realtime::now;
use crate::sessions::SessionStore;

/// The session's arrangement (version 0 and no tracks when nothing was arranged). In
/// invite mode only the caller's own session, which `sessionId` may then leave out.
pub async fn get(
    sessions: &dyn SessionStore,
    arrangements: &dyn ArrangementStore,
    mode: AccessMode,
    req: &Request,
) -> Result<Response, ApiError> {
    let caller = Caller::of_http(mode, req, now())?;
    let session = arranged_session(sessions, &caller, req).await?;
    let arrangement = arrangements.current(session).await?;
    Ok(ok(&ArrangementAnswer::new(&arrangement)))
}
