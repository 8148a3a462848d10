//! What a batch is checked against besides the rebase rule: a new clip's upload, and the
//! limits of the whole document after the batch.

use std::collections::HashMap;

use super::error::{ArrangementError, EditError};
use super::limits::{MAX_CLIPS, MAX_TRACKS};
use super::model::Arrangement;
use super::ports::UploadFacts;
use super::values::Samples;
use crate::domain::{SessionId, UploadId};

/// The upload a new clip names: a ready upload of `session`.
pub(super) fn upload(
    uploads: &HashMap<UploadId, UploadFacts>,
    session: SessionId,
    id: UploadId,
) -> Result<UploadFacts, EditError> {
    match uploads.get(&id) {
        Some(facts) if facts.session == Some(session) => {
            if facts.ready {
                Ok(*facts)
            } else {
                Err(ArrangementError::UploadNotReady.into())
            }
        }
        // Another session's upload, or none: the same answer, so ids of other sessions'
        // uploads cannot be probed.
        _ => Err(ArrangementError::UploadOfOtherSession.into()),
    }
}

/// The limits on the document after the batch (`version`), and each clip the batch
/// touched: a trim that leaves something to play, fades that fit in it. Sorts each
/// track's clips by start.
pub(super) fn limits(doc: &mut Arrangement, version: u64) -> Result<(), EditError> {
    if doc.tracks.len() > MAX_TRACKS {
        return Err(ArrangementError::TooManyTracks.into());
    }
    if doc.clip_count() > MAX_CLIPS {
        return Err(ArrangementError::TooManyClips.into());
    }
    for track in &mut doc.tracks {
        for clip in track.clips.iter().filter(|c| c.changed_in == version) {
            if clip.trim_end.is_some_and(|end| end <= clip.trim_start) {
                return Err(ArrangementError::InvalidTrim.into());
            }
            let length = clip.length().map_or(u64::MAX, Samples::get);
            if length == 0 {
                return Err(ArrangementError::InvalidTrim.into());
            }
            if clip.fade_in.get().saturating_add(clip.fade_out.get()) > length {
                return Err(ArrangementError::InvalidFades.into());
            }
        }
        track.clips.sort_by_key(|c| (c.start, c.id));
    }
    Ok(())
}
