//! The arrangement's limits, with their reasons (docs/arrangement.md lists them). The
//! migration's CHECKs repeat them, so no writer can store what these refuse.

/// Every arrangement time is a whole number of samples at this rate: the export's.
pub const TIMELINE_RATE: u32 = 48_000;
/// Tracks per session: twice the export's 32-track cap, so a band can keep alternate
/// takes muted; an upload arriving after the 64th is not arranged.
pub const MAX_TRACKS: usize = 64;
/// Clips per session (all tracks): bounds a document's size (a few hundred KB of JSON)
/// and the work of one read or edit.
pub const MAX_CLIPS: usize = 512;
/// Longest track name, in characters.
pub const MAX_TRACK_NAME_CHARS: usize = 80;
/// Latest clip start: the export's 20-minute cap, in samples.
pub const MAX_START: u64 = 20 * 60 * TIMELINE_RATE as u64;
/// Gains (clip, track, master), in dB: -60 dB is inaudible under the 16-bit output's
/// noise floor in a mix; +12 dB is as much boost as a fader gives.
pub const MIN_GAIN_DB: f64 = -60.0;
/// See [`MIN_GAIN_DB`].
pub const MAX_GAIN_DB: f64 = 12.0;
/// Tempo range, in beats per minute.
pub const MIN_TEMPO: f64 = 20.0;
/// See [`MIN_TEMPO`].
pub const MAX_TEMPO: f64 = 400.0;
/// Most beats in a bar.
pub const MAX_BEATS_PER_BAR: u8 = 32;
/// The note values a beat may be.
pub const BEAT_UNITS: [u8; 6] = [1, 2, 4, 8, 16, 32];
