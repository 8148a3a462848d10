//! The session store port: where sessions live (Postgres; memory in unit tests).

use async_trait::async_trait;

use super::invites::InviteStore;
use crate::domain::{DisplayName, MemberId, Page, PageRequest, Session, SessionId, SessionName};
use crate::store::StoreError;

/// Where sessions live. Postgres in production; memory in unit tests. A session's
/// invites and its moderation live beside it ([`InviteStore`]).
#[async_trait]
pub trait SessionStore: InviteStore + Send + Sync {
    /// Records a new session and returns it with its id and creation time.
    async fn create(&self, name: SessionName) -> Result<Session, StoreError>;
    /// One session, or `None` when no session has that id.
    async fn get(&self, id: SessionId) -> Result<Option<Session>, StoreError>;
    /// A page of sessions, newest first.
    async fn list(&self, page: PageRequest) -> Result<Page<Session>, StoreError>;
    /// Records a member of a session (`session_members`) with its role (`host`,
    /// `performer`, `listener`), or its new display name when it is already recorded.
    async fn record_member(
        &self,
        session: SessionId,
        member: &MemberId,
        name: &DisplayName,
        role: &str,
    ) -> Result<(), StoreError>;
    /// The display name of the session's host, or `None` (open mode has no host).
    async fn host_name(&self, session: SessionId) -> Result<Option<String>, StoreError>;
    /// A member's record: its role as the studio keeps it and whether it was removed.
    async fn member(&self, session: SessionId, member: &MemberId)
    -> Result<Option<MemberRecord>, StoreError>;
    /// Marks a member removed (and banned when `ban`); the host cannot be removed.
    async fn remove_member(
        &self,
        session: SessionId,
        member: &MemberId,
        ban: bool,
    ) -> Result<Removal, StoreError>;
}

/// A member as `session_members` keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRecord {
    /// `host`, `performer` or `listener` (`guest`: a performer recorded before roles).
    pub role: String,
    pub removed: bool,
    pub banned: bool,
}

/// What [`SessionStore::remove_member`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    /// The member is removed (now, or it already was).
    Removed,
    /// No such member in the session.
    NotAMember,
    /// The member is the session's host, whom nobody removes.
    Host,
}
