//! Loudness as EBU R128 / ITU-R BS.1770-4 defines it, measured with the `ebur128` crate
//! (a port of libebur128) while audio streams past: integrated loudness, loudness range,
//! the loudest short-term window and the true (oversampled) peak. The gating blocks
//! are kept exactly (one `f64` per 100 ms for each of the integrated and range gates,
//! about 1.2 MB for the two hours any analysis stops at), not in the crate's histogram
//! mode, whose 0.1 LU bins put a sine at -23 dBFS at -22.95 LUFS.

use ebur128::{EbuR128, Mode};
use serde::{Deserialize, Serialize};

/// The loudness of a track or a mix. Levels of silence (minus infinity) are `None`, as
/// JSON has no infinity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Loudness {
    /// Integrated (gated) loudness, LUFS.
    pub integrated_lufs: Option<f64>,
    /// Loudness range (EBU Tech 3342), LU.
    pub loudness_range_lu: f64,
    /// The loudest 3-second (short-term) window, LUFS, read every 100 ms.
    pub max_short_term_lufs: Option<f64>,
    /// The highest true peak of any channel, dBTP (4× oversampled below 96 kHz).
    pub true_peak_dbtp: Option<f64>,
}

/// Short-term loudness is read this many times a second (EBU Tech 3341 asks for at
/// least 10).
const SHORT_TERM_READS_PER_SECOND: u32 = 10;

/// A meter fed interleaved frames as they are decoded or mixed.
pub struct LoudnessMeter {
    meter: EbuR128,
    channels: usize,
    /// Frames between two short-term reads, and frames since the last one.
    read_every: usize,
    since_read: usize,
    max_short_term: f64,
}

impl LoudnessMeter {
    /// A meter for `channels` interleaved channels at `rate` Hz; `None` for a layout
    /// the meter cannot take (no channels, over 64, or a rate out of its range).
    /// Channels follow BS.1770's default map: left, right, centre, (LFE, unweighted
    /// out), surrounds; a mono track is measured as the one channel it is.
    pub fn new(channels: usize, rate: u32) -> Option<Self> {
        let mode = Mode::I | Mode::LRA | Mode::S | Mode::TRUE_PEAK;
        let meter = EbuR128::new(u32::try_from(channels).ok()?, rate, mode).ok()?;
        Some(Self {
            meter,
            channels,
            read_every: (rate / SHORT_TERM_READS_PER_SECOND).max(1) as usize,
            since_read: 0,
            max_short_term: f64::NEG_INFINITY,
        })
    }

    /// Adds interleaved samples (whole frames), reading the short-term loudness at
    /// each 100 ms boundary they cross.
    pub fn push(&mut self, samples: &[f32]) {
        let mut rest = samples;
        while !rest.is_empty() {
            let frames = (rest.len() / self.channels).min(self.read_every - self.since_read);
            if frames == 0 {
                return;
            }
            let (now, later) = rest.split_at(frames * self.channels);
            // The only error is a slice that is not whole frames, ruled out above.
            let _ = self.meter.add_frames_f32(now);
            self.since_read += frames;
            if self.since_read == self.read_every {
                self.since_read = 0;
                if let Ok(st) = self.meter.loudness_shortterm() {
                    self.max_short_term = self.max_short_term.max(st);
                }
            }
            rest = later;
        }
    }

    /// The figures of everything pushed.
    pub fn finish(self) -> Loudness {
        let peak = (0..self.channels as u32)
            .filter_map(|c| self.meter.true_peak(c).ok())
            .fold(0.0f64, f64::max);
        Loudness {
            integrated_lufs: level(self.meter.loudness_global().ok()),
            loudness_range_lu: round(self.meter.loudness_range().unwrap_or(0.0).max(0.0)),
            max_short_term_lufs: level(Some(self.max_short_term)),
            true_peak_dbtp: level(Some(20.0 * peak.log10())),
        }
    }
}

/// A level in dB, rounded to hundredths; silence (or no value) is `None`.
fn level(db: Option<f64>) -> Option<f64> {
    db.filter(|v| v.is_finite()).map(round)
}

fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::TAU;

    fn sine(rate: u32, seconds: f64, dbfs: f64, channels: usize) -> Vec<f32> {
        let amplitude = 10f64.powf(dbfs / 20.0);
        (0..(f64::from(rate) * seconds) as usize)
            .flat_map(|i| {
                let v = (amplitude * (TAU * 1000.0 * i as f64 / f64::from(rate)).sin()) as f32;
                std::iter::repeat_n(v, channels)
            })
            .collect()
    }

    #[test]
    fn a_stereo_sine_at_minus_23_dbfs_measures_minus_23_lufs_in_odd_sized_pushes() {
        let mut meter = LoudnessMeter::new(2, 48_000).unwrap();
        let signal = sine(48_000, 10.0, -23.0, 2);
        for chunk in signal.chunks(2 * 1_234) {
            meter.push(chunk);
        }
        let loudness = meter.finish();
        let integrated = loudness.integrated_lufs.unwrap();
        assert!((integrated + 23.0).abs() < 0.1, "{loudness:?}");
        let short = loudness.max_short_term_lufs.unwrap();
        assert!((short + 23.0).abs() < 0.1, "{loudness:?}");
        let peak = loudness.true_peak_dbtp.unwrap();
        assert!((peak + 23.0).abs() < 0.2, "{loudness:?}");
    }

    #[test]
    fn silence_has_no_levels_and_no_range() {
        let mut meter = LoudnessMeter::new(1, 44_100).unwrap();
        meter.push(&vec![0.0; 44_100 * 5]);
        let loudness = meter.finish();
        assert_eq!(loudness.integrated_lufs, None);
        assert_eq!(loudness.true_peak_dbtp, None);
        assert_eq!(loudness.max_short_term_lufs, None);
        assert_eq!(loudness.loudness_range_lu, 0.0);
    }

    #[test]
    fn a_layout_the_meter_cannot_take_gets_no_meter() {
        assert!(LoudnessMeter::new(0, 48_000).is_none());
        assert!(LoudnessMeter::new(65, 48_000).is_none());
        assert!(LoudnessMeter::new(2, 8_000).is_some());
    }
}
