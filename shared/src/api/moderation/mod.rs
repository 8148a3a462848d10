//! The host's controls over its room (invite mode only): `GET /api/sessions/moderation`
//! lists the session's invites, members and lock; `POST /api/sessions/moderation`
//! applies a batch of changes (invites made, revoked or replaced, the room locked or
//! unlocked, roles changed, members banned or unbanned) in one transaction. Both are
//! `Action::Moderate`, the host's alone.

mod edit;
mod ops;
mod plan;
mod view;

pub use edit::{Edited, OpResult, edit};
pub use view::{InviteView, MemberView, Moderation, get};

use lambda_http::Request;

use crate::access::{AccessMode, Action, Caller, Member};
use crate::domain::SessionId;
use crate::error::ApiError;

/// The host calling, and the session it moderates (`sessionId`, which must be its own;
/// left out, the host's). Open mode has no hosts: 400 `open_access`.
fn host_of(mode: AccessMode, req: &Request, asked: &str, now: i64) -> Result<(Member, SessionId), ApiError> {
    let caller = Caller::of_http(mode, req, now)?;
    let Caller::Member(host) = &caller else {
        return Err(ApiError::bad_request(
            "open_access",
            "this studio runs in open mode: rooms have no hosts, invites or members to moderate",
        ));
    };
    caller.may(Action::Moderate)?;
    let room = caller.room(asked)?;
    let session = SessionId::parse(room.as_str()).map_err(|e| ApiError::bad_request("invalid_id", e))?;
    Ok((host.clone(), session))
}
