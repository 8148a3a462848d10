//! Arrangements in Postgres (`arrangements`, `arrangement_tracks`, `arrangement_clips`,
//! migration V6): reads (`arrangement_rows`), edits (`arrangement_edit`), the history of
//! versions (`arrangement_history`, migration V17) and forks (`fork`).

use async_trait::async_trait;

use super::Db;
use super::arrangement_rows::{DOCUMENT, assemble};
use crate::arrangement::{
    Announce, Arrangement, ArrangementStore, Author, Change, ChangesQuery, EditError, Edited, ForkError,
    ForkOf, ForkStore, Operation,
};
use crate::domain::{Session, SessionId, SessionName};
use crate::store::StoreError;

/// Arrangements in their three tables.
#[derive(Clone)]
pub struct PgArrangementStore {
    db: Db,
}

impl PgArrangementStore {
    /// A store over an existing pool.
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

#[async_trait]
impl ArrangementStore for PgArrangementStore {
    async fn current(&self, session: SessionId) -> Result<Arrangement, StoreError> {
        let rows = self.db.read(DOCUMENT, &[&session.as_uuid()]).await?;
        assemble(session, &rows)
    }

    async fn at_version(&self, session: SessionId, version: u64) -> Result<Option<Arrangement>, StoreError> {
        let client = self.db.client().await?;
        let client: &tokio_postgres::Client = &client;
        super::arrangement_history::at_version(client, session, version).await
    }

    async fn changes(&self, session: SessionId, query: ChangesQuery) -> Result<Vec<Change>, StoreError> {
        super::arrangement_history::changes(&self.db, session, query).await
    }

    async fn edit(
        &self,
        session: SessionId,
        base: u64,
        operations: Vec<Operation>,
        author: Author,
        announce: Announce<'_>,
    ) -> Result<Result<Edited, EditError>, StoreError> {
        super::arrangement_edit::edit(&self.db, session, base, operations, author, announce).await
    }
}

#[async_trait]
impl ForkStore for PgArrangementStore {
    async fn fork(
        &self,
        of: ForkOf,
        id: SessionId,
        name: SessionName,
        author: Author,
    ) -> Result<Result<Session, ForkError>, StoreError> {
        super::fork::fork(&self.db, of, id, name, author).await
    }
}
