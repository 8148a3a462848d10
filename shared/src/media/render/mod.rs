//! Rendering a session's audio: decode each clip (or, for `render_to_wav`, each whole
//! upload) as a stream, resample and map it to stereo at 48 kHz, scale, sum, and hand
//! the mix on. Memory stays bounded by a few blocks per clip playing, whatever the
//! uploads' length.

mod arranged;
mod clip;
mod mix;
mod plan;
mod resample;
mod track;

pub use arranged::mix_plan;
pub(crate) use mix::within;
pub use mix::{Mixed, OUTPUT_CHANNELS, OUTPUT_RATE, RenderBounds, Rendered, mix_blocks, render_to_wav};
pub use plan::{PlannedClip, RenderPlan, pan_law};

/// A render that could not finish.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("track {track} cannot be decoded: {detail}")]
    Decode { track: usize, detail: String },
    #[error("resampling failed: {0}")]
    Resample(String),
    #[error("writing the WAV failed: {0}")]
    Write(String),
    #[error("the export would last longer than {seconds} s")]
    TooLong { seconds: u64 },
    #[error("the render did not finish in the time an export may take")]
    Deadline,
    #[error("the loudness meter does not take the output layout")]
    Meter,
}
