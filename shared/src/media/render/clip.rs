//! One clip playing: its upload decoded from where the clip starts in it (a seek, not a
//! read of what comes before), brought to 48 kHz, cut to the clip's length, faded and
//! scaled into the mix.

use std::path::Path;

use super::RenderError;
use super::mix::OUTPUT_RATE;
use super::plan::PlannedClip;
use super::resample::Resampled;
use super::track::TrackSource;

/// Output frames decoded and dropped ahead of a trimmed clip of an upload that is
/// resampled: the resampler starts from silence, and its first output frames differ
/// from those of the whole upload resampled; 8192 frames (170 ms) is well past the FFT
/// resampler's settling (its delay is a few hundred frames).
const PREROLL: u64 = 8192;

/// A clip being mixed.
pub(crate) struct ClipPlayer {
    audio: Resampled,
    /// Output frames still to drop before the clip's first.
    skip: u64,
    /// The clip's next frame, counted from its start.
    at: u64,
    length: Option<u64>,
    fade_in: u64,
    fade_out: u64,
    gains: [f32; 2],
}

impl ClipPlayer {
    /// Opens `clip`'s upload at `path` at the clip's first frame. `scale` is the mix's
    /// share of each track (1/N); `index` names the upload in errors.
    pub fn open(clip: &PlannedClip, path: &Path, index: usize, scale: f32) -> Result<Self, RenderError> {
        let mut source = TrackSource::open(path, index)?;
        let (from, lands_at) = seek_point(clip.trim_start, source.rate);
        source.seek(from)?;
        // Folded as f32 with the scale last, so a unity clip gets exactly 1/N.
        let gains = clip.gains.map(|g| scale * g as f32);
        Ok(Self {
            audio: Resampled::new(source, OUTPUT_RATE)?,
            skip: clip.trim_start - lands_at,
            at: 0,
            length: clip.length,
            fade_in: clip.fade_in,
            fade_out: clip.fade_out,
            gains,
        })
    }

    /// Adds up to `frames` of the clip's next frames into `mix` (stereo, interleaved);
    /// returns how many it added and whether the clip has ended.
    pub fn mix_into(&mut self, mix: &mut [f32], frames: usize) -> Result<(usize, bool), RenderError> {
        while self.skip > 0 {
            let dropped = self.audio.take(self.skip.min(1 << 14) as usize)?.len() / 2;
            if dropped == 0 {
                return Ok((0, true));
            }
            self.skip -= dropped as u64;
        }
        let left = self.length.map_or(u64::MAX, |l| l - self.at);
        let wanted = (frames as u64).min(left) as usize;
        let taken = self.audio.take(wanted)?;
        let n = taken.len() / 2;
        for (i, (frame, out)) in taken.chunks_exact(2).zip(mix.chunks_exact_mut(2)).enumerate() {
            let fade = fade(self.at + i as u64, self.length, self.fade_in, self.fade_out);
            // Outside fades the factor is the gain itself, unrounded by a multiply.
            let [l, r] = if fade == 1.0 {
                self.gains
            } else {
                self.gains.map(|g| g * fade)
            };
            out[0] += frame[0] * l;
            out[1] += frame[1] * r;
        }
        self.at += n as u64;
        let ended = n < wanted || Some(self.at) == self.length;
        Ok((n, ended))
    }
}

/// The linear fade factor of a clip's frame `at`: from 0 at the clip's first frame up
/// to 1 after `fade_in` frames, and down to 0 at its last frame over `fade_out` frames.
/// A clip whose length is unknown has no fade-out.
pub fn fade(at: u64, length: Option<u64>, fade_in: u64, fade_out: u64) -> f32 {
    let mut factor = 1.0;
    if at < fade_in {
        factor = at as f64 / fade_in as f64;
    }
    if let Some(length) = length {
        let left = length - 1 - at.min(length - 1);
        if left < fade_out {
            factor *= left as f64 / fade_out as f64;
        }
    }
    factor as f32
}

/// Where to start decoding an upload at `rate` for output frame `trim_start`: the
/// source frame to seek to, and the output frame it lands on. At 48 kHz that is the
/// frame itself. Otherwise a source frame whose output time is a whole output frame
/// (a multiple of rate/gcd(rate, 48000)), at least [`PREROLL`] output frames earlier,
/// so the resampled frames fall on the timeline's grid exactly and the resampler has
/// settled by the clip's first frame.
pub fn seek_point(trim_start: u64, rate: u32) -> (u64, u64) {
    if rate == OUTPUT_RATE || trim_start == 0 {
        return (trim_start * u64::from(rate) / u64::from(OUTPUT_RATE), trim_start);
    }
    let common = gcd(u64::from(rate), u64::from(OUTPUT_RATE));
    let (source_step, output_step) = (u64::from(rate) / common, u64::from(OUTPUT_RATE) / common);
    let steps = trim_start.saturating_sub(PREROLL) / output_step;
    (steps * source_step, steps * output_step)
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fades_are_linear_from_and_to_silence() {
        assert_eq!(fade(0, Some(100), 10, 0), 0.0);
        assert_eq!(fade(5, Some(100), 10, 0), 0.5);
        assert_eq!(fade(10, Some(100), 10, 0), 1.0);
        assert_eq!(fade(99, Some(100), 0, 10), 0.0);
        assert_eq!(fade(94, Some(100), 0, 10), 0.5);
        assert_eq!(fade(89, Some(100), 0, 10), 1.0);
        assert_eq!(fade(5, None, 0, 10), 1.0);
    }

    #[test]
    fn a_seek_lands_on_the_timeline_grid_far_enough_ahead() {
        assert_eq!(seek_point(12_345, 48_000), (12_345, 12_345));
        let (from, lands) = seek_point(48_000, 44_100);
        assert_eq!(from * 48_000, lands * 44_100, "a whole output frame");
        assert!(lands <= 48_000 - PREROLL && lands > 48_000 - PREROLL - 160);
        assert_eq!(seek_point(100, 44_100), (0, 0));
    }
}
