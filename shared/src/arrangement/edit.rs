//! Applying a batch of operations to a document, in memory: the rebase rule, the limits
//! and the checks of a clip's upload. The store runs it inside the transaction that holds
//! the arrangement's row, and writes what it changed.
//!
//! The rebase rule is per entity (a track, a clip) and per session field (tempo, time
//! signature, master gain): an operation whose target changed after the batch's base
//! version is refused as a conflict; one on a target untouched since applies to the
//! newer version, and the batch is answered as rebased. A target that no longer exists
//! is a conflict when the base is behind (it may have been removed since), and unknown
//! otherwise.
//! Reverts and snapshots: `revert.rs`.

use std::collections::HashMap;

use super::checks;
use super::error::EditError;
use super::model::{Arrangement, Clip, Track};
use super::ops::Operation;
use super::ports::UploadFacts;
use super::values::{ClipId, GainDb, Pan, SnapshotName, TrackId};
use crate::domain::UploadId;

/// What an applied batch did.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub version: u64,
    /// The base was behind and the batch applied to the newer version.
    pub rebased: bool,
    pub removed_tracks: Vec<TrackId>,
    pub removed_clips: Vec<ClipId>,
    /// A revert's clips left out because their uploads are gone.
    pub left_out: Vec<ClipId>,
    /// The name a snapshot operation gave the version.
    pub snapshot: Option<SnapshotName>,
}

struct Batch<'a> {
    doc: &'a mut Arrangement,
    base: u64,
    version: u64,
    uploads: &'a HashMap<UploadId, UploadFacts>,
    reverting: Option<&'a Arrangement>,
    applied: Applied,
}

/// Applies `ops` made against version `base` to `doc`, which becomes the next version.
pub fn apply(
    doc: &mut Arrangement,
    base: u64,
    ops: &[Operation],
    uploads: &HashMap<UploadId, UploadFacts>,
) -> Result<Applied, EditError> {
    apply_with(doc, base, ops, uploads, None)
}

/// As [`apply`], with the document of the version a revert in `ops` goes back to
/// (`uploads` then also has the facts of that document's uploads that still exist).
pub fn apply_with(
    doc: &mut Arrangement,
    base: u64,
    ops: &[Operation],
    uploads: &HashMap<UploadId, UploadFacts>,
    reverting: Option<&Arrangement>,
) -> Result<Applied, EditError> {
    if base > doc.version {
        return Err(EditError::BaseAhead {
            base,
            current: doc.version,
        });
    }
    revert::alone(ops)?;
    let version = doc.version + 1;
    let applied = Applied {
        version,
        rebased: base < doc.version,
        removed_tracks: Vec::new(),
        removed_clips: Vec::new(),
        left_out: Vec::new(),
        snapshot: None,
    };
    let mut batch = Batch {
        doc,
        base,
        version,
        uploads,
        reverting,
        applied,
    };
    for op in ops {
        batch.one(op)?;
    }
    checks::limits(batch.doc, version)?;
    batch.doc.version = version;
    Ok(batch.applied)
}

