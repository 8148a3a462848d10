//! Checks shared by the arrangement routes.

use lambda_http::Request;

use crate::access::Caller;
use crate::api::media::input::existing_session;
use crate::domain::SessionId;
use crate::error::ApiError;
use crate::http::query;
use crate::sessions::SessionStore;

/// The session `?sessionId=` names: it must exist and the caller may use it. In invite
/// mode the member's own session when none is named.
pub async fn arranged_session(
    sessions: &dyn SessionStore,
    caller: &Caller,
    req: &Request,
) -> Result<SessionId, ApiError> {
    editing_session(sessions, caller, query(req, "sessionId")).await
}

/// The session a write names (`sessionId` of the body): it must exist and the caller may
/// use it. In invite mode the member's own session when none is named.
pub async fn editing_session(
    sessions: &dyn SessionStore,
    caller: &Caller,
    named: Option<&str>,
) -> Result<SessionId, ApiError> {
    let named = named.map(str::trim).filter(|s| !s.is_empty());
    let session = match (named, caller) {
        (Some(raw), _) => existing_session(sessions, raw).await?,
        (None, Caller::Member(member)) => member.session,
        (None, Caller::Anyone) => {
            return Err(ApiError::bad_request(
                "missing_session_id",
                "sessionId is required",
            ));
        }
    };
    caller.may_use(Some(session))?;
    Ok(session)
}
