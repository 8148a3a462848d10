//! The host's batch planned against the room as it was read: every op checked (an
//! unknown invite or member, or the host itself, refuses the whole batch before
//! anything is written) and turned into the store's changes and, per op, how to answer
//! it. A ban's replacement invite keeps the terms of the one it revokes.

use std::collections::HashSet;

use uuid::Uuid;

use super::ops::{Op, replacement_ttl};
use crate::access::{Member, Role};
use crate::api::invites::{self, Invite, InviteTerms};
use crate::domain::MemberId;
use crate::error::ApiError;
use crate::sessions::{Change, Changed, InviteRecord, MemberEntry, NewInvite, RoomControls};

/// The batch as planned against the room as it was read: the store's changes and, per
/// op, how to answer it.
pub(super) struct Plan {
    pub changes: Vec<Change>,
    pub steps: Vec<Step>,
}

pub(super) enum Step {
    Created(Invite),
    Revoked(Uuid),
    Replaced(Uuid, Invite),
    Locked(bool),
    SetRole(MemberId, Role),
    Banned(MemberId, Option<(Uuid, Invite)>),
    Unbanned(MemberId),
}

/// Checks every op against the room as read and turns it into the store's changes, so
/// a batch naming an unknown invite or member, or the host, writes nothing.
pub(super) fn plan_batch(
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
                let new = invites::plan(host, terms, now);
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
    let new = invites::plan(host, terms, now);
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
        return Err(host_untouchable());
    }
    Ok(entry)
}

fn host_untouchable() -> ApiError {
    ApiError::Conflict {
        code: "cannot_moderate_host",
        message: "the host's own role and place are not the host's to change".into(),
    }
}

fn removed(member: &MemberId) -> ApiError {
    ApiError::Conflict {
        code: "member_removed",
        message: format!("member {member} was removed; it has no role to change"),
    }
}

/// The store's refusal of a change that raced the plan (the room changed between the
/// read and the transaction), which rolled the batch back.
pub(super) fn refused(last: Option<&Changed>) -> Result<(), ApiError> {
    match last {
        Some(Changed::NotFound) => Err(ApiError::Conflict {
            code: "room_changed",
            message: "the room changed while the batch was applied; nothing was changed, try again".into(),
        }),
        Some(Changed::Host) => Err(host_untouchable()),
        Some(Changed::Removed) => Err(ApiError::Conflict {
            code: "member_removed",
            message: "a member named was removed meanwhile; nothing was changed".into(),
        }),
        _ => Ok(()),
    }
}
