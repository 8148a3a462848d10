//! The arrangement's history: each version's document as `arrangement_document` (migration
//! V17) stored it in `arrangement_changes.document`, read back into the domain's types
//! (checked as a client's values are), and the change log in pages.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use tokio_postgres::GenericClient;
use uuid::Uuid;

use super::{Db, db_error};
use crate::arrangement::{
    Arrangement, Author, Change, ChangesQuery, Clip, FieldChanges, GainDb, Pan, Samples, Tempo,
    TimeSignature, Track, TrackName,
};
use crate::domain::{DisplayName, MemberId, SessionId, Window};
use crate::store::StoreError;

/// A stored document (`arrangement_document`'s shape).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredDocument {
    version: u64,
    tempo: f64,
    beats_per_bar: i64,
    beat_unit: i64,
    master_gain_db: f64,
    tempo_changed_in: u64,
    signature_changed_in: u64,
    master_changed_in: u64,
    tracks: Vec<StoredTrack>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredTrack {
    id: Uuid,
    name: String,
    gain_db: f64,
    pan: f64,
    muted: bool,
    solo: bool,
    changed_in: u64,
    clips: Vec<StoredClip>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredClip {
    id: Uuid,
    upload_id: Uuid,
    start: u64,
    trim_start: u64,
    trim_end: Option<u64>,
    gain_db: f64,
    fade_in: u64,
    fade_out: u64,
    source_length: Option<u64>,
    changed_in: u64,
}

fn corrupt(what: &str) -> StoreError {
    StoreError::internal(
        "postgres",
        format!("stored arrangement version has an invalid {what}"),
    )
}

fn gain(db: f64) -> Result<GainDb, StoreError> {
    GainDb::try_from(db).map_err(|_| corrupt("gain"))
}

/// The document stored as `text` for `session`.
pub(crate) fn parse(session: SessionId, text: &str) -> Result<Arrangement, StoreError> {
    let doc: StoredDocument = serde_json::from_str(text).map_err(|e| corrupt(&e.to_string()))?;
    let mut tracks = Vec::with_capacity(doc.tracks.len());
    for t in doc.tracks {
        let mut clips = Vec::with_capacity(t.clips.len());
        for c in t.clips {
            clips.push(Clip {
                id: c.id.into(),
                upload_id: c.upload_id.into(),
                start: Samples::new(c.start),
                trim_start: Samples::new(c.trim_start),
                trim_end: c.trim_end.map(Samples::new),
                gain_db: gain(c.gain_db)?,
                fade_in: Samples::new(c.fade_in),
                fade_out: Samples::new(c.fade_out),
                source_length: c.source_length.map(Samples::new),
                changed_in: c.changed_in,
            });
        }
        tracks.push(Track {
            id: t.id.into(),
            name: TrackName::try_from(t.name.as_str()).map_err(|_| corrupt("name"))?,
            gain_db: gain(t.gain_db)?,
            pan: Pan::try_from(t.pan).map_err(|_| corrupt("pan"))?,
            muted: t.muted,
            solo: t.solo,
            changed_in: t.changed_in,
            clips,
        });
    }
    Ok(Arrangement {
        session_id: session,
        version: doc.version,
        tempo: Tempo::try_from(doc.tempo).map_err(|_| corrupt("tempo"))?,
        time_signature: TimeSignature::new(doc.beats_per_bar, doc.beat_unit)
            .map_err(|_| corrupt("time signature"))?,
        master_gain_db: gain(doc.master_gain_db)?,
        changes: FieldChanges {
            tempo: doc.tempo_changed_in,
            signature: doc.signature_changed_in,
            master: doc.master_changed_in,
        },
        tracks,
    })
}

/// The document of `version` (0: empty), or `None` when there is none.
pub(crate) async fn at_version(
    client: &impl GenericClient,
    session: SessionId,
    version: u64,
) -> Result<Option<Arrangement>, StoreError> {
    if version == 0 {
        return Ok(Some(Arrangement::empty(session)));
    }
    let Ok(at) = i64::try_from(version) else {
        return Ok(None);
    };
    let row = client
        .query_opt(
            "SELECT document::text AS document FROM arrangement_changes \
             WHERE session_id = $1 AND version = $2 AND document IS NOT NULL",
            &[&session.as_uuid(), &at],
        )
        .await
        .map_err(db_error)?;
    match row {
        Some(row) => {
            let text: &str = row.try_get("document").map_err(db_error)?;
            parse(session, text).map(Some)
        }
        None => Ok(None),
    }
}

/// The entries of the change log `query` asks for.
pub(crate) async fn changes(
    db: &Db,
    session: SessionId,
    query: ChangesQuery,
) -> Result<Vec<Change>, StoreError> {
    let id = session.as_uuid();
    let limit = query.limit as i64;
    const ALL: &str = "SELECT version, author_id, author_name, operations::text AS operations, created_at, snapshot \
         FROM arrangement_changes WHERE session_id = $1";
    const SNAPSHOTS: &str = "SELECT version, author_id, author_name, operations::text AS operations, created_at, snapshot \
         FROM arrangement_changes WHERE session_id = $1 AND snapshot IS NOT NULL";
    let columns = if query.snapshots_only { SNAPSHOTS } else { ALL };
    let rows = match query.window {
        Window::Newest { before } => {
            let before = before.map_or(i64::MAX, |b| i64::try_from(b).unwrap_or(i64::MAX));
            db.read(
                &format!("{columns} AND version < $2 ORDER BY version DESC LIMIT $3"),
                &[&id, &before, &limit],
            )
            .await?
        }
        Window::After(after) => {
            let after = i64::try_from(after).unwrap_or(i64::MAX);
            db.read(
                &format!("{columns} AND version > $2 ORDER BY version ASC LIMIT $3"),
                &[&id, &after, &limit],
            )
            .await?
        }
    };
    rows.iter()
        .map(|row| {
            let version: i64 = row.try_get("version").map_err(db_error)?;
            let member: Option<&str> = row.try_get("author_id").map_err(db_error)?;
            let name: Option<&str> = row.try_get("author_name").map_err(db_error)?;
            let operations: &str = row.try_get("operations").map_err(db_error)?;
            let at: DateTime<Utc> = row.try_get("created_at").map_err(db_error)?;
            Ok(Change {
                version: u64::try_from(version).map_err(|_| corrupt("version"))?,
                operations: serde_json::from_str(operations).map_err(|_| corrupt("operations"))?,
                by: Author {
                    member_id: member.and_then(|m| MemberId::parse(m).ok()),
                    display_name: name.and_then(|n| DisplayName::parse(n).ok()),
                },
                at,
                snapshot: row.try_get("snapshot").map_err(db_error)?,
            })
        })
        .collect()
}