impl Batch<'_> {
    fn conflict(&self, what: String) -> EditError {
        EditError::Conflict {
            what,
            base: self.base,
            current: self.doc.version,
        }
    }

    /// `changed_in` of a target this batch may change: untouched since the base, or
    /// already changed by this batch.
    fn may_change(&self, changed_in: u64, what: impl FnOnce() -> String) -> Result<(), EditError> {
        if changed_in > self.base && changed_in != self.version {
            return Err(self.conflict(what()));
        }
        Ok(())
    }

    fn missing(&self, what: &'static str, id: String) -> EditError {
        if self.base < self.doc.version {
            self.conflict(format!("{what} {id}"))
        } else {
            EditError::Unknown { what, id }
        }
    }

    fn track_index(&self, id: TrackId) -> Result<usize, EditError> {
        match self.doc.tracks.iter().position(|t| t.id == id) {
            Some(i) => Ok(i),
            None => Err(self.missing("track", id.to_string())),
        }
    }

    fn track(&mut self, id: TrackId) -> Result<&mut Track, EditError> {
        let i = self.track_index(id)?;
        let changed_in = self.doc.tracks[i].changed_in;
        self.may_change(changed_in, || format!("track {id}"))?;
        let version = self.version;
        let track = &mut self.doc.tracks[i];
        track.changed_in = version;
        Ok(track)
    }

    fn clip_at(&self, id: ClipId) -> Result<(usize, usize), EditError> {
        for (t, track) in self.doc.tracks.iter().enumerate() {
            if let Some(c) = track.clips.iter().position(|c| c.id == id) {
                return Ok((t, c));
            }
        }
        Err(self.missing("clip", id.to_string()))
    }

    fn clip(&mut self, id: ClipId) -> Result<&mut Clip, EditError> {
        let (t, c) = self.clip_at(id)?;
        let changed_in = self.doc.tracks[t].clips[c].changed_in;
        self.may_change(changed_in, || format!("clip {id}"))?;
        let version = self.version;
        let clip = &mut self.doc.tracks[t].clips[c];
        clip.changed_in = version;
        Ok(clip)
    }

    fn one(&mut self, op: &Operation) -> Result<(), EditError> {
        use Operation as O;
        match op {
            O::AddTrack { track_id, name } => {
                if self.doc.tracks.iter().any(|t| t.id == *track_id) {
                    return Err(EditError::IdInUse(track_id.to_string()));
                }
                self.doc.tracks.push(Track {
                    id: *track_id,
                    name: name.clone(),
                    gain_db: GainDb::UNITY,
                    pan: Pan::CENTRE,
                    muted: false,
                    solo: false,
                    changed_in: self.version,
                    clips: Vec::new(),
                });
            }
            O::RenameTrack { track_id, name } => self.track(*track_id)?.name = name.clone(),
            O::RemoveTrack { track_id } => {
                self.track(*track_id)?;
                let i = self.track_index(*track_id)?;
                for clip in &self.doc.tracks[i].clips {
                    // Removing a track takes its clips: none may have changed since the base.
                    self.may_change(clip.changed_in, || format!("clip {}", clip.id))?;
                }
                let track = self.doc.tracks.remove(i);
                self.applied
                    .removed_clips
                    .extend(track.clips.iter().map(|c| c.id));
                self.applied.removed_tracks.push(track.id);
            }
            O::MoveTrack { track_id, position } => {
                self.track(*track_id)?;
                let i = self.track_index(*track_id)?;
                let track = self.doc.tracks.remove(i);
                let at = (*position).min(self.doc.tracks.len());
                self.doc.tracks.insert(at, track);
            }
            O::SetTrack {
                track_id,
                gain_db,
                pan,
                muted,
                solo,
            } => {
                let track = self.track(*track_id)?;
                track.gain_db = gain_db.unwrap_or(track.gain_db);
                track.pan = pan.unwrap_or(track.pan);
                track.muted = muted.unwrap_or(track.muted);
                track.solo = solo.unwrap_or(track.solo);
            }
            O::AddClip {
                clip_id,
                track_id,
                upload_id,
                start,
                trim_start,
                trim_end,
                gain_db,
                fade_in,
                fade_out,
            } => {
                if self.clip_at(*clip_id).is_ok() {
                    return Err(EditError::IdInUse(clip_id.to_string()));
                }
                let facts = checks::upload(self.uploads, self.doc.session_id, *upload_id)?;
                let t = self.track_index(*track_id)?;
                self.doc.tracks[t].clips.push(Clip {
                    id: *clip_id,
                    upload_id: *upload_id,
                    start: *start,
                    trim_start: *trim_start,
                    trim_end: *trim_end,
                    gain_db: *gain_db,
                    fade_in: *fade_in,
                    fade_out: *fade_out,
                    source_length: facts.length,
                    changed_in: self.version,
                });
            }
            O::MoveClip {
                clip_id,
                start,
                track_id,
            } => {
                self.clip(*clip_id)?.start = *start;
                if let Some(to) = track_id {
                    let to = self.track_index(*to)?;
                    let (t, c) = self.clip_at(*clip_id)?;
                    let clip = self.doc.tracks[t].clips.remove(c);
                    self.doc.tracks[to].clips.push(clip);
                }
            }
            O::TrimClip {
                clip_id,
                trim_start,
                trim_end,
            } => {
                let clip = self.clip(*clip_id)?;
                clip.trim_start = *trim_start;
                clip.trim_end = *trim_end;
            }
            O::SetClip {
                clip_id,
                gain_db,
                fade_in,
                fade_out,
            } => {
                let clip = self.clip(*clip_id)?;
                clip.gain_db = gain_db.unwrap_or(clip.gain_db);
                clip.fade_in = fade_in.unwrap_or(clip.fade_in);
                clip.fade_out = fade_out.unwrap_or(clip.fade_out);
            }
            O::RemoveClip { clip_id } => {
                self.clip(*clip_id)?;
                let (t, c) = self.clip_at(*clip_id)?;
                self.doc.tracks[t].clips.remove(c);
                self.applied.removed_clips.push(*clip_id);
            }
            O::SetTempo { bpm } => {
                self.may_change(self.doc.changes.tempo, || "the tempo".into())?;
                self.doc.tempo = *bpm;
                self.doc.changes.tempo = self.version;
            }
            O::SetTimeSignature {
                beats_per_bar,
                beat_unit,
            } => {
                self.may_change(self.doc.changes.signature, || "the time signature".into())?;
                self.doc.time_signature =
                    super::TimeSignature::new((*beats_per_bar).into(), (*beat_unit).into())?;
                self.doc.changes.signature = self.version;
            }
            O::SetMasterGain { gain_db } => {
                self.may_change(self.doc.changes.master, || "the master gain".into())?;
                self.doc.master_gain_db = *gain_db;
                self.doc.changes.master = self.version;
            }
            O::Snapshot { name } => self.applied.snapshot = Some(name.clone()),
            O::Revert { to_version, .. } => self.revert(*to_version)?,
        }
        Ok(())
    }
}

#[path = "revert.rs"]
mod revert;

#[cfg(test)]
#[path = "edit_tests.rs"]
mod tests;
