//! The mastered render in two streaming passes. Normalising needs the whole mix's
//! loudness before the first sample can be scaled, so the mix is first written as raw
//! f32 to a spool file beside the output while it is metered; the second pass reads it
//! back block by block, applies the gain and the limiter, dithers to 16 bits and writes
//! the WAV, gathering the peaks and the loudness of what was written (and, when the
//! limiter took loudness off, again with the gain corrected). Memory stays at
//! a few blocks; the spool takes 384 kB of disk per second of mix (460 MB for the
//! 20-minute cap, inside the function's 4 GiB of `/tmp`).

use hound::{SampleFormat, WavSpec, WavWriter};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use super::format::Format;
use super::limiter::Limiter;
use super::options::{AppliedMastering, Mastering};
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

/// Runs `mix`, masters the mix as `mastering` asks and writes a 48 kHz stereo WAV in
/// `format` at `out`. Blocking.
pub fn render_mastered(
    mix: Mixer<'_>,
    out: &Path,
    bounds: RenderBounds,
    mastering: &Mastering,
    format: Format,
) -> Result<(Rendered, AppliedMastering), RenderError> {
    let io = |e: std::io::Error| RenderError::Write(e.to_string());
    let spool_path = out.with_extension("f32");
    let mut spool = BufWriter::new(File::create(&spool_path).map_err(io)?);
    let mut before = meter()?;
    let mixed = mix(&mut |block| {
        before.push(block);
        block
            .iter()
            .try_for_each(|s| spool.write_all(&s.to_le_bytes()))
            .map_err(io)
    })?;
    spool.flush().map_err(io)?;
    drop(spool);
    let measured = before.finish().integrated_lufs;
    let gain_db = match (mastering.target.lufs(), measured) {
        (Some(target), Some(now)) => target - now,
        _ => 0.0,
    };
    let ceiling = 10f64.powf(mastering.ceiling_dbtp / 20.0) as f32;
    let mut gain_db = gain_db;
    let mut pass = second_pass(&spool_path, mixed.frames, gain_db, ceiling, (out, format), bounds)?;
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
        pass = second_pass(&spool_path, mixed.frames, gain_db, ceiling, (out, format), bounds)?;
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
        frames: mixed.frames,
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
    (out, format): (&Path, Format),
    bounds: RenderBounds,
) -> Result<Pass, RenderError> {
    let io = |e: std::io::Error| RenderError::Write(e.to_string());
    let gain = 10f64.powf(gain_db / 20.0) as f32;
    let mut limiter = Limiter::new(ceiling, OUTPUT_RATE);
    let mut writer = Writer::create(out, format)?;
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

fn meter() -> Result<LoudnessMeter, RenderError> {
    LoudnessMeter::new(OUTPUT_CHANNELS as usize, OUTPUT_RATE).ok_or(RenderError::Meter)
}

fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The WAV writer of the second pass, with TPDF dither for integer formats and the
/// meters of what it wrote.
struct Writer {
    wav: WavWriter<BufWriter<File>>,
    format: Format,
    dither: Tpdf,
    peaks: PeakBuilder,
    meter: LoudnessMeter,
}

impl Writer {
    fn create(out: &Path, format: Format) -> Result<Self, RenderError> {
        let sample_format = match format {
            Format::Wav32f => SampleFormat::Float,
            Format::Wav16 | Format::Wav24 => SampleFormat::Int,
        };
        let spec = WavSpec {
            channels: OUTPUT_CHANNELS,
            sample_rate: OUTPUT_RATE,
            bits_per_sample: format.bits(),
            sample_format,
        };
        let wav = WavWriter::create(out, spec).map_err(write_err)?;
        Ok(Self {
            wav,
            format,
            dither: Tpdf(0x9E37_79B9_7F4A_7C15),
            peaks: PeakBuilder::new(OUTPUT_CHANNELS as usize, None),
            meter: meter()?,
        })
    }

    fn write(&mut self, block: &[f32]) -> Result<(), RenderError> {
        let top = match self.format {
            Format::Wav16 => f32::from(i16::MAX),
            Format::Wav24 => 8_388_607.0,
            Format::Wav32f => 0.0,
        };
        for &sample in block {
            if self.format == Format::Wav32f {
                self.wav.write_sample(sample).map_err(write_err)?;
                continue;
            }
            // Digital silence stays silent (an empty session's second, a track's gaps).
            let noise = if sample == 0.0 { 0.0 } else { self.dither.next() };
            // 16 bits in f32 as exports always were (the same bytes); 24 bits in f64, where
            // f32's own 24-bit mantissa would round the product.
            let quantised = match self.format {
                Format::Wav16 => (sample * top + noise).round().clamp(-top - 1.0, top) as i32,
                _ => {
                    let scaled = f64::from(sample) * f64::from(top) + f64::from(noise);
                    scaled.round().clamp(-f64::from(top) - 1.0, f64::from(top)) as i32
                }
            };
            self.wav.write_sample(quantised).map_err(write_err)?;
        }
        self.peaks.push(block);
        self.meter.push(block);
        Ok(())
    }

    fn finish(self) -> Result<(crate::media::Peaks, crate::media::Loudness), RenderError> {
        self.wav.finalize().map_err(write_err)?;
        Ok((self.peaks.finish(), self.meter.finish()))
    }
}

fn write_err(e: hound::Error) -> RenderError {
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
