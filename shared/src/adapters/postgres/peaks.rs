//! Waveform peaks and loudness in `jsonb` columns (migrations V5 and V7), passed as
//! text so the driver needs no JSON feature.

use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio_postgres::Row;

use super::db_error;
use crate::store::StoreError;

/// The text of a `jsonb` column for `value`, or NULL.
pub(super) fn json_column<T: Serialize>(value: Option<&T>) -> Result<Option<String>, StoreError> {
    value
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| StoreError::internal("postgres", e))
}

/// The value a row holds in the `jsonb` column `name` (selected as `name::text AS name`).
pub(super) fn read_json<T: DeserializeOwned>(row: &Row, name: &str) -> Result<Option<T>, StoreError> {
    let text: Option<&str> = row.try_get(name).map_err(db_error)?;
    text.map(serde_json::from_str)
        .transpose()
        .map_err(|e| StoreError::internal("postgres", format!("stored {name}: {e}")))
}
