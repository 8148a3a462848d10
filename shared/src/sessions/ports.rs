//! The session store port: where sessions live (Postgres; memory in unit tests).

use async_trait::async_trait;

use crate::domain::{DisplayName, MemberId, Page, PageRequest, Session, SessionId, SessionName};
use crate::store::StoreError;

/// Where sessions live. Postgres in production; memory in unit tests.
#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Records a new session and returns it with its id and creation time.
    async fn create(&self, name: SessionName) -> Result<Session, StoreError>;
    /// One session, or `None` when no session has that id.
    async fn get(&self, id: SessionId) -> Result<Option<Session>, StoreError>;
    /// A page of sessions, newest first.
    async fn list(&self, page: PageRequest) -> Result<Page<Session>, StoreError>;
    /// Records a member of a session (`session_members`) with its role (`host`,
    /// `guest`), or its new display name when it is already recorded.
    async fn record_member(
        &self,
        session: SessionId,
        member: &MemberId,
        name: &DisplayName,
        role: &str,
    ) -> Result<(), StoreError>;
    /// The display name of the session's host, or `None` (open mode has no host).
    async fn host_name(&self, session: SessionId) -> Result<Option<String>, StoreError>;
}
