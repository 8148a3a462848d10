//! Mastering an export: the mix is measured, brought to a loudness target by one gain,
//! held under a true-peak ceiling by a look-ahead limiter, and written as WAV or FLAC
//! at 44.1 or 48 kHz with TPDF dither. Separate stages after the mix, fed its f32
//! blocks.

mod flac;
mod format;
mod limiter;
mod options;
mod rate;
mod render;
mod sample_rate;

pub use format::{Format, FormatError};
pub use options::{AppliedMastering, Mastering, MasteringError, Target};
pub use render::{Delivery, Mixer, render_mastered};
pub use sample_rate::{SampleRate, SampleRateError};
