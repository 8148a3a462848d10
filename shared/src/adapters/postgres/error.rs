//! Sorting Postgres failures into "down, try later" (503) and "bug" (500).

use deadpool_postgres::PoolError;

use crate::store::StoreError;

/// A failure while getting a connection or running a statement.
#[derive(Debug)]
pub(crate) enum RunError {
    Pool(PoolError),
    Query(tokio_postgres::Error),
    /// The statement got no answer within its deadline.
    Timeout,
}

impl RunError {
    /// The connection died under the statement; a fresh one may succeed.
    pub(crate) fn connection_lost(&self) -> bool {
        matches!(self, RunError::Query(e) if e.is_closed())
    }

    /// The server refused the credentials (SQLSTATE class 28): the secret may have
    /// been rotated since this container read it.
    pub(crate) fn auth_failed(&self) -> bool {
        let error = match self {
            RunError::Pool(PoolError::Backend(e)) | RunError::Query(e) => e,
            _ => return false,
        };
        error.code().is_some_and(|state| state.code().starts_with("28"))
    }
}

impl From<RunError> for StoreError {
    fn from(e: RunError) -> Self {
        match e {
            RunError::Pool(PoolError::Backend(e)) | RunError::Query(e) => db_error(e),
            RunError::Pool(e) => StoreError::unavailable("postgres", e),
            RunError::Timeout => StoreError::unavailable(
                "postgres",
                format!("no answer within {:?}", super::config::QUERY_TIMEOUT),
            ),
        }
    }
}

/// Classifies a tokio-postgres error. Errors without a SQLSTATE are I/O or protocol
/// failures (refused, reset, closed), and so are SQLSTATE classes 08 (connection),
/// 57P (server shutting down), 53 (out of resources), 28 (credentials refused, while
/// a rotation settles) and 57014 (cancelled by `statement_timeout`): all mean
/// "Postgres cannot serve this now".
pub fn db_error(e: tokio_postgres::Error) -> StoreError {
    let unavailable = match e.code() {
        None => true,
        Some(state) => {
            let code = state.code();
            ["08", "57P", "53", "28", "57014"]
                .iter()
                .any(|class| code.starts_with(class))
        }
    };
    if unavailable {
        StoreError::unavailable("postgres", e)
    } else {
        StoreError::internal("postgres", e)
    }
}
