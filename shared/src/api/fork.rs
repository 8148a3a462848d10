//! `POST /api/sessions/fork`: a new session that starts from a version of another (its
//! current one when `version` is left out), sharing its audio objects
//! (docs/arrangement.md#fork). In invite mode the route is behind the member-token
//! authorizer, so only a member of the source session, still a member, may fork it; the
//! forker becomes the fork's host.

use lambda_http::Request;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::access::{AccessConfig, Action, Caller};
use crate::api::sessions::{answer_created, hosting, optional_name};
use crate::arrangement::{Author, ForkError, ForkOf, ForkStore};
use crate::domain::SessionId;
use crate::error::ApiError;
use crate::http::{MAX_JSON_BODY, Response, json_object};
use crate::realtime::now;
use crate::sessions::SessionStore;

/// `forkOf` as sent.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ForkOfBody {
    session_id: String,
    version: Option<u64>,
}

/// The body's `forkOf`, if it has one.
fn fork_of(body: &Map<String, Value>) -> Result<Option<ForkOf>, ApiError> {
    let invalid = |e: &dyn std::fmt::Display| {
        ApiError::bad_request(
            "invalid_fork_of",
            format!(
                "forkOf must be {{ sessionId, version? }} (a session id and a whole version number): {e}"
            ),
        )
    };
    match body.get("forkOf") {
        None | Some(Value::Null) => Ok(None),
        Some(raw) => {
            let asked: ForkOfBody = serde_json::from_value(raw.clone()).map_err(|e| invalid(&e))?;
            let session = SessionId::parse(&asked.session_id).map_err(|e| invalid(&e))?;
            Ok(Some(ForkOf {
                session,
                version: asked.version,
            }))
        }
    }
}

/// Forks the body's `forkOf` (`{ sessionId, version? }`, required) as a new session named
/// `name` (or the default name); in invite mode with `hostName` and the invite's terms
/// as a creation takes them.
pub async fn create(
    sessions: &dyn SessionStore,
    forks: &dyn ForkStore,
    access: &AccessConfig,
    req: &Request,
) -> Result<Response, ApiError> {
    let caller = Caller::of_http(access.mode, req, now())?;
    let body = json_object(req, MAX_JSON_BODY)?.unwrap_or_default();
    let of = fork_of(&body)?.ok_or_else(|| {
        ApiError::bad_request("invalid_fork_of", "forkOf { sessionId, version? } is required")
    })?;
    let name = optional_name(&body)?;
    let hosting = hosting(access, &body)?;
    caller.may_use(Some(of.session))?;
    caller.may(Action::Read)?;
    if sessions.get(of.session).await?.is_none() {
        return Err(ApiError::not_found("session", of.session));
    }
    // A fork takes the whole session's audio with it: a member the host removed is
    // refused at once here, not only once the authorizer's cached answer runs out.
    if let Some(member) = caller.member_id()
        && sessions
            .member(of.session, &member)
            .await?
            .is_some_and(|m| m.removed)
    {
        return Err(ApiError::forbidden(
            "member_removed",
            "the host removed this member from the session",
        ));
    }
    let id = SessionId::new();
    let host = hosting.as_ref().map(|h| h.host(id));
    // The fork's first version is its new host's (the forker's member of the new session).
    let by = Author {
        member_id: host.as_ref().map(|h| h.member.clone()),
        display_name: host.as_ref().map(|h| h.name.clone()),
    };
    let session = match forks.fork(of, id, name, by).await? {
        Ok(session) => session,
        Err(refused @ ForkError::UnknownVersion(_)) => {
            return Err(ApiError::Unprocessable {
                code: "unknown_version",
                message: refused.to_string(),
            });
        }
    };
    answer_created(sessions, access, session, hosting.zip(host)).await
}
