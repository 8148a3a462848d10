//! One edit of an arrangement as one transaction: lock the arrangement's row
//! (`SELECT ... FOR UPDATE`), read the document, apply the batch in memory
//! (`arrangement::apply`), write what changed, log the version.

use std::collections::HashMap;

use tokio_postgres::Transaction;
use uuid::Uuid;

use super::arrangement_rows::{DOCUMENT, assemble};
use super::{Db, db_error};
use crate::arrangement::{
    Announce, Applied, Arrangement, Author, EditError, Edited, Operation, Samples, UploadFacts, apply_with,
};
use crate::domain::{SessionId, UploadId};
use crate::store::StoreError;

/// Runs the edit; see [`crate::arrangement::ArrangementStore::edit`]. The session's
/// advisory lock is held from before the transaction until the room was told, so edits
/// of one session are told in version order; it is released on every path (a connection
/// that cannot release it is dropped, which releases it).
pub(crate) async fn edit(
    db: &Db,
    session: SessionId,
    base: u64,
    operations: Vec<Operation>,
    author: Author,
    announce: Announce<'_>,
) -> Result<Result<Edited, EditError>, StoreError> {
    let mut client = db.client().await?;
    let key = session.to_string();
    client
        .execute("SELECT pg_advisory_lock(hashtextextended($1, 0))", &[&key])
        .await
        .map_err(db_error)?;
    let result = locked(&mut client, session, base, operations, author).await;
    if let Ok(Ok(edited)) = &result {
        announce(edited.clone()).await;
    }
    let unlocked = client
        .execute("SELECT pg_advisory_unlock(hashtextextended($1, 0))", &[&key])
        .await;
    if unlocked.is_err() {
        drop(deadpool_postgres::Object::take(client));
    }
    result
}

async fn locked(
    client: &mut deadpool_postgres::Object,
    session: SessionId,
    base: u64,
    operations: Vec<Operation>,
    author: Author,
) -> Result<Result<Edited, EditError>, StoreError> {
    let tx = client.transaction().await.map_err(db_error)?;
    let id = session.as_uuid();
    tx.execute(
        "INSERT INTO arrangements (session_id) VALUES ($1) ON CONFLICT DO NOTHING",
        &[&id],
    )
    .await
    .map_err(db_error)?;
    tx.execute(
        "SELECT 1 FROM arrangements WHERE session_id = $1 FOR UPDATE",
        &[&id],
    )
    .await
    .map_err(db_error)?;
    let rows = tx.query(DOCUMENT, &[&id]).await.map_err(db_error)?;
    let mut doc = assemble(session, &rows)?;
    let before = doc.clone();
    let reverting = reverted_version(&tx, session, &operations).await?;
    let mut named: Vec<UploadId> = upload_ids(&operations);
    if let Some(target) = &reverting {
        named.extend(
            target
                .tracks
                .iter()
                .flat_map(|t| t.clips.iter().map(|c| c.upload_id)),
        );
    }
    let uploads = upload_facts(&tx, &named).await?;
    let applied = match apply_with(&mut doc, base, &operations, &uploads, reverting.as_ref()) {
        Ok(applied) => applied,
        // Dropping the transaction rolls it back: a refused batch writes nothing.
        Err(refused) => return Ok(Err(refused)),
    };
    let mut operations = operations;
    for op in &mut operations {
        if let Operation::Revert { left_out, .. } = op {
            left_out.clone_from(&applied.left_out);
        }
    }
    if let Err(in_use) = write(&tx, &before, &doc, &applied).await? {
        return Ok(Err(in_use));
    }
    let logged =
        serde_json::to_string(&operations).map_err(|e| StoreError::internal("postgres", e.to_string()))?;
    let (member, name) = (
        author.member_id.as_ref().map(|m| m.as_str()),
        author.display_name.as_ref().map(|n| n.as_str()),
    );
    let snapshot = applied.snapshot.as_ref().map(|s| s.as_str());
    // The document is built from the tables just written, in this transaction.
    tx.execute(
        "INSERT INTO arrangement_changes (session_id, version, author_id, author_name, operations, snapshot, document) \
         VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, arrangement_document($1))",
        &[&id, &(applied.version as i64), &member, &name, &logged, &snapshot],
    )
    .await
    .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    Ok(Ok(Edited {
        version: applied.version,
        rebased: applied.rebased,
        operations,
        by: author,
    }))
}

/// The document of the version a revert of the batch goes back to, if it has one and
/// that version was kept.
async fn reverted_version(
    tx: &Transaction<'_>,
    session: SessionId,
    operations: &[Operation],
) -> Result<Option<Arrangement>, StoreError> {
    let to = operations.iter().find_map(|op| match op {
        Operation::Revert { to_version, .. } => Some(*to_version),
        _ => None,
    });
    match to {
        Some(version) => super::arrangement_history::at_version(tx, session, version).await,
        None => Ok(None),
    }
}

/// The uploads the batch's new clips name.
fn upload_ids(operations: &[Operation]) -> Vec<UploadId> {
    operations
        .iter()
        .filter_map(|op| match op {
            Operation::AddClip { upload_id, .. } => Some(*upload_id),
            _ => None,
        })
        .collect()
}

