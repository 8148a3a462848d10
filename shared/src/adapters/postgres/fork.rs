//! A fork as one transaction: a new session credited to its origin, its own upload rows
//! naming the source's audio objects (no object is copied), and the source version's
//! arrangement under new ids as the fork's version 1.
//!
//! The fork's uploads are inserted ready, which would make each arrive as a new track
//! (`uploads_arrive_as_tracks`); `studio.forking`, set for this transaction only, tells
//! the trigger to leave them to the fork, which writes the source's tracks itself.

use std::collections::HashMap;

use serde_json::json;
use tokio_postgres::Transaction;
use uuid::Uuid;

use super::arrangement_rows::{DOCUMENT, assemble};
use super::sessions::to_session;
use super::{Db, db_error};
use crate::arrangement::{Arrangement, Author, ForkError, ForkOf};
use crate::domain::{Session, SessionId, SessionName, UploadId};
use crate::store::StoreError;

/// Runs the fork; see [`crate::arrangement::ArrangementStore::fork`].
pub(crate) async fn fork(
    db: &Db,
    of: ForkOf,
    id: SessionId,
    name: SessionName,
    author: Author,
) -> Result<Result<Session, ForkError>, StoreError> {
    let mut client = db.client().await?;
    let tx = client.transaction().await.map_err(db_error)?;
    let source = match of.version {
        None => {
            let rows = tx
                .query(DOCUMENT, &[&of.session.as_uuid()])
                .await
                .map_err(db_error)?;
            assemble(of.session, &rows)?
        }
        Some(version) => match super::arrangement_history::at_version(&*tx, of.session, version).await? {
            Some(doc) => doc,
            None => return Ok(Err(ForkError::UnknownVersion(version))),
        },
    };
    tx.execute("SELECT set_config('studio.forking', 'on', true)", &[])
        .await
        .map_err(db_error)?;
    let id = id.as_uuid();
    let row = tx
        .query_one(
            "INSERT INTO sessions (id, name, forked_from_session, forked_from_version) VALUES ($1, $2, $3, $4) \
             RETURNING id, name, created_at, forked_from_session, forked_from_version",
            &[
                &id,
                &name.as_str(),
                &of.session.as_uuid(),
                &(source.version as i64),
            ],
        )
        .await
        .map_err(db_error)?;
    let session = to_session(&row)?;
    let uploads = share_uploads(&tx, of.session, id, &source).await?;
    let left_out = arrange(&tx, id, &source, &uploads).await?;
    let operations = json!([{
        "op": "fork",
        "sessionId": of.session,
        "version": source.version,
        "leftOut": left_out,
    }]);
    let (member, display) = (
        author.member_id.as_ref().map(|m| m.as_str()),
        author.display_name.as_ref().map(|n| n.as_str()),
    );
    tx.execute(
        "INSERT INTO arrangement_changes (session_id, version, author_id, author_name, operations, document) \
         VALUES ($1, 1, $2, $3, $4::text::jsonb, arrangement_document($1))",
        &[&id, &member, &display, &operations.to_string()],
    )
    .await
    .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    Ok(Ok(session))
}

/// Gives the fork a row of its own for each ready upload of the source the version's
/// clips name and that still exists, naming the same object; old id → new id.
async fn share_uploads(
    tx: &Transaction<'_>,
    source: SessionId,
    fork: Uuid,
    doc: &Arrangement,
) -> Result<HashMap<UploadId, Uuid>, StoreError> {
    let mut old: Vec<Uuid> = doc
        .tracks
        .iter()
        .flat_map(|t| t.clips.iter().map(|c| c.upload_id.as_uuid()))
        .collect();
    old.sort();
    old.dedup();
    let new: Vec<Uuid> = old.iter().map(|_| Uuid::new_v4()).collect();
    let rows = tx
        .query(
            "INSERT INTO uploads (id, session_id, object_key, filename, content_type, size_bytes, status, checksum, \
             audio_format, sample_rate, channels, duration_seconds, peaks, loudness, owner_id) \
             SELECT m.new_id, $2, u.object_key, u.filename, u.content_type, u.size_bytes, u.status, u.checksum, \
             u.audio_format, u.sample_rate, u.channels, u.duration_seconds, u.peaks, u.loudness, NULL \
             FROM uploads u JOIN unnest($3::uuid[], $4::uuid[]) AS m (old_id, new_id) ON m.old_id = u.id \
             WHERE u.session_id = $1 AND u.status = 'ready' RETURNING id",
            &[&source.as_uuid(), &fork, &old, &new],
        )
        .await
        .map_err(db_error)?;
    let inserted: Vec<Uuid> = rows.iter().map(|r| r.get::<_, Uuid>("id")).collect();
    Ok(old
        .into_iter()
        .zip(new)
        .filter(|(_, new)| inserted.contains(new))
        .map(|(old, new)| (UploadId::from(old), new))
        .collect())
}

/// Writes `doc` as the fork's version 1 under new ids; the clips whose uploads are gone
/// are left out (their source ids are returned).
async fn arrange(
    tx: &Transaction<'_>,
    fork: Uuid,
    doc: &Arrangement,
    uploads: &HashMap<UploadId, Uuid>,
) -> Result<Vec<Uuid>, StoreError> {
    tx.execute(
        "INSERT INTO arrangements (session_id, version, tempo_bpm, beats_per_bar, beat_unit, master_gain_db, \
         tempo_changed_in, signature_changed_in, master_changed_in) VALUES ($1, 1, $2, $3, $4, $5, 1, 1, 1)",
        &[
            &fork,
            &doc.tempo.bpm(),
            &i16::from(doc.time_signature.beats_per_bar()),
            &i16::from(doc.time_signature.beat_unit()),
            &doc.master_gain_db.db(),
        ],
    )
    .await
    .map_err(db_error)?;
    let mut left_out = Vec::new();
    for (position, track) in doc.tracks.iter().enumerate() {
        let track_id = Uuid::new_v4();
        tx.execute(
            "INSERT INTO arrangement_tracks (id, session_id, name, position, gain_db, pan, muted, solo, changed_in) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1)",
            &[
                &track_id,
                &fork,
                &track.name.as_str(),
                &(position as i32),
                &track.gain_db.db(),
                &track.pan.get(),
                &track.muted,
                &track.solo,
            ],
        )
        .await
        .map_err(db_error)?;
        for clip in &track.clips {
            let Some(upload) = uploads.get(&clip.upload_id) else {
                left_out.push(clip.id.as_uuid());
                continue;
            };
            tx.execute(
                "INSERT INTO arrangement_clips (id, session_id, track_id, upload_id, start_sample, trim_start, \
                 trim_end, gain_db, fade_in, fade_out, changed_in) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1)",
                &[
                    &Uuid::new_v4(),
                    &fork,
                    &track_id,
                    upload,
                    &(clip.start.get() as i64),
                    &(clip.trim_start.get() as i64),
                    &clip.trim_end.map(|t| t.get() as i64),
                    &clip.gain_db.db(),
                    &(clip.fade_in.get() as i64),
                    &(clip.fade_out.get() as i64),
                ],
            )
            .await
            .map_err(db_error)?;
        }
    }
    Ok(left_out)
}
