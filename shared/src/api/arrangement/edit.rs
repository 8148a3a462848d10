//! `POST /api/arrangement`: a batch of operations made against a version, applied
//! atomically as the next version and announced to the session's room as one
//! `arrangement.changed` envelope.

use futures::future::BoxFuture;
use lambda_http::Request;
use serde::Deserialize;
use serde_json::{Value, json};

use super::input::editing_session;
use crate::access::{AccessMode, Caller};
use crate::arrangement::{
    ArrangementStore, Author, EditError, Edited, MAX_OPERATIONS, Operation, RawOperation, changed_envelope,
};
use crate::domain::{DisplayName, MemberId, RoomId, SessionId};
use crate::error::ApiError;
use crate::http::{MAX_JSON_BODY, Response, json_object, json_response, ok};
use crate::realtime::{Realtime, now};
use crate::sessions::SessionStore;

/// The request body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct EditBody {
    session_id: Option<String>,
    base_version: u64,
    operations: Vec<RawOperation>,
    /// Open mode: who is editing (optional). Invite mode: the token's, which these must
    /// equal when given.
    member_id: Option<String>,
    display_name: Option<String>,
}

/// Applies the batch: 200 `{ version, rebased, operations, by }`; 409 `edit_conflict`
/// with `currentVersion` when a target changed since `baseVersion`.
pub async fn edit(
    sessions: &dyn SessionStore,
    arrangements: &dyn ArrangementStore,
    realtime: &Realtime,
    mode: AccessMode,
    req: &Request,
) -> Result<Response, ApiError> {
    let caller = Caller::of_http(mode, req, now())?;
    caller.may(crate::access::Action::EditArrangement)?;
    let body = json_object(req, MAX_JSON_BODY)?.unwrap_or_default();
    let body: EditBody =
        serde_json::from_value(Value::Object(body)).map_err(|e| ApiError::bad_request("invalid_body", e))?;
    let session = editing_session(sessions, &caller, body.session_id.as_deref()).await?;
    let author = author(&caller, body.member_id.as_deref(), body.display_name.as_deref())?;
    if body.operations.is_empty() || body.operations.len() > MAX_OPERATIONS {
        return Err(ApiError::bad_request(
            "invalid_operations",
            format!("operations must hold 1 to {MAX_OPERATIONS} operations"),
        ));
    }
    let operations = body
        .operations
        .into_iter()
        .map(Operation::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    let tell = move |edited: Edited| -> BoxFuture<'_, ()> {
        Box::pin(async move { announce(realtime, session, &edited).await })
    };
    match arrangements
        .edit(session, body.base_version, operations, author, &tell)
        .await?
    {
        Ok(edited) => Ok(ok(&edited)),
        Err(refused) => refusal(refused),
    }
}

/// Called by the store after the commit, before the session's next edit may start. The
/// arrangement is written either way; a member that missed the envelope sees a gap
/// in versions at the next one and reads the arrangement again.
async fn announce(realtime: &Realtime, session: SessionId, edited: &Edited) {
    let room_id = session.to_string();
    let Ok(room) = RoomId::parse(&room_id) else {
        return;
    };
    let envelope = changed_envelope(&room_id, edited);
    if let Err(e) = realtime.broadcast(None, &room, &envelope, None).await {
        tracing::warn!(%room, error = %e, "arrangement change not broadcast");
    }
}

/// Who is writing: the token's member (which named ids must match) in invite mode; as
/// the body names itself, if it does, in open mode.
pub(crate) fn author(caller: &Caller, member: Option<&str>, name: Option<&str>) -> Result<Author, ApiError> {
    match caller {
        Caller::Member(_) => Ok(Author {
            member_id: Some(caller.acting_as(member.unwrap_or_default())?),
            display_name: Some(caller.display_name(name.unwrap_or_default())?),
        }),
        Caller::Anyone => Ok(Author {
            member_id: member.map(MemberId::parse).transpose()?,
            display_name: name.map(DisplayName::parse).transpose()?,
        }),
    }
}

fn refusal(refused: EditError) -> Result<Response, ApiError> {
    match refused {
        EditError::Invalid(invalid) => Err(invalid.into()),
        EditError::Conflict { current, .. } => Ok(json_response(
            http::StatusCode::CONFLICT,
            &json!({
                "error": { "code": "edit_conflict", "message": refused.to_string() },
                "currentVersion": current,
            }),
        )),
        EditError::BaseAhead { .. } => Err(ApiError::bad_request("invalid_base_version", refused)),
        EditError::Unknown { what, .. } => Err(ApiError::Unprocessable {
            code: if what == "track" {
                "unknown_track"
            } else {
                "unknown_clip"
            },
            message: refused.to_string(),
        }),
        EditError::IdInUse(_) => Err(ApiError::Conflict {
            code: "id_in_use",
            message: refused.to_string(),
        }),
        EditError::UnknownVersion(_) => Err(ApiError::Unprocessable {
            code: "unknown_version",
            message: refused.to_string(),
        }),
        EditError::NotAlone(_) => Err(ApiError::bad_request("invalid_operations", refused)),
    }
}
