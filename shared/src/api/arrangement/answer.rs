//! The arrangement as clients receive it: the stored document, each time also shown in
//! seconds and bars:beats, and each clip's played length.

use serde::Serialize;

use crate::arrangement::{Arrangement, Clip, Samples, TIMELINE_RATE, Track, bars_beats};

/// `{ sessionId, version, tempo, timeSignature, masterGainDb, sampleRate, tracks }`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ArrangementAnswer<'a> {
    #[serde(flatten)]
    pub arrangement: &'a Arrangement,
    /// The rate every time is counted in: 48000.
    pub sample_rate: u32,
    pub tracks: Vec<TrackAnswer<'a>>,
}

/// A track and its clips.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrackAnswer<'a> {
    #[serde(flatten)]
    pub track: &'a Track,
    pub clips: Vec<ClipAnswer<'a>>,
}

/// A clip, with where it starts in seconds and bars:beats and how long it plays.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ClipAnswer<'a> {
    #[serde(flatten)]
    pub clip: &'a Clip,
    /// Samples played (`null` when the upload's length is unknown).
    pub length: Option<Samples>,
    pub start_seconds: f64,
    /// `bar:beat` from 1, e.g. `5:1`.
    pub start_bars_beats: String,
}

impl<'a> ArrangementAnswer<'a> {
    /// The answer for `arrangement`.
    pub fn new(arrangement: &'a Arrangement) -> Self {
        let show = |clip: &'a Clip| ClipAnswer {
            clip,
            length: clip.length(),
            start_seconds: clip.start.seconds(),
            start_bars_beats: bars_beats(clip.start, arrangement.tempo, arrangement.time_signature),
        };
        Self {
            arrangement,
            sample_rate: TIMELINE_RATE,
            tracks: arrangement
                .tracks
                .iter()
                .map(|track| TrackAnswer {
                    track,
                    clips: track.clips.iter().map(show).collect(),
                })
                .collect(),
        }
    }
}
