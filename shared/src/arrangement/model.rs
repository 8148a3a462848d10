//! The arrangement document: session-wide fields, tracks in order, and their clips.

use serde::Serialize;

use super::values::{ClipId, GainDb, Pan, Samples, Tempo, TimeSignature, TrackId, TrackName};
use crate::domain::{SessionId, UploadId};

/// A session's song at one version.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Arrangement {
    pub session_id: SessionId,
    /// 0 until anything was arranged; every accepted change adds one.
    pub version: u64,
    pub tempo: Tempo,
    pub time_signature: TimeSignature,
    pub master_gain_db: GainDb,
    /// The versions that last changed the session-wide fields (the rebase rule's check).
    #[serde(skip)]
    pub changes: FieldChanges,
    /// In order, first on top (answered through `api::arrangement::answer`).
    #[serde(skip)]
    pub tracks: Vec<Track>,
}

impl Arrangement {
    /// What a session nobody arranged has: version 0, 120 BPM in 4/4, no tracks.
    pub fn empty(session_id: SessionId) -> Self {
        Self {
            session_id,
            version: 0,
            tempo: Tempo::DEFAULT,
            time_signature: TimeSignature::COMMON,
            master_gain_db: GainDb::UNITY,
            changes: FieldChanges::default(),
            tracks: Vec::new(),
        }
    }

    /// How many clips all tracks hold.
    pub fn clip_count(&self) -> usize {
        self.tracks.iter().map(|t| t.clips.len()).sum()
    }
}

/// The version that last changed each session-wide field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FieldChanges {
    pub tempo: u64,
    pub signature: u64,
    pub master: u64,
}

/// One lane of the song.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Track {
    pub id: TrackId,
    pub name: TrackName,
    pub gain_db: GainDb,
    pub pan: Pan,
    pub muted: bool,
    pub solo: bool,
    /// The version that last changed the track itself (its clips count on their own).
    pub changed_in: u64,
    /// By start, then id.
    #[serde(skip)]
    pub clips: Vec<Clip>,
}

/// A stretch of one upload placed on a track.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Clip {
    pub id: ClipId,
    pub upload_id: UploadId,
    /// Where on the timeline the clip's first sample plays.
    pub start: Samples,
    /// How much of the upload's start is not played.
    pub trim_start: Samples,
    /// Where in the upload playing stops; `None`: at its end.
    pub trim_end: Option<Samples>,
    pub gain_db: GainDb,
    pub fade_in: Samples,
    pub fade_out: Samples,
    /// The upload's length at the timeline rate, from its stored duration (`None` when
    /// its container did not say).
    pub source_length: Option<Samples>,
    /// The version that last changed the clip.
    pub changed_in: u64,
}

impl Clip {
    /// How long the clip plays, when the upload's length is known.
    pub fn length(&self) -> Option<Samples> {
        let end = self.trim_end.or(self.source_length)?;
        let end = match self.source_length {
            Some(source) => end.min(source),
            None => end,
        };
        Some(Samples::new(end.get().saturating_sub(self.trim_start.get())))
    }
}
