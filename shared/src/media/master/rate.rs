//! The mix brought from the render's 48 kHz to the rate an export is delivered at, as
//! a stream: rubato's FFT resampler (the one tracks are resampled with) fed one chunk
//! at a time, its delay trimmed and its length set to exactly
//! `ceil(frames * to / from)`, so the delivered file starts on the mix's first sample
//! and ends with its last.

use audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Indexing, Resampler};

use crate::media::render::RenderError;

const CHANNELS: usize = 2;
const CHUNK: usize = 1024;

/// A stereo stream converted from one rate to another (or passed through when they
/// are the same).
pub struct RateConverter {
    resampler: Option<Fft<f32>>,
    /// Input frames waiting for a full chunk.
    pending: Vec<f32>,
    out_buf: Vec<f32>,
    to_trim: usize,
    frames_in: u64,
    frames_out: u64,
    rates: (u64, u64),
}

impl RateConverter {
    /// A converter from `from` Hz to `to` Hz.
    pub fn new(from: u32, to: u32) -> Result<Self, RenderError> {
        let resampler = (from != to)
            .then(|| Fft::new(from as usize, to as usize, CHUNK, 2, CHANNELS, FixedSync::Input))
            .transpose()
            .map_err(|e| RenderError::Resample(e.to_string()))?;
        let (out_max, to_trim) = resampler
            .as_ref()
            .map_or((0, 0), |r| (r.output_frames_max(), r.output_delay()));
        Ok(Self {
            resampler,
            pending: Vec::new(),
            out_buf: vec![0.0; out_max * CHANNELS],
            to_trim,
            frames_in: 0,
            frames_out: 0,
            rates: (u64::from(from), u64::from(to)),
        })
    }

    /// Converts interleaved stereo `input`, appending what is ready to `out`.
    pub fn push(&mut self, input: &[f32], out: &mut Vec<f32>) -> Result<(), RenderError> {
        self.frames_in += (input.len() / CHANNELS) as u64;
        if self.resampler.is_none() {
            out.extend_from_slice(input);
            self.frames_out = self.frames_in;
            return Ok(());
        }
        self.pending.extend_from_slice(input);
        while self.pending.len() / CHANNELS >= self.next_needed() {
            self.step(out)?;
        }
        Ok(())
    }

    /// Converts what is left, padding with silence to drain the resampler's delay, up to
    /// exactly the converted length.
    pub fn finish(&mut self, out: &mut Vec<f32>) -> Result<(), RenderError> {
        while self.frames_out < self.expected() {
            self.step(out)?;
        }
        Ok(())
    }

    /// Frames the converted stream has so far.
    pub fn frames_out(&self) -> u64 {
        self.frames_out
    }

    /// `ceil(frames_in * to / from)`: as long as the input, at the new rate.
    fn expected(&self) -> u64 {
        let (from, to) = self.rates;
        (self.frames_in * to).div_ceil(from)
    }

    fn next_needed(&self) -> usize {
        self.resampler.as_ref().map_or(0, |r| r.input_frames_next())
    }

    /// Runs one chunk (a short one, padded with silence, at the end).
    fn step(&mut self, out: &mut Vec<f32>) -> Result<(), RenderError> {
        let resample = |e: &dyn std::fmt::Display| RenderError::Resample(e.to_string());
        let Some(resampler) = self.resampler.as_mut() else {
            return Ok(());
        };
        let needed = resampler.input_frames_next();
        let have = self.pending.len() / CHANNELS;
        let indexing = Indexing {
            input_offset: 0,
            output_offset: 0,
            partial_len: (have < needed).then_some(have),
            active_channels_mask: None,
        };
        let frames_out_max = self.out_buf.len() / CHANNELS;
        let input = InterleavedSlice::new(&self.pending, CHANNELS, have).map_err(|e| resample(&e))?;
        let mut output = InterleavedSlice::new_mut(&mut self.out_buf, CHANNELS, frames_out_max)
            .map_err(|e| resample(&e))?;
        let (used, produced) = resampler
            .process_into_buffer(&input, &mut output, Some(&indexing))
            .map_err(|e| resample(&e))?;
        self.pending.drain(..used.min(have) * CHANNELS);
        let trim = self.to_trim.min(produced);
        self.to_trim -= trim;
        let room = self.expected().saturating_sub(self.frames_out);
        let frames = ((produced - trim) as u64).min(room) as usize;
        out.extend_from_slice(&self.out_buf[trim * CHANNELS..(trim + frames) * CHANNELS]);
        self.frames_out += frames as u64;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(input: &[f32], from: u32, to: u32, piece: usize) -> Vec<f32> {
        let mut converter = RateConverter::new(from, to).unwrap();
        let mut out = Vec::new();
        for block in input.chunks(piece * 2) {
            converter.push(block, &mut out).unwrap();
        }
        converter.finish(&mut out).unwrap();
        assert_eq!(converter.frames_out() as usize * 2, out.len());
        out
    }

    #[test]
    fn a_second_at_48_khz_becomes_exactly_a_second_at_44_1_khz_with_its_tone_in_place() {
        let tone =
            |rate: f64, i: usize| (2.0 * std::f64::consts::PI * 1000.0 * i as f64 / rate).sin() as f32 * 0.5;
        let input: Vec<f32> = (0..48_001).flat_map(|i| [tone(48_000.0, i); 2]).collect();
        let out = convert(&input, 48_000, 44_100, 4096);
        assert_eq!(out.len() / 2, 44_101, "ceil(48001 * 44100 / 48000)");
        // Away from the edges, the output is the same tone sampled at 44.1 kHz: the
        // resampler's delay was trimmed, so nothing is shifted.
        let worst = (1_000..43_000)
            .map(|i| (f64::from(out[2 * i]) - f64::from(tone(44_100.0, i))).abs())
            .fold(0.0, f64::max);
        assert!(worst < 1e-3, "{worst}");
    }

    #[test]
    fn the_same_rate_passes_the_samples_through_untouched() {
        let input: Vec<f32> = (0..5_000).map(|i| (i as f32 * 0.37).sin()).collect();
        assert!(convert(&input, 48_000, 48_000, 1000) == input);
    }

    #[test]
    fn a_stream_shorter_than_one_chunk_still_comes_out_at_its_scaled_length() {
        let input = vec![0.25f32; 2 * 100];
        assert_eq!(convert(&input, 48_000, 44_100, 7).len() / 2, 92);
    }
}
