//! Arrangements in Postgres (`arrangements`, `arrangement_tracks`, `arrangement_clips`,
//! migration V6): reads (`arrangement_rows`) and edits (`arrangement_edit`).

use async_trait::async_trait;

use super::Db;
use super::arrangement_rows::{DOCUMENT, assemble};
use crate::arrangement::{Announce, Arrangement, ArrangementStore, Author, EditError, Edited, Operation};
use crate::domain::SessionId;
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
