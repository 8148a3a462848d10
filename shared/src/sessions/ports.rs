//! The session store port: where sessions live (Postgres; memory in unit tests).

use async_trait::async_trait;

use crate::domain::{Page, PageRequest, Session, SessionId, SessionName};
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
}
