//! A look-ahead true-peak limiter for stereo frames: whatever gain went before it, no
//! oversampled peak of its output passes the ceiling.
//!
//! - Detection: each channel is upsampled 4× by a 49-tap windowed-sinc interpolator
//!   (the oversampling BS.1770-4 asks of a true-peak meter); a frame's peak is the
//!   largest of its 8 interpolated values and of its neighbour's, so a peak between
//!   two samples counts for both.
//! - Look-ahead: 5 ms. The gain a sample needs is the minimum of what every sample in
//!   the next 5 ms needs (a sliding minimum), then averaged over 5 ms: each average
//!   only takes minimums whose window holds the sample itself, so the gain never rises
//!   above what the sample needs, and it falls in a 5 ms ramp (the attack) rather than
//!   a step, which would click.
//! - Release: after a peak the gain recovers exponentially with a 100 ms time constant.
//! - It aims 0.1 dB under the ceiling (`MARGIN_DB`).
//! - The audio is delayed by the look-ahead plus the interpolator's 6 samples; `finish`
//!   drains the delay, so as many frames come out as went in.

use std::collections::VecDeque;

/// Taps of the 4× interpolator, and its delay in input samples.
const TAPS: usize = 49;
const PHASES: usize = 4;
const DETECT_DELAY: usize = (TAPS - 1) / 2 / PHASES;
/// Look-ahead (the attack) and release, seconds.
pub const LOOKAHEAD_SECONDS: f64 = 0.005;
pub const RELEASE_SECONDS: f64 = 0.1;
/// The limiter aims this far under the ceiling, dB: room for the rounding of the gain
/// and for a gain that moves while a peak between two samples is being made.
pub const MARGIN_DB: f64 = 0.1;

pub struct Limiter {
    ceiling: f32,
    kernel: [f32; TAPS],
    /// The last input samples of each channel, newest first.
    history: [VecDeque<f32>; 2],
    previous_peak: f32,
    /// Frames waiting for their gain.
    delay: VecDeque<[f32; 2]>,
    /// Needed gains inside the sliding-minimum window, as a monotonic queue of
    /// (index, gain), and the index of the next one.
    window: VecDeque<(u64, f32)>,
    needed: u64,
    lookahead: usize,
    released: f32,
    release: f32,
    /// The last `lookahead` released gains and their sum (the moving average).
    averaged: VecDeque<f32>,
    sum: f64,
    /// Frames in, frames out, and the lowest gain applied.
    taken: u64,
    given: u64,
    lowest: f32,
    /// Whether the silent lead-in was fed, and how many of its frames are still to be
    /// dropped from the output.
    primed: bool,
    lead_in: usize,
}

impl Limiter {
    /// A limiter holding true peaks at or below `ceiling` (linear) at `rate` Hz.
    pub fn new(ceiling: f32, rate: u32) -> Self {
        let lookahead = ((LOOKAHEAD_SECONDS * f64::from(rate)) as usize).max(1);
        let release = 1.0 - (-1.0 / (RELEASE_SECONDS * f64::from(rate))).exp() as f32;
        Self {
            ceiling: ceiling * 10f64.powf(-MARGIN_DB / 20.0) as f32,
            kernel: kernel(),
            history: [zeros(TAPS / PHASES + 1), zeros(TAPS / PHASES + 1)],
            previous_peak: 0.0,
            delay: VecDeque::new(),
            window: VecDeque::new(),
            needed: 0,
            lookahead,
            released: 1.0,
            release,
            averaged: std::iter::repeat_n(1.0, lookahead).collect(),
            sum: lookahead as f64,
            taken: 0,
            given: 0,
            lowest: 1.0,
            primed: false,
            lead_in: lookahead - 1,
        }
    }

    /// Limits interleaved stereo `input`, appending what is ready to `out`.
    pub fn process(&mut self, input: &[f32], out: &mut Vec<f32>) {
        // The averaged gain of the first sample takes minimums of windows that start
        // before it; feeding silence ahead makes those windows real, so they hold the
        // first samples' needs too.
        if !self.primed {
            self.primed = true;
            for _ in 0..self.lead_in {
                self.step([0.0, 0.0], out);
            }
        }
        for frame in input.chunks_exact(2) {
            self.taken += 1;
            self.step([frame[0], frame[1]], out);
        }
    }

    /// Drains the delay: the last frames, limited like the others.
    pub fn finish(&mut self, out: &mut Vec<f32>) {
        for _ in 0..self.lookahead + DETECT_DELAY {
            self.step([0.0, 0.0], out);
        }
    }

    /// The deepest gain reduction applied so far, dB (0 when none).
    pub fn max_reduction_db(&self) -> f64 {
        -20.0 * f64::from(self.lowest).log10()
    }