/// What the store knows of the uploads `named`.
async fn upload_facts(
    tx: &Transaction<'_>,
    named: &[UploadId],
) -> Result<HashMap<UploadId, UploadFacts>, StoreError> {
    let ids: Vec<Uuid> = named.iter().map(|u| u.as_uuid()).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = tx
        .query(
            "SELECT id, session_id, status = 'ready' AND audio_format IS NOT NULL AS ready, \
             round(duration_seconds * 48000)::bigint AS length FROM uploads WHERE id = ANY($1)",
            &[&ids],
        )
        .await
        .map_err(db_error)?;
    let mut facts = HashMap::new();
    for row in rows {
        let id: Uuid = row.try_get("id").map_err(db_error)?;
        let session: Option<Uuid> = row.try_get("session_id").map_err(db_error)?;
        let length: Option<i64> = row.try_get("length").map_err(db_error)?;
        facts.insert(
            UploadId::from(id),
            UploadFacts {
                session: session.map(SessionId::from),
                ready: row.try_get("ready").map_err(db_error)?,
                length: length.and_then(|l| u64::try_from(l).ok()).map(Samples::new),
            },
        );
    }
    Ok(facts)
}

/// Writes the difference between `before` and `doc`. An id a client chose that another
/// session already uses is refused (the upserts only update rows of this session).
async fn write(
    tx: &Transaction<'_>,
    before: &Arrangement,
    doc: &Arrangement,
    applied: &Applied,
) -> Result<Result<(), EditError>, StoreError> {
    let session = doc.session_id.as_uuid();
    let version = applied.version as i64;
    let removed_clips: Vec<Uuid> = applied.removed_clips.iter().map(|c| c.as_uuid()).collect();
    let removed_tracks: Vec<Uuid> = applied.removed_tracks.iter().map(|t| t.as_uuid()).collect();
    tx.execute(
        "DELETE FROM arrangement_clips WHERE session_id = $1 AND id = ANY($2)",
        &[&session, &removed_clips],
    )
    .await
    .map_err(db_error)?;
    tx.execute(
        "DELETE FROM arrangement_tracks WHERE session_id = $1 AND id = ANY($2)",
        &[&session, &removed_tracks],
    )
    .await
    .map_err(db_error)?;
    tx.execute(
        "UPDATE arrangements SET version = $2, tempo_bpm = $3, beats_per_bar = $4, beat_unit = $5, \
         master_gain_db = $6, tempo_changed_in = $7, signature_changed_in = $8, master_changed_in = $9, \
         updated_at = now() WHERE session_id = $1",
        &[
            &session,
            &version,
            &doc.tempo.bpm(),
            &i16::from(doc.time_signature.beats_per_bar()),
            &i16::from(doc.time_signature.beat_unit()),
            &doc.master_gain_db.db(),
            &(doc.changes.tempo as i64),
            &(doc.changes.signature as i64),
            &(doc.changes.master as i64),
        ],
    )
    .await
    .map_err(db_error)?;
    let old_positions: HashMap<_, _> = before.tracks.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    for (position, track) in doc.tracks.iter().enumerate() {
        let at = position as i32;
        if track.changed_in == applied.version {
            let written = tx
                .execute(
                    "INSERT INTO arrangement_tracks (id, session_id, name, position, gain_db, pan, muted, solo, changed_in) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO UPDATE SET \
                     name = EXCLUDED.name, position = EXCLUDED.position, gain_db = EXCLUDED.gain_db, \
                     pan = EXCLUDED.pan, muted = EXCLUDED.muted, solo = EXCLUDED.solo, changed_in = EXCLUDED.changed_in \
                     WHERE arrangement_tracks.session_id = EXCLUDED.session_id",
                    &[
                        &track.id.as_uuid(),
                        &session,
                        &track.name.as_str(),
                        &at,
                        &track.gain_db.db(),
                        &track.pan.get(),
                        &track.muted,
                        &track.solo,
                        &version,
                    ],
                )
                .await
                .map_err(db_error)?;
            if written == 0 {
                return Ok(Err(EditError::IdInUse(track.id.to_string())));
            }
        } else if old_positions.get(&track.id) != Some(&position) {
            // Moved by another track's reorder or removal: its position only, not a change of it.
            tx.execute(
                "UPDATE arrangement_tracks SET position = $2 WHERE id = $1",
                &[&track.id.as_uuid(), &at],
            )
            .await
            .map_err(db_error)?;
        }
    }
    for track in &doc.tracks {
        for clip in track.clips.iter().filter(|c| c.changed_in == applied.version) {
            let trim_end = clip.trim_end.map(|t| t.get() as i64);
            let written = tx
                .execute(
                    "INSERT INTO arrangement_clips (id, session_id, track_id, upload_id, start_sample, trim_start, \
                     trim_end, gain_db, fade_in, fade_out, changed_in) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO UPDATE SET \
                     track_id = EXCLUDED.track_id, start_sample = EXCLUDED.start_sample, trim_start = EXCLUDED.trim_start, \
                     trim_end = EXCLUDED.trim_end, gain_db = EXCLUDED.gain_db, fade_in = EXCLUDED.fade_in, \
                     fade_out = EXCLUDED.fade_out, changed_in = EXCLUDED.changed_in \
                     WHERE arrangement_clips.session_id = EXCLUDED.session_id",
                    &[
                        &clip.id.as_uuid(),
                        &session,
                        &track.id.as_uuid(),
                        &clip.upload_id.as_uuid(),
                        &(clip.start.get() as i64),
                        &(clip.trim_start.get() as i64),
                        &trim_end,
                        &clip.gain_db.db(),
                        &(clip.fade_in.get() as i64),
                        &(clip.fade_out.get() as i64),
                        &version,
                    ],
                )
                .await
                .map_err(db_error)?;
            if written == 0 {
                return Ok(Err(EditError::IdInUse(clip.id.to_string())));
            }
        }
    }
    Ok(Ok(()))
}
