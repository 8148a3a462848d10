//! `POST /api/sessions/moderation`: the host's batch of changes to its room, applied in
//! one transaction (all or none), then carried to the room: a ban evicts the member as
//! `members-remove` does (tokens revoked, sockets closed, `presence.leave` with reason
//! `banned`), and a new role is recorded where the authorizers look (its tokens of the
//! old role stop) and told to the room as `member.role`.
//!
//! A guest is known only by its member id, which every join through an invite mints
//! anew, so a ban also revokes the invite the member came through; the answer hands the
//! host a replacement of it (same role and bound) for the members it should still admit.

use lambda_http::Request;
use serde::Serialize;

use super::host_of;
use super::ops::read;
use super::plan::{Step, plan_batch, refused};
use crate::access::{AccessConfig, Role};
use crate::api::invites::{Invite, sign};
use crate::api::members::evict;
use crate::domain::{MemberId, RoomId, SessionId};
use crate::error::ApiError;
use crate::http::{MAX_JSON_BODY, Response, json_object, ok};
use crate::realtime::{LeaveReason, Realtime, envelope, now};
use crate::sessions::SessionStore;

/// What the host is answered: one result per op, in order, and the room's lock after.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Edited {
    pub session_id: String,
    pub locked: bool,
    pub results: Vec<OpResult>,
}

/// What one op did.
#[derive(Serialize)]
#[serde(tag = "op", rename_all = "camelCase", rename_all_fields = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum OpResult {
    /// A new invite, with its token and room link.
    CreateInvite {
        invite: Invite,
    },
    RevokeInvite {
        invite_id: String,
    },
    /// The old invite revoked, and its replacement.
    ReplaceInvite {
        revoked: String,
        invite: Invite,
    },
    Lock {
        locked: bool,
    },
    Unlock {
        locked: bool,
    },
    SetRole {
        member_id: String,
        role: Role,
    },
    /// The member removed and banned; the invite it came through revoked (when it had
    /// one still open) and its replacement.
    Ban {
        member_id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        revoked_invite: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        replacement: Option<Invite>,
        closed_connections: usize,
    },
    Unban {
        member_id: String,
    },
}

/// Applies the host's batch of changes to its room (hosts only).
pub async fn edit(
    sessions: &dyn SessionStore,
    rt: &Realtime,
    access: &AccessConfig,
    req: &Request,
) -> Result<Response, ApiError> {
    let now = now();
    let body = json_object(req, MAX_JSON_BODY)?.unwrap_or_default();
    let asked = body
        .get("sessionId")
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_owned();
    let (host, session) = host_of(access.mode, req, &asked, now)?;
    let Some(tokens) = access.invite_tokens() else {
        return Err(ApiError::bad_request(
            "open_access",
            "this studio runs in open mode",
        ));
    };
    let (_, ops) = read(body)?;
    let room = sessions.controls(session).await?;
    let plan = plan_batch(&host, &room, ops, now, |planned| sign(tokens, planned, now))?;
    let answers = sessions.apply(session, &plan.changes, now).await?;
    refused(answers.last())?;
    let room_id = RoomId::parse(&session.to_string())?;
    let mut results = Vec::with_capacity(plan.steps.len());
    let mut locked = room.locked;
    for step in plan.steps {
        results.push(match step {
            Step::Created(invite) => OpResult::CreateInvite { invite },
            Step::Revoked(id) => OpResult::RevokeInvite {
                invite_id: id.to_string(),
            },
            Step::Replaced(id, invite) => OpResult::ReplaceInvite {
                revoked: id.to_string(),
                invite,
            },
            Step::Locked(true) => {
                locked = true;
                OpResult::Lock { locked }
            }
            Step::Locked(false) => {
                locked = false;
                OpResult::Unlock { locked }
            }
            Step::SetRole(member, role) => {
                new_role(rt, &room_id, session, &member, role, now).await?;
                OpResult::SetRole {
                    member_id: member.to_string(),
                    role,
                }
            }
            Step::Banned(member, replaced) => {
                let closed = evict(rt, &room_id, session, &member, LeaveReason::Banned, now).await?;
                let (revoked_invite, replacement) = match replaced {
                    Some((id, invite)) => (Some(id.to_string()), Some(invite)),
                    None => (None, None),
                };
                OpResult::Ban {
                    member_id: member.to_string(),
                    revoked_invite,
                    replacement,
                    closed_connections: closed,
                }
            }
            Step::Unbanned(member) => OpResult::Unban {
                member_id: member.to_string(),
            },
        });
    }
    Ok(ok(&Edited {
        session_id: session.to_string(),
        locked,
        results,
    }))
}

/// Carries a new role to the authorizers (the member's tokens of another role stop being
/// admitted) and to the room (`member.role`).
async fn new_role(
    rt: &Realtime,
    room: &RoomId,
    session: SessionId,
    member: &MemberId,
    role: Role,
    now: i64,
) -> Result<(), ApiError> {
    rt.revocations.change_role(session, member, role, now).await?;
    if let Err(e) = rt
        .broadcast(None, room, &envelope::role(room, member, role), None)
        .await
    {
        tracing::warn!(%room, error = %e, "role change not broadcast");
    }
    Ok(())
}
