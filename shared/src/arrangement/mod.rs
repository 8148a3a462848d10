//! The arrangement: a session's song as a versioned document everyone edits. Tempo,
//! time signature and master gain; tracks (gain, pan, mute, solo) in order; clips placing
//! a stretch of a ready upload of the session on a track. Times are whole samples at 48
//! kHz. A ready upload arrives as a new track with one clip at 0 (the migration's
//! trigger does it in the same transaction). See docs/arrangement.md.

mod checks;
mod edit;
mod envelope;
mod error;
mod limits;
mod model;
mod ops;
mod ports;
mod time;
mod values;

pub use edit::{Applied, apply, apply_with};
pub use envelope::changed_envelope;
pub use error::{ArrangementError, EditError};
pub use limits::*;
pub use model::{Arrangement, Clip, FieldChanges, Track};
pub use ops::{MAX_OPERATIONS, Operation, RawOperation};
pub use ports::{
    Announce, ArrangementStore, Author, Change, ChangesQuery, Edited, ForkError, ForkOf, ForkStore,
    UploadFacts,
};
pub use time::bars_beats;
pub use values::{ClipId, GainDb, Pan, Samples, SnapshotName, Tempo, TimeSignature, TrackId, TrackName};
