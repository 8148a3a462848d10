//! Invites and the room's moderation as the session store keeps them: an invite's row
//! (its role, bounds and counts), the admission of a member through one (checked and
//! counted in one transaction, so concurrent joins cannot overshoot a bound), and the
//! host's view and changes of its room.

use async_trait::async_trait;
use uuid::Uuid;

use crate::access::Role;
use crate::domain::{DisplayName, MemberId, SessionId};
use crate::store::StoreError;

/// How many members one invite admits unless the host asks otherwise: a leaked or
/// hostile invite mints at most this many member ids (a tenth of the room's 500).
pub const INVITE_MAX_MEMBERS_DEFAULT: i32 = 50;
/// The most a host may let one invite admit: half the room's 500, so no single invite
/// fills the room and locks out everyone else.
pub const INVITE_MAX_MEMBERS_CEILING: i32 = 250;
/// Joins one invite admits per minute: a band joining together fits, a script minting
/// ids does not (it takes at least five minutes to spend a default invite).
pub const INVITE_JOINS_PER_MINUTE: i32 = 10;

/// An invite about to be handed out.
#[derive(Debug, Clone)]
pub struct NewInvite {
    pub id: Uuid,
    pub session: SessionId,
    pub role: Role,
    /// The host that made it.
    pub created_by: MemberId,
    /// Unix seconds.
    pub expires_at: i64,
    pub max_members: i32,
}

/// A member asking in through an invite.
#[derive(Debug, Clone)]
pub struct Entrant<'a> {
    pub invite: Uuid,
    pub session: SessionId,
    pub member: &'a MemberId,
    pub name: &'a DisplayName,
    pub role: Role,
    /// Unix seconds.
    pub now: i64,
}

/// What [`InviteStore::admit`] did: admitted the member and counted it, or why not
/// (and then it wrote nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    Admitted,
    /// No invite of the session has that id.
    Unknown,
    Revoked,
    /// The invite admitted its `max_members` already.
    Exhausted,
    /// The invite admitted its joins of the current minute already.
    RateLimited,
    /// The host locked the room.
    Locked,
}

/// An invite as the host sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteRecord {
    pub id: Uuid,
    pub role: Role,
    pub created_by: String,
    /// Unix seconds, as are the other times.
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub max_members: i32,
    pub admitted: i32,
}

/// A member as the host sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberEntry {
    pub member_id: String,
    pub display_name: String,
    pub role: Role,
    pub invite_id: Option<String>,
    pub removed: bool,
    pub banned: bool,
}

/// The host's view of its room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomControls {
    pub locked: bool,
    pub invites: Vec<InviteRecord>,
    pub members: Vec<MemberEntry>,
}

/// One change to a room, as the store applies it.
#[derive(Debug, Clone)]
pub enum Change {
    CreateInvite(NewInvite),
    /// Revokes the invite (at the batch's time); a revoked one stays revoked.
    RevokeInvite(Uuid),
    Lock(bool),
    SetRole(MemberId, Role),
    /// Marks the member removed and banned, and revokes the invite it came through.
    Ban(MemberId),
    Unban(MemberId),
}

/// What one [`Change`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    Done,
    /// A revoked invite's terms (for a replacement), or the invite a ban revoked.
    Invite(Option<InviteRecord>),
    /// The change names no invite or member of the session.
    NotFound,
    /// The change would touch the host.
    Host,
    /// The change (a new role) names a member the host removed.
    Removed,
}

/// Invites, admissions and moderation in the session store (Postgres).
#[async_trait]
pub trait InviteStore: Send + Sync {
    /// Records an invite being handed out.
    async fn create_invite(&self, invite: &NewInvite) -> Result<(), StoreError>;
    /// Admits a member through an invite, in one transaction: the invite's row locked,
    /// the room's lock and the invite's bounds checked, the member recorded and counted.
    async fn admit(&self, entrant: &Entrant<'_>) -> Result<Admission, StoreError>;
    /// Whether the host locked the room.
    async fn is_locked(&self, session: SessionId) -> Result<bool, StoreError>;
    /// The session's invites (newest first), members and lock.
    async fn controls(&self, session: SessionId) -> Result<RoomControls, StoreError>;
    /// Applies `changes` in order in one transaction: all of them, or none when one
    /// answers [`Changed::NotFound`] or [`Changed::Host`] (then the answers so far).
    async fn apply(
        &self,
        session: SessionId,
        changes: &[Change],
        now: i64,
    ) -> Result<Vec<Changed>, StoreError>;
}
