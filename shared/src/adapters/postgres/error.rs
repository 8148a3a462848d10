//! Sorting Postgres failures into "down, try later" (503) and "bug" (500).

use deadpool_postgres::PoolError;

use crate::store::StoreError;

/// A failure while getting a connection or running a statement.
#[derive(Debug)]
pub(crate) enum RunError {
    Pool(PoolError),
    Query(tokio_postgres::Error),
}

impl RunError {
    /// The connection died under the statement; a fresh one may succeed.
    pub(crate) fn connection_lost(&self) -> bool {
        matches!(self, RunError::Query(e) if e.is_closed())
    }
}

impl From<RunError> for StoreError {
    fn from(e: RunError) -> Self {
        match e {
            RunError::Pool(PoolError::Backend(e)) | RunError::Query(e) => db_error(e),
            RunError::Pool(e) => StoreError::unavailable("postgres", e),
        }
    }
}

/// Classifies a tokio-postgres error. Errors without a SQLSTATE are I/O or protocol
/// failures (refused, reset, closed), and so are SQLSTATE classes 08 (connection),
/// 57P (server shutting down) and 53 (out of resources): all mean "Postgres is down".
pub fn db_error(e: tokio_postgres::Error) -> StoreError {
    let unavailable = match e.code() {
        None => true,
        Some(state) => {
            let code = state.code();
            code.starts_with("08") || code.starts_with("57P") || code.starts_with("53")
        }
    };
    if unavailable {
        StoreError::unavailable("postgres", e)
    } else {
        StoreError::internal("postgres", e)
    }
}