    fn step(&mut self, frame: [f32; 2], out: &mut Vec<f32>) {
        self.delay.push_back(frame);
        let peak = self.detect(frame);
        let both = peak.max(self.previous_peak);
        self.previous_peak = peak;
        // The first frames detected belong to samples before the start (silence).
        if self.delay.len() <= DETECT_DELAY {
            return;
        }
        let need = if both > self.ceiling {
            self.ceiling / both
        } else {
            1.0
        };
        self.push_needed(need);
        if self.needed < self.lookahead as u64 {
            return;
        }
        let minimum = self.window.front().map_or(1.0, |w| w.1);
        self.released = minimum.min(self.released + (1.0 - self.released) * self.release);
        self.sum += f64::from(self.released) - f64::from(self.averaged.pop_front().unwrap_or(1.0));
        self.averaged.push_back(self.released);
        let gain = ((self.sum / self.lookahead as f64) as f32).min(1.0);
        let Some([l, r]) = self.delay.pop_front() else {
            return;
        };
        if self.lead_in > 0 {
            self.lead_in -= 1;
        } else if self.given < self.taken {
            self.given += 1;
            self.lowest = self.lowest.min(gain);
            out.extend_from_slice(&[l * gain, r * gain]);
        }
    }

    /// Adds a needed gain to the sliding-minimum window of `lookahead` entries.
    fn push_needed(&mut self, need: f32) {
        let index = self.needed;
        self.needed += 1;
        while self.window.back().is_some_and(|w| w.1 >= need) {
            self.window.pop_back();
        }
        self.window.push_back((index, need));
        let oldest = (index + 1).saturating_sub(self.lookahead as u64);
        while self.window.front().is_some_and(|w| w.0 < oldest) {
            self.window.pop_front();
        }
    }

    /// The largest magnitude of the frame's 4× interpolated values, on both channels;
    /// it belongs to the sample `DETECT_DELAY` frames back.
    fn detect(&mut self, frame: [f32; 2]) -> f32 {
        let mut peak = 0.0f32;
        for (history, sample) in self.history.iter_mut().zip(frame) {
            history.pop_back();
            history.push_front(sample);
            for phase in 0..PHASES {
                let mut y = 0.0f32;
                for (k, x) in history.iter().enumerate() {
                    if let Some(h) = self.kernel.get(k * PHASES + phase) {
                        y += h * x;
                    }
                }
                peak = peak.max(y.abs());
            }
        }
        peak
    }
}

fn zeros(n: usize) -> VecDeque<f32> {
    std::iter::repeat_n(0.0, n).collect()
}

/// A 4× interpolating low-pass: a sinc cut at the input's Nyquist, Hann-windowed, with
/// a gain of 4 so each phase passes the signal at unity.
fn kernel() -> [f32; TAPS] {
    let centre = (TAPS - 1) as f64 / 2.0;
    let mut h = [0.0f32; TAPS];
    for (n, tap) in h.iter_mut().enumerate() {
        let x = (n as f64 - centre) / PHASES as f64;
        let sinc = if x == 0.0 {
            1.0
        } else {
            (std::f64::consts::PI * x).sin() / (std::f64::consts::PI * x)
        };
        let window = 0.5 - 0.5 * (2.0 * std::f64::consts::PI * n as f64 / (TAPS - 1) as f64).cos();
        *tap = (sinc * window) as f32;
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(input: &[f32], ceiling: f32) -> (Vec<f32>, f64) {
        let mut limiter = Limiter::new(ceiling, 48_000);
        let mut out = Vec::new();
        for block in input.chunks(2 * 1000) {
            limiter.process(block, &mut out);
        }
        limiter.finish(&mut out);
        (out, limiter.max_reduction_db())
    }

    #[test]
    fn a_quiet_signal_passes_unchanged_and_as_long_as_it_came() {
        let input: Vec<f32> = (0..9_601)
            .flat_map(|i| [(i as f32 * 0.01).sin() * 0.3; 2])
            .collect();
        let (out, reduction) = limit(&input, 0.9);
        assert_eq!(out.len(), input.len());
        assert_eq!(reduction, 0.0);
        assert!(out.iter().zip(&input).all(|(a, b)| (a - b).abs() < 1e-6));
    }

    #[test]
    fn a_full_scale_sine_from_the_very_first_sample_stays_under_the_ceiling() {
        let input: Vec<f32> = (0..4_800)
            .flat_map(|i| [(i as f32 * 0.13 + 1.0).sin(); 2])
            .collect();
        let (out, _) = limit(&input, 0.7);
        let highest = out.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        assert!(highest <= 0.7, "{highest}");
    }

    #[test]
    fn a_burst_four_times_over_the_ceiling_stays_under_it_from_its_first_sample() {
        let mut input = vec![0.0f32; 2 * 4_800];
        let burst: Vec<f32> = (0..4_800)
            .flat_map(|i| [(i as f32 * 0.3).sin() * 3.6; 2])
            .collect();
        input.extend(burst);
        let (out, reduction) = limit(&input, 0.9);
        assert_eq!(out.len(), input.len());
        let highest = out.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        assert!(highest <= 0.9, "{highest}");
        assert!(reduction > 11.0, "{reduction}");
    }
}
