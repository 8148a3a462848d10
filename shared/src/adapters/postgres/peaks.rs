//! Waveform peaks in a `jsonb` column (migration V5), passed as text so the driver
//! needs no JSON feature.

use tokio_postgres::Row;

use super::db_error;
use crate::media::Peaks;
use crate::store::StoreError;

/// The text of the `peaks` column for `peaks`, or NULL.
pub(super) fn peaks_column(peaks: Option<&Peaks>) -> Result<Option<String>, StoreError> {
    peaks
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| StoreError::internal("postgres", e))
}

/// The peaks a row holds (selected as `peaks::text AS peaks`).
pub(super) fn read_peaks(row: &Row) -> Result<Option<Peaks>, StoreError> {
    let text: Option<&str> = row.try_get("peaks").map_err(db_error)?;
    text.map(serde_json::from_str)
        .transpose()
        .map_err(|e| StoreError::internal("postgres", format!("stored peaks: {e}")))
}
