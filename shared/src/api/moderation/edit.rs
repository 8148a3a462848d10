//! `POST /api/sessions/moderation`: the host's batch of changes to its room, applied in
//! one transaction (all or none), then carried to the room: a ban evicts the member as
//! `members-remove` does (tokens revoked, sockets closed, `presence.leave` with reason
//! `banned`), and a new role is recorded where the authorizers look (its tokens of the
//! old role stop) and told to the room as `member.role`.
//!
//! A guest is known only by its member id, which every join through an invite mints
//! anew, so a ban also revokes the invite the member came through; the answer hands the
//! host a replacement of it (same role and bound) for the members it should still admit.

use std::collections::HashSet;

use lambda_http::Request;
use serde::Serialize;
use uuid::Uuid;

use super::host_of;
use super::ops::{Op, read, replacement_ttl};
use crate::access::{AccessConfig, Member, Role};
use crate::api::invites::{Invite, InviteTerms, plan, sign};
use crate::api::members::evict;
use crate::domain::{MemberId, RoomId, SessionId};
use crate::error::ApiError;
use crate::http::{MAX_JSON_BODY, Response, json_object, ok};
use crate::realtime::{LeaveReason, Realtime, envelope, now};
use crate::sessions::{Change, Changed, InviteRecord, MemberEntry, NewInvite, RoomControls, SessionStore};

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

/// The batch as planned against the room as it was read: the store's changes and, per
/// op, how to answer it.
struct Plan {
    changes: Vec<Change>,
    steps: Vec<Step>,
}

enum Step {
    Created(Invite),
    Revoked(Uuid),
    Replaced(Uuid, Invite),
    Locked(bool),
    SetRole(MemberId, Role),
    Banned(MemberId, Option<(Uuid, Invite)>),
    Unbanned(MemberId),
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

/// Checks every op against the room as read and turns it into the store's changes, so
/// a batch naming an unknown invite or member, or the host, writes nothing.
fn plan_batch(
    host: &Member,
    room: &RoomControls,
    ops: Vec<Op>,
    now: i64,
    sign: impl Fn(&NewInvite) -> Invite,
) -> Result<Plan, ApiError> {
    let mut plan = Plan {
        changes: Vec::new(),
        steps: Vec::new(),
    };
    // An invite revoked earlier in the batch (by a ban or a replacement) is not
    // replaced twice.
    let mut revoked: HashSet<Uuid> = HashSet::new();
    for op in ops {
        let step = match op {
            Op::CreateInvite {
                role,
                max_members,
                ttl,
            } => {
                let terms = InviteTerms {
                    ttl,
                    role,
                    max_members,
                };
                let new = plan_invite(host, terms, now);
                let invite = sign(&new);
                plan.changes.push(Change::CreateInvite(new));
                Step::Created(invite)
            }
            Op::RevokeInvite(id) => {
                find_invite(room, id)?;
                plan.changes.push(Change::RevokeInvite(id));
                revoked.insert(id);
                Step::Revoked(id)
            }
            Op::ReplaceInvite(id) => {
                let old = find_invite(room, id)?;
                revoked.insert(id);
                let (new, invite) = replacement(host, old, now, &sign);
                plan.changes.push(Change::RevokeInvite(id));
                plan.changes.push(Change::CreateInvite(new));
                Step::Replaced(id, invite)
            }
            Op::Lock(locked) => {
                plan.changes.push(Change::Lock(locked));
                Step::Locked(locked)
            }
            Op::SetRole(member, role) => {
                let entry = find_member(room, &member)?;
                if entry.removed {
                    return Err(removed(&member));
                }
                plan.changes.push(Change::SetRole(member.clone(), role));
                Step::SetRole(member, role)
            }
            Op::Ban(member) => {
                let entry = find_member(room, &member)?;
                let through = entry
                    .invite_id
                    .as_deref()
                    .and_then(|raw| Uuid::parse_str(raw).ok())
                    .and_then(|id| room.invites.iter().find(|i| i.id == id));
                // The ban itself revokes the member's invite in the store; the
                // replacement is a new invite of the same terms.
                plan.changes.push(Change::Ban(member.clone()));
                let replaced = match through {
                    Some(old) if old.revoked_at.is_none() && revoked.insert(old.id) => {
                        let (new, invite) = replacement(host, old, now, &sign);
                        plan.changes.push(Change::CreateInvite(new));
                        Some((old.id, invite))
                    }
                    _ => None,
                };
                Step::Banned(member, replaced)
            }
            Op::Unban(member) => {
                find_member(room, &member)?;
                plan.changes.push(Change::Unban(member.clone()));
                Step::Unbanned(member)
            }
        };
        plan.steps.push(step);
    }
    Ok(plan)
}

fn plan_invite(host: &Member, terms: InviteTerms, now: i64) -> NewInvite {
    plan(host, terms, now)
}

/// A new invite on the terms of `old` (its role, its bound, as long a life), signed.
fn replacement(
    host: &Member,
    old: &InviteRecord,
    now: i64,
    sign: &impl Fn(&NewInvite) -> Invite,
) -> (NewInvite, Invite) {
    let terms = InviteTerms {
        ttl: replacement_ttl(old.created_at, old.expires_at),
        role: old.role,
        max_members: old.max_members,
    };
    let new = plan_invite(host, terms, now);
    let invite = sign(&new);
    (new, invite)
}

fn find_invite(room: &RoomControls, id: Uuid) -> Result<&InviteRecord, ApiError> {
    room.invites
        .iter()
        .find(|i| i.id == id)
        .ok_or_else(|| ApiError::not_found("invite", id))
}

fn find_member<'a>(room: &'a RoomControls, member: &MemberId) -> Result<&'a MemberEntry, ApiError> {
    let entry = room
        .members
        .iter()
        .find(|m| m.member_id == member.as_str())
        .ok_or_else(|| ApiError::not_found("member", member))?;
    if entry.role == Role::Host {
        return Err(ApiError::Conflict {
            code: "cannot_moderate_host",
            message: "the host's own role and place are not the host's to change".into(),
        });
    }
    Ok(entry)
}

fn removed(member: &MemberId) -> ApiError {
    ApiError::Conflict {
        code: "member_removed",
        message: format!("member {member} was removed; it has no role to change"),
    }
}

/// The store's refusal of a change that raced the plan (the room changed between the
/// read and the transaction), which rolled the batch back.
fn refused(last: Option<&Changed>) -> Result<(), ApiError> {
    match last {
        Some(Changed::NotFound) => Err(ApiError::Conflict {
            code: "room_changed",
            message: "the room changed while the batch was applied; nothing was changed, try again".into(),
        }),
        Some(Changed::Host) => Err(ApiError::Conflict {
            code: "cannot_moderate_host",
            message: "the host's own role and place are not the host's to change".into(),
        }),
        Some(Changed::Removed) => Err(ApiError::Conflict {
            code: "member_removed",
            message: "a member named was removed meanwhile; nothing was changed".into(),
        }),
        _ => Ok(()),
    }
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
