//! The sweep: what the bucket's lifecycle rules cannot know. Rows whose objects expired
//! or never came (stale pending uploads, uploads without a session past their week,
//! exports past their month), objects no row names (a function that died between
//! storing an object and recording it, a session deleted with its rows, a re-PUT to a
//! confirmed upload's old URL), and idempotency keys past their day. Run on a schedule;
//! each run is bounded by a deadline. Rows it did not reach, the next run removes; the
//! search for orphans starts again from the first key of each prefix every run.

use chrono::{DateTime, Utc};
use serde::Serialize;
use std::time::{Duration, Instant};

use super::{EXPORTS, INCOMING, Media, UPLOADS};
use crate::idempotency::{IdempotencyStore, KEY_TTL};
use crate::store::StoreError;

/// How old things must be before the sweep removes them.
#[derive(Debug, Clone, Copy)]
pub struct SweepPolicy {
    /// A pending upload older than this never got its bytes (its URL lived 15 minutes).
    pub pending_after: Duration,
    /// An upload without a session is kept this long (the bucket's rule matches).
    pub unbound_after: Duration,
    /// An export is kept this long (the bucket's rule matches).
    pub export_after: Duration,
    /// An object without a row is left alone this long: its row may be on its way.
    pub orphan_after: Duration,
    /// Rows and objects looked at per call to a store.
    pub batch: usize,
    /// When the run stops, done or not.
    pub budget: Duration,
}

impl SweepPolicy {
    /// The deployed policy.
    pub const DEFAULT: Self = Self {
        pending_after: Duration::from_secs(24 * 3600),
        unbound_after: Duration::from_secs(7 * 24 * 3600),
        export_after: Duration::from_secs(30 * 24 * 3600),
        orphan_after: Duration::from_secs(3600),
        batch: 500,
        budget: Duration::from_secs(240),
    };
}

/// What one run removed.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SweepReport {
    pub stale_uploads: usize,
    pub expired_exports: usize,
    pub orphaned_objects: usize,
    pub expired_idempotency_keys: u64,
    /// False when the budget ran out before every prefix was listed to its end.
    pub complete: bool,
}

/// One sweep at `now`.
pub async fn sweep(
    media: &Media,
    keys: &dyn IdempotencyStore,
    now: DateTime<Utc>,
    policy: SweepPolicy,
) -> Result<SweepReport, StoreError> {
    let deadline = Instant::now() + policy.budget;
    let ago = |d: Duration| now - chrono::Duration::from_std(d).unwrap_or_default();
    let mut report = SweepReport {
        expired_idempotency_keys: keys.expire(ago(KEY_TTL), policy.batch * 20).await?,
        ..SweepReport::default()
    };
    loop {
        let stale = media
            .uploads
            .stale(ago(policy.pending_after), ago(policy.unbound_after), policy.batch)
            .await?;
        for upload in &stale {
            media.uploads.delete(upload.id).await?;
            // A fork's upload may name the same object.
            media.delete_upload_object(&upload.object_key).await?;
        }
        report.stale_uploads += stale.len();
        if stale.len() < policy.batch || Instant::now() > deadline {
            break;
        }
    }
    loop {
        let expired = media
            .exports
            .expired(ago(policy.export_after), policy.batch)
            .await?;
        for export in &expired {
            media.exports.delete(export.id).await?;
            media.objects.delete(&export.object_key).await?;
        }
        report.expired_exports += expired.len();
        if expired.len() < policy.batch || Instant::now() > deadline {
            break;
        }
    }
    report.complete = true;
    for prefix in [INCOMING, UPLOADS, EXPORTS] {
        let (removed, done) =
            orphans(media, prefix, ago(policy.orphan_after), policy.batch, deadline).await?;
        report.orphaned_objects += removed;
        report.complete &= done;
    }
    tracing::info!(?report, "media sweep");
    Ok(report)
}

/// Removes the objects under `prefix` older than `before` that no row names; returns
/// how many, and whether the listing got to its end.
async fn orphans(
    media: &Media,
    prefix: &str,
    before: DateTime<Utc>,
    batch: usize,
    deadline: Instant,
) -> Result<(usize, bool), StoreError> {
    let mut after: Option<String> = None;
    let mut removed = 0;
    loop {
        if Instant::now() > deadline {
            return Ok((removed, false));
        }
        let listed = media.objects.list(prefix, after.as_deref(), batch).await?;
        let keys: Vec<String> = listed.iter().map(|o| o.key.clone()).collect();
        let mut known = media.uploads.known_keys(&keys).await?;
        known.extend(media.exports.known_keys(&keys).await?);
        for object in &listed {
            if object.last_modified < before && !known.contains(&object.key) {
                media.objects.delete(&object.key).await?;
                removed += 1;
            }
        }
        if listed.len() < batch {
            return Ok((removed, true));
        }
        after = listed.last().map(|o| o.key.clone());
    }
}
