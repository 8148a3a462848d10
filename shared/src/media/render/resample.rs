//! A track brought to the output rate as a stream: rubato's FFT resampler (synchronous,
//! fixed ratio, high quality and fast) fed one chunk at a time, with its delay trimmed
//! and its length set to exactly `ceil(frames * out / in)`.

use audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Indexing, Resampler};

use super::RenderError;
use super::track::TrackSource;

const CHANNELS: usize = 2;
const CHUNK: usize = 1024;

/// Stereo frames of one track at the output rate.
pub(crate) struct Resampled {
    source: TrackSource,
    resampler: Option<Fft<f32>>,
    /// Source-rate frames waiting for a full chunk.
    pending: Vec<f32>,
    /// Output-rate frames ready to hand out, from `ready_at` on.
    ready: Vec<f32>,
    ready_at: usize,
    out_buf: Vec<f32>,
    to_trim: usize,
    frames_in: u64,
    frames_out: u64,
    rates: (u64, u64),
    source_done: bool,
    finished: bool,
}

impl Resampled {
    /// Wraps `source`, resampling when its rate is not `rate`.
    pub fn new(source: TrackSource, rate: u32) -> Result<Self, RenderError> {
        let resampler = (source.rate != rate)
            .then(|| {
                Fft::new(
                    source.rate as usize,
                    rate as usize,
                    CHUNK,
                    2,
                    CHANNELS,
                    FixedSync::Input,
                )
            })
            .transpose()
            .map_err(|e| RenderError::Resample(e.to_string()))?;
        let (out_max, to_trim) = resampler
            .as_ref()
            .map_or((0, 0), |r| (r.output_frames_max(), r.output_delay()));
        Ok(Self {
            rates: (u64::from(source.rate), u64::from(rate)),
            source,
            resampler,
            pending: Vec::new(),
            ready: Vec::new(),
            ready_at: 0,
            out_buf: vec![0.0; out_max * CHANNELS],
            to_trim,
            frames_in: 0,
            frames_out: 0,
            source_done: false,
            finished: false,
        })
    }

    /// Adds up to `frames` frames into `mix` (stereo, interleaved), each scaled by
    /// `gain`; returns how many it added. Fewer than asked means the track has ended.
    pub fn mix_into(&mut self, mix: &mut [f32], frames: usize, gain: f32) -> Result<usize, RenderError> {
        let taken = self.take(frames)?;
        mix.iter_mut().zip(taken).for_each(|(m, s)| *m += s * gain);
        Ok(taken.len() / CHANNELS)
    }

    /// The next up to `frames` frames (stereo, interleaved). Fewer than asked means the
    /// track has ended.
    pub fn take(&mut self, frames: usize) -> Result<&[f32], RenderError> {
        if self.ready_at > 1 << 16 {
            self.ready.drain(..self.ready_at);
            self.ready_at = 0;
        }
        while self.available() < frames && !self.finished {
            self.step()?;
        }
        let n = self.available().min(frames);
        let start = self.ready_at;
        self.ready_at += n * CHANNELS;
        Ok(&self.ready[start..start + n * CHANNELS])
    }

    fn available(&self) -> usize {
        (self.ready.len() - self.ready_at) / CHANNELS
    }

    /// Decodes or resamples one more piece.
    fn step(&mut self) -> Result<(), RenderError> {
        let Some(resampler) = self.resampler.as_mut() else {
            self.finished = !self.source.next_into(&mut self.ready)?;
            return Ok(());
        };
        let needed = resampler.input_frames_next();
        while self.pending.len() / CHANNELS < needed && !self.source_done {
            let before = self.pending.len();
            self.source_done = !self.source.next_into(&mut self.pending)?;
            self.frames_in += ((self.pending.len() - before) / CHANNELS) as u64;
        }
        let have = self.pending.len() / CHANNELS;
        let partial = (have < needed).then_some(have);
        let indexing = Indexing {
            input_offset: 0,
            output_offset: 0,
            partial_len: partial,
            active_channels_mask: None,
        };
        let frames_out_max = self.out_buf.len() / CHANNELS;
        let input = InterleavedSlice::new(&self.pending, CHANNELS, have)
            .map_err(|e| RenderError::Resample(e.to_string()))?;
        let mut output = InterleavedSlice::new_mut(&mut self.out_buf, CHANNELS, frames_out_max)
            .map_err(|e| RenderError::Resample(e.to_string()))?;
        let (used, produced) = resampler
            .process_into_buffer(&input, &mut output, Some(&indexing))
            .map_err(|e| RenderError::Resample(e.to_string()))?;
        self.pending.drain(..used.min(have) * CHANNELS);
        self.keep(produced);
        Ok(())
    }

    /// Keeps `produced` frames of output, minus the resampler's delay at the start and
    /// anything past the track's exact length at the end.
    fn keep(&mut self, produced: usize) {
        let trim = self.to_trim.min(produced);
        self.to_trim -= trim;
        let mut frames = (produced - trim) as u64;
        if self.source_done && self.pending.is_empty() {
            let (rate_in, rate_out) = self.rates;
            let expected = (self.frames_in * rate_out).div_ceil(rate_in);
            frames = frames.min(expected.saturating_sub(self.frames_out));
            self.finished = self.frames_out + frames >= expected;
        }
        let start = trim * CHANNELS;
        let end = start + frames as usize * CHANNELS;
        self.ready.extend_from_slice(&self.out_buf[start..end]);
        self.frames_out += frames;
    }
}
