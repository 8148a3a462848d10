//! Mastering an export: the mix is measured, brought to a loudness target by one gain,
//! held under a true-peak ceiling by a look-ahead limiter, and written as 16-bit WAV
//! with TPDF dither. Separate stages after the mix, fed its f32 blocks.

mod format;
mod limiter;
mod options;
mod render;

pub use format::{Format, FormatError};
pub use options::{AppliedMastering, Mastering, MasteringError, Target};
pub use render::{Mixer, render_mastered};
