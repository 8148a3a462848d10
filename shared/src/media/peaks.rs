//! Waveform peaks: the lowest and highest sample of each of a few hundred stretches of
//! a track, per channel, computed once when audio is stored so a page can draw it.
//! The builder keeps at most twice the buckets shown; decoding is in `analysis`.

use serde::{Deserialize, Serialize};

/// At most this many `[min, max]` pairs per channel.
pub const PEAK_BUCKETS: usize = 200;
/// Channels beyond the first two are not drawn (a stereo view is what a room shows).
pub const PEAK_CHANNELS: usize = 2;
/// Decoding stops after this many seconds of audio: a container that under-reports its
/// length cannot make computing peaks unbounded work. Peaks then cover that much.
pub const PEAK_MAX_SECONDS: u64 = 2 * 60 * 60;

/// A track's waveform: per channel shown, `[min, max]` pairs flattened
/// (`min0, max0, min1, max1, …`), each in -1.0..=1.0 rounded to 3 decimals, every pair
/// covering `framesPerBucket` frames of the audio at its own rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Peaks {
    pub frames_per_bucket: u64,
    /// `f64` so the rounded values stay short in JSON (an `f32` widens to 0.8999999761…).
    pub channels: Vec<Vec<f64>>,
}

/// Peaks gathered from interleaved frames as they are decoded. Buckets start `span`
/// frames wide; when twice [`PEAK_BUCKETS`] are full, neighbours merge and the span
/// doubles, so any length fits in bounded memory.
pub struct PeakBuilder {
    /// Channels in the interleaved input.
    input: usize,
    span: u64,
    filled: u64,
    current: Vec<(f32, f32)>,
    buckets: Vec<Vec<(f32, f32)>>,
}

impl PeakBuilder {
    /// A builder for `channels` interleaved channels; `frames` is the expected length,
    /// if known, so the buckets start at their final width.
    pub fn new(channels: usize, frames: Option<u64>) -> Self {
        let shown = channels.clamp(1, PEAK_CHANNELS);
        let span = frames.map_or(1, |n| n.div_ceil(PEAK_BUCKETS as u64).max(1));
        Self {
            input: channels.max(1),
            span,
            filled: 0,
            current: vec![EMPTY; shown],
            buckets: vec![Vec::with_capacity(2 * PEAK_BUCKETS); shown],
        }
    }

    /// Adds interleaved samples (whole frames).
    pub fn push(&mut self, samples: &[f32]) {
        for frame in samples.chunks_exact(self.input) {
            for (slot, &s) in self.current.iter_mut().zip(frame) {
                *slot = (slot.0.min(s), slot.1.max(s));
            }
            self.filled += 1;
            if self.filled == self.span {
                self.close();
            }
        }
    }

    fn close(&mut self) {
        for (bucket, slot) in self.buckets.iter_mut().zip(&mut self.current) {
            bucket.push(std::mem::replace(slot, EMPTY));
        }
        self.filled = 0;
        if self.buckets[0].len() >= 2 * PEAK_BUCKETS {
            self.halve();
        }
    }

    fn halve(&mut self) {
        for bucket in &mut self.buckets {
            *bucket = bucket
                .chunks(2)
                .map(|pair| pair.iter().fold(EMPTY, |a, b| (a.0.min(b.0), a.1.max(b.1))))
                .collect();
        }
        self.span *= 2;
    }

    /// The peaks of everything pushed.
    pub fn finish(mut self) -> Peaks {
        if self.filled > 0 {
            self.close();
        }
        if self.buckets[0].len() > PEAK_BUCKETS {
            self.halve();
        }
        let round = |x: f32| (f64::from(x.clamp(-1.0, 1.0)) * 1000.0).round() / 1000.0;
        Peaks {
            frames_per_bucket: self.span,
            channels: self
                .buckets
                .into_iter()
                .map(|b| {
                    b.into_iter()
                        .flat_map(|(lo, hi)| [round(lo), round(hi)])
                        .collect()
                })
                .collect(),
        }
    }
}

const EMPTY: (f32, f32) = (f32::INFINITY, f32::NEG_INFINITY);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_track_keeps_at_most_the_bucket_count_whatever_its_length() {
        let mut builder = PeakBuilder::new(1, None);
        let ramp: Vec<f32> = (0..100_003).map(|i| (i % 1000) as f32 / 1000.0).collect();
        builder.push(&ramp);
        let peaks = builder.finish();
        let pairs = peaks.channels[0].len() / 2;
        assert!(
            (PEAK_BUCKETS / 2..=PEAK_BUCKETS).contains(&pairs),
            "{pairs} pairs"
        );
        let highest = peaks.channels[0].iter().cloned().fold(f64::MIN, f64::max);
        assert_eq!(highest, 0.999);
    }

    #[test]
    fn only_the_first_two_channels_are_kept_and_each_has_its_own_extremes() {
        let mut builder = PeakBuilder::new(3, Some(400));
        let frames: Vec<f32> = (0..400).flat_map(|_| [0.5, -0.25, 0.9]).collect();
        builder.push(&frames);
        let peaks = builder.finish();
        assert_eq!(peaks.channels.len(), 2);
        assert_eq!(peaks.channels[0].len(), 2 * PEAK_BUCKETS);
        assert_eq!(&peaks.channels[1][..2], &[-0.25, -0.25]);
        assert_eq!(peaks.frames_per_bucket, 2);
    }
}
