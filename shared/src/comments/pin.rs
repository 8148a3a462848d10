//! Pinning a new comment against the latest arrangement, and placing a stored one in the
//! version being read: a comment on a clip stays on the music when the clip moves, and
//! falls back to its stored time (`detached`) when the clip is gone.

use super::error::CommentError;
use super::model::Pin;
use crate::arrangement::{Arrangement, ClipId, MAX_START, Samples, TrackId};

/// Pins a comment at `at`, on `track` and/or `clip`, each of which must be in `doc`
/// (the latest arrangement); a clip named with a track must be on it.
pub fn pin(
    doc: &Arrangement,
    at: Samples,
    track: Option<TrackId>,
    clip: Option<ClipId>,
) -> Result<Pin, CommentError> {
    if let Some(clip) = clip {
        let found = doc
            .tracks
            .iter()
            .find_map(|t| t.clips.iter().find(|c| c.id == clip).map(|c| (t.id, c.start)));
        return match found {
            Some((on, start)) if track.is_none_or(|t| t == on) => Ok(Pin {
                at,
                track: Some(on),
                clip: Some((clip, at.get() as i64 - start.get() as i64)),
            }),
            Some((on, _)) => Err(unknown(
                "clip",
                format!("{clip} on track {}", track.unwrap_or(on)),
            )),
            None => Err(unknown("clip", clip.to_string())),
        };
    }
    if let Some(track) = track
        && !doc.tracks.iter().any(|t| t.id == track)
    {
        return Err(unknown("track", track.to_string()));
    }
    Ok(Pin {
        at,
        track,
        clip: None,
    })
}

fn unknown(what: &'static str, id: String) -> CommentError {
    CommentError::UnknownTarget { what, id }
}

/// Where a stored comment shows in one version of the arrangement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub at: Samples,
    pub track: Option<TrackId>,
    /// Its clip (or track) is not in this version: shown at its stored time.
    pub detached: bool,
}

/// Places `pin` in `doc`: on its clip's current start plus the stored offset (within the
/// timeline), on the clip's current track; at its stored time otherwise.
pub fn place(pin: &Pin, doc: &Arrangement) -> Placed {
    let stored = |detached| Placed {
        at: pin.at,
        track: pin.track,
        detached,
    };
    match pin.clip {
        Some((clip, offset)) => doc
            .tracks
            .iter()
            .find_map(|t| t.clips.iter().find(|c| c.id == clip).map(|c| (t.id, c.start)))
            .map_or(stored(true), |(track, start)| Placed {
                at: Samples::new((start.get() as i64 + offset).clamp(0, MAX_START as i64) as u64),
                track: Some(track),
                detached: false,
            }),
        None => stored(pin.track.is_some_and(|t| !doc.tracks.iter().any(|x| x.id == t))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arrangement::{Clip, GainDb, Pan, Track, TrackName};
    use crate::domain::{SessionId, UploadId};

    fn doc(clip_start: u64) -> (Arrangement, TrackId, ClipId) {
        let (track, clip) = (TrackId::new(), ClipId::new());
        let mut doc = Arrangement::empty(SessionId::new());
        doc.tracks.push(Track {
            id: track,
            name: TrackName::try_from("Bass").unwrap(),
            gain_db: GainDb::UNITY,
            pan: Pan::CENTRE,
            muted: false,
            solo: false,
            changed_in: 1,
            clips: vec![Clip {
                id: clip,
                upload_id: UploadId::new(),
                start: Samples::new(clip_start),
                trim_start: Samples::ZERO,
                trim_end: None,
                gain_db: GainDb::UNITY,
                fade_in: Samples::ZERO,
                fade_out: Samples::ZERO,
                source_length: None,
                changed_in: 1,
            }],
        });
        (doc, track, clip)
    }

    #[test]
    fn a_comment_on_a_clip_follows_the_clip_and_detaches_when_it_is_gone() {
        let (mut doc, track, clip) = doc(48_000);
        let pinned = pin(&doc, Samples::new(72_000), None, Some(clip)).unwrap();
        assert_eq!(pinned.track, Some(track));
        assert_eq!(pinned.clip, Some((clip, 24_000)));
        doc.tracks[0].clips[0].start = Samples::new(480_000);
        let moved = place(&pinned, &doc);
        assert_eq!((moved.at, moved.detached), (Samples::new(504_000), false));
        doc.tracks[0].clips.clear();
        let gone = place(&pinned, &doc);
        assert_eq!((gone.at, gone.detached), (Samples::new(72_000), true));
    }

    #[test]
    fn a_comment_before_its_clip_stays_before_it_and_on_the_timeline() {
        let (mut doc, _, clip) = doc(48_000);
        let pinned = pin(&doc, Samples::new(12_000), None, Some(clip)).unwrap();
        assert_eq!(pinned.clip, Some((clip, -36_000)));
        doc.tracks[0].clips[0].start = Samples::ZERO;
        assert_eq!(place(&pinned, &doc).at, Samples::ZERO);
    }

    #[test]
    fn an_unknown_track_or_clip_or_a_clip_on_another_track_is_refused() {
        let (doc, track, clip) = doc(0);
        let unknown = |r: Result<Pin, CommentError>| match r {
            Err(CommentError::UnknownTarget { what, .. }) => what,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            unknown(pin(&doc, Samples::ZERO, Some(TrackId::new()), None)),
            "track"
        );
        assert_eq!(
            unknown(pin(&doc, Samples::ZERO, None, Some(ClipId::new()))),
            "clip"
        );
        assert_eq!(
            unknown(pin(&doc, Samples::ZERO, Some(TrackId::new()), Some(clip))),
            "clip"
        );
        assert!(pin(&doc, Samples::ZERO, Some(track), Some(clip)).is_ok());
    }

    #[test]
    fn a_comment_on_a_removed_track_shows_at_its_time_detached() {
        let (mut doc, track, _) = doc(0);
        let pinned = pin(&doc, Samples::new(96_000), Some(track), None).unwrap();
        assert!(!place(&pinned, &doc).detached);
        doc.tracks.clear();
        let placed = place(&pinned, &doc);
        assert_eq!((placed.at, placed.detached), (Samples::new(96_000), true));
    }
}
