//! Reverts and snapshots within a batch. A revert replaces the whole document, so it
//! touches everything: it applies only to the version it was made against (a stale base
//! is a conflict), alone in its batch or with a snapshot, and every track, clip and
//! session field it writes counts as changed by its version.

use super::Batch;
use crate::arrangement::error::EditError;
use crate::arrangement::model::{Clip, Track};
use crate::arrangement::ops::Operation;
use crate::arrangement::values::{ClipId, TrackId};

/// At most one snapshot per batch; a revert only with a snapshot.
pub(super) fn alone(ops: &[Operation]) -> Result<(), EditError> {
    let snapshots = ops
        .iter()
        .filter(|op| matches!(op, Operation::Snapshot { .. }))
        .count();
    let reverts = ops
        .iter()
        .filter(|op| matches!(op, Operation::Revert { .. }))
        .count();
    if snapshots > 1 {
        return Err(EditError::NotAlone("snapshot"));
    }
    if reverts > 1 || (reverts == 1 && ops.len() > 1 + snapshots) {
        return Err(EditError::NotAlone("revert"));
    }
    Ok(())
}

impl Batch<'_> {
    /// Makes the document `to_version`'s again, as changed by this version; clips whose
    /// uploads are gone are left out.
    pub(super) fn revert(&mut self, to_version: u64) -> Result<(), EditError> {
        if self.base < self.doc.version {
            return Err(self.conflict("the arrangement (a revert replaces all of it)".into()));
        }
        let target = match self.reverting {
            Some(target) if target.version == to_version && to_version <= self.doc.version => target,
            _ => return Err(EditError::UnknownVersion(to_version)),
        };
        let version = self.version;
        let session = self.doc.session_id;
        let mut tracks = Vec::with_capacity(target.tracks.len());
        for track in &target.tracks {
            let mut clips = Vec::with_capacity(track.clips.len());
            for clip in &track.clips {
                match self.uploads.get(&clip.upload_id) {
                    Some(facts) if facts.session == Some(session) && facts.ready => clips.push(Clip {
                        source_length: facts.length.or(clip.source_length),
                        changed_in: version,
                        ..clip.clone()
                    }),
                    _ => self.applied.left_out.push(clip.id),
                }
            }
            tracks.push(Track {
                changed_in: version,
                clips,
                ..track.clone()
            });
        }
        let kept_tracks: Vec<TrackId> = tracks.iter().map(|t| t.id).collect();
        let kept_clips: Vec<ClipId> = tracks.iter().flat_map(|t| t.clips.iter().map(|c| c.id)).collect();
        for track in &self.doc.tracks {
            if !kept_tracks.contains(&track.id) {
                self.applied.removed_tracks.push(track.id);
            }
            for clip in &track.clips {
                if !kept_clips.contains(&clip.id) {
                    self.applied.removed_clips.push(clip.id);
                }
            }
        }
        self.doc.tempo = target.tempo;
        self.doc.time_signature = target.time_signature;
        self.doc.master_gain_db = target.master_gain_db;
        self.doc.changes = crate::arrangement::model::FieldChanges {
            tempo: version,
            signature: version,
            master: version,
        };
        self.doc.tracks = tracks;
        Ok(())
    }
}
