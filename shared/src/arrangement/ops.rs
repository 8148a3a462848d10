//! Edit operations: what a client sends (`RawOperation`, plain JSON numbers and ids) and
//! the checked operation it becomes (`Operation`), which is also what the change log
//! keeps and the room is told. Ids of new tracks and clips may be chosen by the client
//! (so later operations of the same batch can name them) or are made here.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::error::ArrangementError;
use super::limits::{MAX_START, MAX_TRACKS};
use super::values::{ClipId, GainDb, Pan, Samples, SnapshotName, Tempo, TimeSignature, TrackId, TrackName};
use crate::domain::UploadId;

/// Most operations in one batch: a whole session's worth of moves stays well inside the
/// request's 256 KiB body.
pub const MAX_OPERATIONS: usize = 200;

/// The longest a trim or fade may be: the longest upload a clip can hold (2 hours of
/// audio, the peaks' decoding bound) in samples.
const MAX_SPAN: u64 = 2 * 3600 * 48_000;

/// One operation as sent.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    tag = "op",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum RawOperation {
    AddTrack {
        track_id: Option<Uuid>,
        name: String,
    },
    RenameTrack {
        track_id: Uuid,
        name: String,
    },
    RemoveTrack {
        track_id: Uuid,
    },
    MoveTrack {
        track_id: Uuid,
        position: f64,
    },
    SetTrack {
        track_id: Uuid,
        gain_db: Option<f64>,
        pan: Option<f64>,
        muted: Option<bool>,
        solo: Option<bool>,
    },
    AddClip {
        clip_id: Option<Uuid>,
        track_id: Uuid,
        upload_id: Uuid,
        start: f64,
        trim_start: Option<f64>,
        trim_end: Option<f64>,
        gain_db: Option<f64>,
        fade_in: Option<f64>,
        fade_out: Option<f64>,
    },
    MoveClip {
        clip_id: Uuid,
        start: f64,
        track_id: Option<Uuid>,
    },
    TrimClip {
        clip_id: Uuid,
        trim_start: f64,
        trim_end: Option<f64>,
    },
    SetClip {
        clip_id: Uuid,
        gain_db: Option<f64>,
        fade_in: Option<f64>,
        fade_out: Option<f64>,
    },
    RemoveClip {
        clip_id: Uuid,
    },
    SetTempo {
        bpm: f64,
    },
    SetTimeSignature {
        beats_per_bar: i64,
        beat_unit: i64,
    },
    SetMasterGain {
        gain_db: f64,
    },
    Snapshot {
        name: String,
    },
    Revert {
        to_version: u64,
    },
}

/// A checked operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Operation {
    AddTrack {
        track_id: TrackId,
        name: TrackName,
    },
    RenameTrack {
        track_id: TrackId,
        name: TrackName,
    },
    RemoveTrack {
        track_id: TrackId,
    },
    MoveTrack {
        track_id: TrackId,
        position: usize,
    },
    SetTrack {
        track_id: TrackId,
        gain_db: Option<GainDb>,
        pan: Option<Pan>,
        muted: Option<bool>,
        solo: Option<bool>,
    },
    AddClip {
        clip_id: ClipId,
        track_id: TrackId,
        upload_id: UploadId,
        start: Samples,
        trim_start: Samples,
        trim_end: Option<Samples>,
        gain_db: GainDb,
        fade_in: Samples,
        fade_out: Samples,
    },
    MoveClip {
        clip_id: ClipId,
        start: Samples,
        track_id: Option<TrackId>,
    },
    TrimClip {
        clip_id: ClipId,
        trim_start: Samples,
        trim_end: Option<Samples>,
    },
    SetClip {
        clip_id: ClipId,
        gain_db: Option<GainDb>,
        fade_in: Option<Samples>,
        fade_out: Option<Samples>,
    },
    RemoveClip {
        clip_id: ClipId,
    },
    SetTempo {
        bpm: Tempo,
    },
    SetTimeSignature {
        beats_per_bar: u8,
        beat_unit: u8,
    },
    SetMasterGain {
        gain_db: GainDb,
    },
    /// Names the version the batch makes.
    Snapshot {
        name: SnapshotName,
    },
    /// Makes the document version `to_version`'s again; as applied, `leftOut` names the
    /// clips left out because their uploads were deleted since.
    Revert {
        to_version: u64,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        left_out: Vec<ClipId>,
    },
}

