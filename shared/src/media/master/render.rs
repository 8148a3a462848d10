//! The mastered render in two streaming passes. Normalising needs the whole mix's
//! loudness before the first sample can be scaled, so the mix is first brought to the
//! delivered rate and written as raw f32 to a spool file beside the output while it is
//! metered; the second pass reads it back block by block, applies the gain and the
//! limiter, dithers to the file's depth and writes the WAV or FLAC, gathering the peaks
//! and the loudness of what was written (and, when the limiter took loudness off, again
//! with the gain corrected). The rate is changed before the gain, the limiter and the
//! dither, not after: a resampler after the limiter makes new inter-sample peaks over
//! the ceiling, and one after the dither undoes it. Memory stays at a few blocks; the
//! spool takes 384 kB of disk per second of mix (460 MB for the 20-minute cap, inside
//! the function's 4 GiB of `/tmp`).

use hound::{SampleFormat, WavSpec, WavWriter};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use super::flac::{FlacError, FlacWriter};
use super::format::Format;
use super::limiter::Limiter;
use super::options::{AppliedMastering, Mastering};
use super::rate::RateConverter;
use super::sample_rate::SampleRate;
use crate::media::loudness::LoudnessMeter;
use crate::media::peaks::PeakBuilder;
use crate::media::render::{
    Mixed, OUTPUT_CHANNELS, OUTPUT_RATE, RenderBounds, RenderError, Rendered, within,
};

/// A mixer: hands each block of the mix to the sink it is given (`mix_plan`,
/// `mix_blocks`).
pub type Mixer<'a> =
    Box<dyn FnOnce(&mut dyn FnMut(&[f32]) -> Result<(), RenderError>) -> Result<Mixed, RenderError> + 'a>;

/// Frames read back per step in the second pass.
const BLOCK: usize = 4096;
/// Passes over the spool after the first to bring a limited mix up to its target.
const CORRECTIONS: usize = 2;

/// The file an export is delivered as: its format and its rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Delivery {
    pub format: Format,
    pub rate: SampleRate,
}

/// Runs `mix`, masters the mix as `mastering` asks and writes a stereo file at `out`
/// as `delivery` asks. Blocking.
pub fn render_mastered(
    mix: Mixer<'_>,
    out: &Path,
    bounds: RenderBounds,
    mastering: &Mastering,
    delivery: Delivery,
) -> Result<(Rendered, AppliedMastering), RenderError> {
    let io = |e: std::io::Error| RenderError::Write(e.to_string());
    let rate = delivery.rate.hz();
    let spool_path = out.with_extension("f32");
    let mut spool = BufWriter::new(File::create(&spool_path).map_err(io)?);
    let mut before = meter(rate)?;
    let mut converter = RateConverter::new(OUTPUT_RATE, rate)?;
    let mut converted = Vec::new();
    let mut keep = |converted: &mut Vec<f32>| -> Result<(), RenderError> {
        before.push(converted);
        converted
            .iter()
            .try_for_each(|s| spool.write_all(&s.to_le_bytes()))
            .map_err(io)?;
        converted.clear();
        Ok(())
    };
    let mixed = mix(&mut |block| {
        converter.push(block, &mut converted)?;
        keep(&mut converted)
    })?;
    converter.finish(&mut converted)?;
    keep(&mut converted)?;
    spool.flush().map_err(io)?;
    drop(spool);
    let frames = converter.frames_out();
    let measured = before.finish().integrated_lufs;
    let gain_db = match (mastering.target.lufs(), measured) {
        (Some(target), Some(now)) => target - now,
        _ => 0.0,
    };
    let ceiling = 10f64.powf(mastering.ceiling_dbtp / 20.0) as f32;
    let mut gain_db = gain_db;
    let mut pass = second_pass(&spool_path, frames, gain_db, ceiling, (out, delivery), bounds)?;
    // A limiter that takes off the peaks also takes off some loudness, so a mix it
    // works on lands under the target: the gain is raised by what is missing and the
    // spool written again, at most `CORRECTIONS` more times.
    for _ in 0..CORRECTIONS {
        let (Some(target), Some(after)) = (mastering.target.lufs(), pass.loudness.integrated_lufs) else {
            break;
        };
        if pass.reduction_db == 0.0 || (target - after).abs() <= 0.1 {
            break;
        }
        gain_db += target - after;
        pass = second_pass(&spool_path, frames, gain_db, ceiling, (out, delivery), bounds)?;
    }
    let _ = std::fs::remove_file(&spool_path);
    let (peaks, loudness) = (pass.peaks, pass.loudness);
    let limiter_db = pass.reduction_db;
    let applied = AppliedMastering {
        target: mastering.target.name().to_owned(),
        target_lufs: mastering.target.lufs(),
        ceiling_dbtp: mastering.ceiling_dbtp,
        gain_db: round(gain_db),
        limiter_max_reduction_db: round(limiter_db),
        integrated_lufs_before: measured,
    };
    let rendered = Rendered {
        frames,
        tracks: mixed.tracks,
        skipped: mixed.skipped,
        peaks,
        loudness,
    };
    Ok((rendered, applied))
}

/// What one pass over the spool wrote.
struct Pass {
    peaks: crate::media::Peaks,
    loudness: crate::media::Loudness,
    reduction_db: f64,
}

