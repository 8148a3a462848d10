//! Reading an arrangement: the one statement that returns a whole document (one
//! snapshot), and the document built from its rows.

use tokio_postgres::Row;
use uuid::Uuid;

use super::db_error;
use crate::arrangement::{
    Arrangement, Clip, FieldChanges, GainDb, Pan, Samples, Tempo, TimeSignature, Track, TrackName,
};
use crate::domain::SessionId;
use crate::store::StoreError;

/// The session's fields, its tracks in order and their clips by start, one row per clip
/// (a track without clips is one row with NULL clip columns).
pub(crate) const DOCUMENT: &str = "SELECT a.version, a.tempo_bpm, a.beats_per_bar, a.beat_unit, a.master_gain_db, \
     a.tempo_changed_in, a.signature_changed_in, a.master_changed_in, \
     t.id AS track_id, t.name, t.gain_db AS track_gain, t.pan, t.muted, t.solo, t.changed_in AS track_changed, \
     c.id AS clip_id, c.upload_id, c.start_sample, c.trim_start, c.trim_end, c.gain_db AS clip_gain, \
     c.fade_in, c.fade_out, c.changed_in AS clip_changed, \
     round(u.duration_seconds * 48000)::bigint AS source_length \
     FROM arrangements a \
     LEFT JOIN arrangement_tracks t ON t.session_id = a.session_id \
     LEFT JOIN arrangement_clips c ON c.track_id = t.id \
     LEFT JOIN uploads u ON u.id = c.upload_id \
     WHERE a.session_id = $1 \
     ORDER BY t.position, t.id, c.start_sample, c.id";

fn corrupt(what: &str) -> StoreError {
    StoreError::internal("postgres", format!("stored arrangement has an invalid {what}"))
}

fn samples(value: i64) -> Result<Samples, StoreError> {
    u64::try_from(value)
        .map(Samples::new)
        .map_err(|_| corrupt("time"))
}

fn version(value: i64) -> Result<u64, StoreError> {
    u64::try_from(value).map_err(|_| corrupt("version"))
}

/// Builds the document from [`DOCUMENT`]'s rows (none: nothing arranged yet).
pub(crate) fn assemble(session: SessionId, rows: &[Row]) -> Result<Arrangement, StoreError> {
    let Some(first) = rows.first() else {
        return Ok(Arrangement::empty(session));
    };
    let get = |e| db_error(e);
    let mut arrangement = Arrangement {
        session_id: session,
        version: version(first.try_get("version").map_err(get)?)?,
        tempo: Tempo::try_from(first.try_get::<_, f64>("tempo_bpm").map_err(get)?)
            .map_err(|_| corrupt("tempo"))?,
        time_signature: TimeSignature::new(
            first.try_get::<_, i16>("beats_per_bar").map_err(get)?.into(),
            first.try_get::<_, i16>("beat_unit").map_err(get)?.into(),
        )
        .map_err(|_| corrupt("time signature"))?,
        master_gain_db: gain(first.try_get("master_gain_db").map_err(get)?)?,
        changes: FieldChanges {
            tempo: version(first.try_get("tempo_changed_in").map_err(get)?)?,
            signature: version(first.try_get("signature_changed_in").map_err(get)?)?,
            master: version(first.try_get("master_changed_in").map_err(get)?)?,
        },
        tracks: Vec::new(),
    };
    for row in rows {
        let Some(track_id) = row.try_get::<_, Option<Uuid>>("track_id").map_err(get)? else {
            continue;
        };
        if arrangement.tracks.last().map(|t| t.id.as_uuid()) != Some(track_id) {
            arrangement.tracks.push(track(row, track_id)?);
        }
        if let Some(clip) = clip(row)? {
            let track = arrangement.tracks.last_mut().expect("pushed above");
            track.clips.push(clip);
        }
    }
    Ok(arrangement)
}

fn gain(db: f64) -> Result<GainDb, StoreError> {
    GainDb::try_from(db).map_err(|_| corrupt("gain"))
}

fn track(row: &Row, id: Uuid) -> Result<Track, StoreError> {
    let get = |e| db_error(e);
    Ok(Track {
        id: id.into(),
        name: TrackName::try_from(row.try_get::<_, &str>("name").map_err(get)?)
            .map_err(|_| corrupt("name"))?,
        gain_db: gain(row.try_get("track_gain").map_err(get)?)?,
        pan: Pan::try_from(row.try_get::<_, f64>("pan").map_err(get)?).map_err(|_| corrupt("pan"))?,
        muted: row.try_get("muted").map_err(get)?,
        solo: row.try_get("solo").map_err(get)?,
        changed_in: version(row.try_get("track_changed").map_err(get)?)?,
        clips: Vec::new(),
    })
}

fn clip(row: &Row) -> Result<Option<Clip>, StoreError> {
    let get = |e| db_error(e);
    let Some(id) = row.try_get::<_, Option<Uuid>>("clip_id").map_err(get)? else {
        return Ok(None);
    };
    let trim_end: Option<i64> = row.try_get("trim_end").map_err(get)?;
    let source: Option<i64> = row.try_get("source_length").map_err(get)?;
    Ok(Some(Clip {
        id: id.into(),
        upload_id: row.try_get::<_, Uuid>("upload_id").map_err(get)?.into(),
        start: samples(row.try_get("start_sample").map_err(get)?)?,
        trim_start: samples(row.try_get("trim_start").map_err(get)?)?,
        trim_end: trim_end.map(samples).transpose()?,
        gain_db: gain(row.try_get("clip_gain").map_err(get)?)?,
        fade_in: samples(row.try_get("fade_in").map_err(get)?)?,
        fade_out: samples(row.try_get("fade_out").map_err(get)?)?,
        source_length: source.map(samples).transpose()?,
        changed_in: version(row.try_get("clip_changed").map_err(get)?)?,
    }))
}
