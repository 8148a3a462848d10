//! `POST /api/sessions` with `forkOf: { sessionId, version? }`: a new session that starts
//! from a version of another (its current one when `version` is left out), sharing its
//! audio objects (docs/arrangement.md#fork). In invite mode only a member of the source
//! session may fork it: the route has no authorizer (anyone may create a session), so
//! the member token is read from `Authorization: Bearer` and verified here as the
//! authorizer verifies it.

use lambda_http::Request;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::access::{AccessConfig, bearer};
use crate::arrangement::{Author, ForkError, ForkOf, ForkStore};
use crate::domain::{Session, SessionId, SessionName};
use crate::error::ApiError;
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
pub fn fork_of(body: &Map<String, Value>) -> Result<Option<ForkOf>, ApiError> {
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

/// Forks `of` as the session `id`, after checking the caller may read it.
#[allow(clippy::too_many_arguments)]
pub async fn fork(
    sessions: &dyn SessionStore,
    forks: &dyn ForkStore,
    access: &AccessConfig,
    req: &Request,
    of: ForkOf,
    id: SessionId,
    name: SessionName,
    by: Author,
) -> Result<Session, ApiError> {
    if let Some(tokens) = access.invite_tokens() {
        let token = req
            .headers()
            .get(http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer)
            .ok_or_else(|| {
                ApiError::unauthorized(
                    "unauthenticated",
                    "forking a session needs a member token of it: send Authorization: Bearer <member token>",
                )
            })?;
        let member = tokens.verify_member(token)?;
        if member.expires_at <= now() {
            return Err(ApiError::unauthorized(
                "token_expired",
                "the member token has expired; renew it with POST /api/sessions/join",
            ));
        }
        if member.session != of.session {
            return Err(ApiError::Forbidden {
                code: "other_session",
                message: "only a member of a session may fork it".into(),
            });
        }
    }
    if sessions.get(of.session).await?.is_none() {
        return Err(ApiError::not_found("session", of.session));
    }
    match forks.fork(of, id, name, by).await? {
        Ok(session) => Ok(session),
        Err(refused @ ForkError::UnknownVersion(_)) => Err(ApiError::Unprocessable {
            code: "unknown_version",
            message: refused.to_string(),
        }),
    }
}