fn span(field: &'static str, value: Option<f64>) -> Result<Option<Samples>, ArrangementError> {
    value.map(|v| Samples::parse(field, v, MAX_SPAN)).transpose()
}

fn gain(value: Option<f64>) -> Result<Option<GainDb>, ArrangementError> {
    value.map(GainDb::try_from).transpose()
}

impl TryFrom<RawOperation> for Operation {
    type Error = ArrangementError;
    fn try_from(raw: RawOperation) -> Result<Self, Self::Error> {
        use RawOperation as R;
        Ok(match raw {
            R::AddTrack { track_id, name } => Self::AddTrack {
                track_id: track_id.map_or_else(TrackId::new, TrackId::from),
                name: TrackName::try_from(name.as_str())?,
            },
            R::RenameTrack { track_id, name } => Self::RenameTrack {
                track_id: track_id.into(),
                name: TrackName::try_from(name.as_str())?,
            },
            R::RemoveTrack { track_id } => Self::RemoveTrack {
                track_id: track_id.into(),
            },
            R::MoveTrack { track_id, position } => Self::MoveTrack {
                track_id: track_id.into(),
                position: Samples::parse("position", position, MAX_TRACKS as u64 - 1)?.get() as usize,
            },
            R::SetTrack {
                track_id,
                gain_db,
                pan,
                muted,
                solo,
            } => Self::SetTrack {
                track_id: track_id.into(),
                gain_db: gain(gain_db)?,
                pan: pan.map(Pan::try_from).transpose()?,
                muted,
                solo,
            },
            R::AddClip {
                clip_id,
                track_id,
                upload_id,
                start,
                trim_start,
                trim_end,
                gain_db,
                fade_in,
                fade_out,
            } => Self::AddClip {
                clip_id: clip_id.map_or_else(ClipId::new, ClipId::from),
                track_id: track_id.into(),
                upload_id: upload_id.into(),
                start: Samples::parse("start", start, MAX_START)?,
                trim_start: span("trimStart", trim_start)?.unwrap_or(Samples::ZERO),
                trim_end: span("trimEnd", trim_end)?,
                gain_db: gain(gain_db)?.unwrap_or(GainDb::UNITY),
                fade_in: span("fadeIn", fade_in)?.unwrap_or(Samples::ZERO),
                fade_out: span("fadeOut", fade_out)?.unwrap_or(Samples::ZERO),
            },
            R::MoveClip {
                clip_id,
                start,
                track_id,
            } => Self::MoveClip {
                clip_id: clip_id.into(),
                start: Samples::parse("start", start, MAX_START)?,
                track_id: track_id.map(TrackId::from),
            },
            R::TrimClip {
                clip_id,
                trim_start,
                trim_end,
            } => Self::TrimClip {
                clip_id: clip_id.into(),
                trim_start: Samples::parse("trimStart", trim_start, MAX_SPAN)?,
                trim_end: span("trimEnd", trim_end)?,
            },
            R::SetClip {
                clip_id,
                gain_db,
                fade_in,
                fade_out,
            } => Self::SetClip {
                clip_id: clip_id.into(),
                gain_db: gain(gain_db)?,
                fade_in: span("fadeIn", fade_in)?,
                fade_out: span("fadeOut", fade_out)?,
            },
            R::RemoveClip { clip_id } => Self::RemoveClip {
                clip_id: clip_id.into(),
            },
            R::SetTempo { bpm } => Self::SetTempo {
                bpm: Tempo::try_from(bpm)?,
            },
            R::SetTimeSignature {
                beats_per_bar,
                beat_unit,
            } => {
                let signature = TimeSignature::new(beats_per_bar, beat_unit)?;
                Self::SetTimeSignature {
                    beats_per_bar: signature.beats_per_bar(),
                    beat_unit: signature.beat_unit(),
                }
            }
            R::SetMasterGain { gain_db } => Self::SetMasterGain {
                gain_db: GainDb::try_from(gain_db)?,
            },
            R::Snapshot { name } => Self::Snapshot {
                name: SnapshotName::try_from(name.as_str())?,
            },
            R::Revert { to_version } => Self::Revert {
                to_version,
                left_out: Vec::new(),
            },
        })
    }
}