/// Reads the spooled mix back, applies `gain_db` and the limiter, and writes `out`.
fn second_pass(
    spool: &Path,
    frames: u64,
    gain_db: f64,
    ceiling: f32,
    (out, delivery): (&Path, Delivery),
    bounds: RenderBounds,
) -> Result<Pass, RenderError> {
    let io = |e: std::io::Error| RenderError::Write(e.to_string());
    let gain = 10f64.powf(gain_db / 20.0) as f32;
    let mut limiter = Limiter::new(ceiling, delivery.rate.hz());
    let mut writer = Writer::create(out, delivery)?;
    let mut reader = BufReader::new(File::open(spool).map_err(io)?);
    let mut bytes = vec![0u8; BLOCK * OUTPUT_CHANNELS as usize * 4];
    let (mut block, mut limited, mut done) = (Vec::new(), Vec::new(), 0u64);
    while done < frames {
        let n = (frames - done).min(BLOCK as u64) as usize;
        let chunk = &mut bytes[..n * OUTPUT_CHANNELS as usize * 4];
        reader.read_exact(chunk).map_err(io)?;
        block.clear();
        block.extend(
            chunk
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]) * gain),
        );
        limited.clear();
        limiter.process(&block, &mut limited);
        writer.write(&limited)?;
        done += n as u64;
        // The passes count against the same deadline as the mix.
        within(0, bounds)?;
    }
    limited.clear();
    limiter.finish(&mut limited);
    writer.write(&limited)?;
    let (peaks, loudness) = writer.finish()?;
    Ok(Pass {
        peaks,
        loudness,
        reduction_db: limiter.max_reduction_db(),
    })
}

fn meter(rate: u32) -> Result<LoudnessMeter, RenderError> {
    LoudnessMeter::new(OUTPUT_CHANNELS as usize, rate).ok_or(RenderError::Meter)
}

fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The writer of the second pass: quantises with TPDF dither for integer formats
/// (the same samples for WAV and FLAC of one depth), writes the file and meters what
/// it wrote.
struct Writer {
    sink: Sink,
    format: Format,
    dither: Tpdf,
    quantised: Vec<i32>,
    peaks: PeakBuilder,
    meter: LoudnessMeter,
}

/// Where the samples go.
enum Sink {
    Wav(WavWriter<BufWriter<File>>),
    /// Boxed: the encoder's state is five times a WAV writer's.
    Flac(Box<FlacWriter>),
}

impl Writer {
    fn create(out: &Path, delivery: Delivery) -> Result<Self, RenderError> {
        let (format, rate) = (delivery.format, delivery.rate.hz());
        let sink = if format.is_flac() {
            Sink::Flac(Box::new(
                FlacWriter::create(out, rate, OUTPUT_CHANNELS, format.bits()).map_err(flac_err)?,
            ))
        } else {
            let spec = WavSpec {
                channels: OUTPUT_CHANNELS,
                sample_rate: rate,
                bits_per_sample: format.bits(),
                sample_format: if format.is_float() {
                    SampleFormat::Float
                } else {
                    SampleFormat::Int
                },
            };
            Sink::Wav(WavWriter::create(out, spec).map_err(write_err)?)
        };
        Ok(Self {
            sink,
            format,
            dither: Tpdf(0x9E37_79B9_7F4A_7C15),
            quantised: Vec::new(),
            peaks: PeakBuilder::new(OUTPUT_CHANNELS as usize, None),
            meter: meter(rate)?,
        })
    }

    fn write(&mut self, block: &[f32]) -> Result<(), RenderError> {
        self.peaks.push(block);
        self.meter.push(block);
        if let (true, Sink::Wav(wav)) = (self.format.is_float(), &mut self.sink) {
            return block
                .iter()
                .try_for_each(|s| wav.write_sample(*s))
                .map_err(write_err);
        }
        self.quantised.clear();
        for &sample in block {
            let value = quantise(sample, self.format.bits(), &mut self.dither);
            self.quantised.push(value);
        }
        match &mut self.sink {
            Sink::Wav(wav) => self
                .quantised
                .iter()
                .try_for_each(|s| wav.write_sample(*s))
                .map_err(write_err),
            Sink::Flac(flac) => flac.write(&self.quantised).map_err(flac_err),
        }
    }

    fn finish(self) -> Result<(crate::media::Peaks, crate::media::Loudness), RenderError> {
        match self.sink {
            Sink::Wav(wav) => wav.finalize().map_err(write_err)?,
            Sink::Flac(flac) => flac.finish().map_err(flac_err)?,
        }
        Ok((self.peaks.finish(), self.meter.finish()))
    }
}

/// One sample at `bits` bits (16 or 24) with TPDF dither of ±1 LSB.
fn quantise(sample: f32, bits: u16, dither: &mut Tpdf) -> i32 {
    // Digital silence stays silent (an empty session's second, a track's gaps).
    let noise = if sample == 0.0 { 0.0 } else { dither.next() };
    if bits == 16 {
        // In f32 as 16-bit exports always were (the same bytes).
        let top = f32::from(i16::MAX);
        return (sample * top + noise).round().clamp(-top - 1.0, top) as i32;
    }
    // 24 bits in f64, where f32's own 24-bit mantissa would round the product.
    let top = 8_388_607.0;
    let scaled = f64::from(sample) * top + f64::from(noise);
    scaled.round().clamp(-top - 1.0, top) as i32
}

fn write_err(e: hound::Error) -> RenderError {
    RenderError::Write(e.to_string())
}

fn flac_err(e: FlacError) -> RenderError {
    RenderError::Write(e.to_string())
}

/// Triangular (TPDF) dither of ±1 LSB: the sum of two uniform values, from xorshift64
/// (no statistical quality is needed beyond whiteness, and no crate for it).
struct Tpdf(u64);

impl Tpdf {
    fn uniform(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 40) as f32 / (1u64 << 24) as f32 - 0.5
    }

    fn next(&mut self) -> f32 {
        self.uniform() + self.uniform()
    }
}
