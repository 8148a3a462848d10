//! Rendering a session's uploads into one WAV: decode each track as a stream, resample
//! and map it to the output format, sum, and write. Memory stays bounded by a few
//! blocks per track, whatever the tracks' length.

mod mix;
mod resample;
mod track;

pub(crate) use mix::within;
pub use mix::{Mixed, OUTPUT_CHANNELS, OUTPUT_RATE, RenderBounds, Rendered, mix_blocks, render_to_wav};

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
