//! Why an arrangement value or edit was refused: `ArrangementError` for a value or a
//! limit, `EditError` for a batch (which wraps it); each variant has its own code
//! (`error/codes.rs`, `api::arrangement`).

use super::limits::*;

/// An arrangement value or edit the studio refuses.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ArrangementError {
    #[error("gain must be a number of dB from {MIN_GAIN_DB} to {MAX_GAIN_DB}")]
    InvalidGain,
    #[error("pan must be a number from -1 (left) to 1 (right)")]
    InvalidPan,
    #[error("tempo must be a number of beats per minute from {MIN_TEMPO} to {MAX_TEMPO}")]
    InvalidTempo,
    #[error("a time signature has 1 to {MAX_BEATS_PER_BAR} beats of a unit in {BEAT_UNITS:?}")]
    InvalidTimeSignature,
    #[error("a track name has 1 to {MAX_TRACK_NAME_CHARS} characters without control characters")]
    InvalidTrackName,
    #[error("{field} must be a whole number of samples (48 kHz) from 0 to {max}")]
    InvalidTime { field: &'static str, max: u64 },
    #[error("a snapshot name has 1 to {MAX_TRACK_NAME_CHARS} characters without control characters")]
    InvalidSnapshotName,
    #[error("a clip's trim end must come after its trim start")]
    InvalidTrim,
    #[error("a clip's fades must fit in the clip together")]
    InvalidFades,
    #[error("a session has at most {MAX_TRACKS} tracks")]
    TooManyTracks,
    #[error("a session has at most {MAX_CLIPS} clips")]
    TooManyClips,
    #[error("the clip's upload belongs to another session")]
    UploadOfOtherSession,
    #[error("the clip's upload is not ready (its audio has not arrived or is not audio)")]
    UploadNotReady,
}

/// Why a batch did not apply; nothing of it is written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error(transparent)]
    Invalid(#[from] ArrangementError),
    #[error("{what} changed since version {base}; the arrangement is at version {current}")]
    Conflict { what: String, base: u64, current: u64 },
    #[error("baseVersion {base} is ahead of the arrangement's version {current}")]
    BaseAhead { base: u64, current: u64 },
    #[error("no {what} {id} in this arrangement")]
    Unknown { what: &'static str, id: String },
    #[error("the id {0} is already used")]
    IdInUse(String),
    #[error("version {0} of this arrangement is unknown or was not kept")]
    UnknownVersion(u64),
    #[error("a batch holds at most one {0}, and a revert only with a snapshot")]
    NotAlone(&'static str),
}
