//! Summing tracks into the output WAV.

use hound::{SampleFormat, WavSpec, WavWriter};
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::RenderError;
use super::resample::Resampled;
use super::track::TrackSource;
use crate::media::loudness::{Loudness, LoudnessMeter};
use crate::media::peaks::{PeakBuilder, Peaks};

/// Exports are 48 kHz: the rate of video and most DAW sessions; CD-rate tracks are
/// resampled up, which loses nothing.
pub const OUTPUT_RATE: u32 = 48_000;
/// Exports are stereo.
pub const OUTPUT_CHANNELS: u16 = 2;
/// Frames mixed per step; with a few chunks of look-ahead per track this bounds memory.
pub(crate) const BLOCK: usize = 4096;

/// What a render produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub frames: u64,
    /// Tracks in the mix.
    pub tracks: u32,
    /// Tracks left out (by index in the list given), with why: a file that could not be
    /// opened, or one that failed part-way (what it had played stays in the mix).
    pub skipped: Vec<(usize, String)>,
    /// The mix's waveform, gathered as it was written.
    pub peaks: Peaks,
    /// The mix's loudness, measured from the same blocks as they were written.
    pub loudness: Loudness,
}

/// How far a render may go: output frames, and a moment by which it must be done.
#[derive(Debug, Clone, Copy)]
pub struct RenderBounds {
    pub max_frames: u64,
    pub deadline: Instant,
}

#[cfg(test)]
impl RenderBounds {
    /// Bounds no test render reaches: any length, ten minutes.
    pub(crate) fn roomy() -> Self {
        Self {
            max_frames: u64::MAX,
            deadline: Instant::now() + std::time::Duration::from_secs(600),
        }
    }
}

/// Mixes the audio files at `tracks` (all starting at 0) into a 48 kHz stereo 16-bit
/// WAV at `out`. Each track is scaled by 1/N for N tracks, so the sum of full-scale
/// tracks stays within full scale: no clipping, and a track's level in the mix does not
/// depend on what the others contain. The export lasts as long as the longest track;
/// with no tracks it is one second of silence. A track that cannot be read is skipped,
/// not fatal. Past `bounds` the render stops with an error. Blocking: run it off the
/// async runtime.
pub fn render_to_wav(tracks: &[PathBuf], out: &Path, bounds: RenderBounds) -> Result<Rendered, RenderError> {
    let spec = WavSpec {
        channels: OUTPUT_CHANNELS,
        sample_rate: OUTPUT_RATE,
        bits_per_sample: 16,
        sample_format: SampleFormat::Int,
    };
    let write_err = |e: hound::Error| RenderError::Write(e.to_string());
    let mut writer = WavWriter::create(out, spec).map_err(write_err)?;
    let mut peaks = PeakBuilder::new(OUTPUT_CHANNELS as usize, None);
    let mut meter = LoudnessMeter::new(OUTPUT_CHANNELS as usize, OUTPUT_RATE).ok_or(RenderError::Meter)?;
    let mixed = mix_blocks(tracks, bounds, &mut |block| {
        for &sample in block {
            writer.write_sample(to_i16(sample)).map_err(write_err)?;
        }
        peaks.push(block);
        meter.push(block);
        Ok(())
    })?;
    writer.finalize().map_err(write_err)?;
    Ok(Rendered {
        frames: mixed.frames,
        tracks: mixed.tracks,
        skipped: mixed.skipped,
        peaks: peaks.finish(),
        loudness: meter.finish(),
    })
}

/// What summing the tracks gave, before any mastering.
#[derive(Debug, Clone, PartialEq)]
pub struct Mixed {
    pub frames: u64,
    pub tracks: u32,
    pub skipped: Vec<(usize, String)>,
}

/// Sums the tracks as [`render_to_wav`] does, handing each block of interleaved 48 kHz
/// stereo f32 frames to `sink` (the stages after the mix: writing, metering,
/// mastering). Blocking.
pub fn mix_blocks(
    tracks: &[PathBuf],
    bounds: RenderBounds,
    sink: &mut dyn FnMut(&[f32]) -> Result<(), RenderError>,
) -> Result<Mixed, RenderError> {
    let (mut sources, mut skipped) = open_all(tracks);
    let mixed = sources.len() as u32;
    let gain = 1.0 / sources.len().max(1) as f32;
    let silent = sources.is_empty();
    let mut mix = vec![0.0f32; BLOCK * OUTPUT_CHANNELS as usize];
    let mut frames = 0u64;
    loop {
        let longest = match silent {
            true => (OUTPUT_RATE as u64 - frames).min(BLOCK as u64) as usize,
            false => mix_block(&mut sources, &mut mix, gain, &mut skipped),
        };
        if longest == 0 {
            break;
        }
        frames += longest as u64;
        within(frames, bounds)?;
        sink(&mix[..longest * OUTPUT_CHANNELS as usize])?;
    }
    Ok(Mixed {
        frames,
        tracks: mixed,
        skipped,
    })
}

type Sources = Vec<(usize, Resampled)>;

/// Every track that opens, by its index; the others with why they did not.
fn open_all(tracks: &[PathBuf]) -> (Sources, Vec<(usize, String)>) {
    let mut skipped = Vec::new();
    let mut sources = Vec::with_capacity(tracks.len());
    for (i, path) in tracks.iter().enumerate() {
        match TrackSource::open(path, i).and_then(|t| Resampled::new(t, OUTPUT_RATE)) {
            Ok(source) => sources.push((i, source)),
            Err(e) => skipped.push((i, e.to_string())),
        }
    }
    (sources, skipped)
}

/// Sums one block of every playing track into `mix` (cleared first); returns the
/// longest count of frames any added. A track that has ended is dropped; one that
/// fails is dropped and noted in `skipped`.
fn mix_block(sources: &mut Sources, mix: &mut [f32], gain: f32, skipped: &mut Vec<(usize, String)>) -> usize {
    mix.iter_mut().for_each(|s| *s = 0.0);
    let mut longest = 0;
    sources.retain_mut(|(i, source)| match source.mix_into(mix, BLOCK, gain) {
        Ok(n) => {
            longest = longest.max(n);
            n > 0
        }
        Err(e) => {
            skipped.push((*i, e.to_string()));
            false
        }
    });
    longest
}

/// Whether a render of `frames` so far may go on.
pub(crate) fn within(frames: u64, bounds: RenderBounds) -> Result<(), RenderError> {
    if frames > bounds.max_frames {
        return Err(RenderError::TooLong {
            seconds: bounds.max_frames / u64::from(OUTPUT_RATE),
        });
    }
    if Instant::now() > bounds.deadline {
        return Err(RenderError::Deadline);
    }
    Ok(())
}

fn to_i16(sample: f32) -> i16 {
    (sample.clamp(-1.0, 1.0) * f32::from(i16::MAX)).round() as i16
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f32::consts::PI;

    fn tone(dir: &Path, name: &str, rate: u32, channels: u16, seconds: f32, hz: f32) -> PathBuf {
        let path = dir.join(name);
        let spec = WavSpec {
            channels,
            sample_rate: rate,
            bits_per_sample: 16,
            sample_format: SampleFormat::Int,
        };
        let mut writer = WavWriter::create(&path, spec).unwrap();
        for i in 0..(rate as f32 * seconds) as u32 {
            let v = (2.0 * PI * hz * i as f32 / rate as f32).sin();
            for _ in 0..channels {
                writer.write_sample(to_i16(v)).unwrap();
            }
        }
        writer.finalize().unwrap();
        path
    }

    #[test]
    fn an_unreadable_track_is_skipped_and_the_others_still_mix() {
        let dir = tempfile::tempdir().unwrap();
        let good = tone(dir.path(), "a.wav", 48_000, 1, 0.5, 440.0);
        let bad = dir.path().join("bad.wav");
        std::fs::write(&bad, b"RIFF but not really a wave file").unwrap();
        let out = dir.path().join("out.wav");
        let rendered = render_to_wav(&[bad, good], &out, RenderBounds::roomy()).unwrap();
        assert_eq!((rendered.frames, rendered.tracks), (24_000, 1));
        assert_eq!(rendered.skipped.len(), 1);
        assert_eq!(rendered.skipped[0].0, 0);
    }

    #[test]
    fn a_render_past_its_frame_cap_or_deadline_stops_with_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let track = tone(dir.path(), "a.wav", 48_000, 2, 1.0, 440.0);
        let out = dir.path().join("out.wav");
        let capped = RenderBounds {
            max_frames: 10_000,
            ..RenderBounds::roomy()
        };
        let err = render_to_wav(std::slice::from_ref(&track), &out, capped).unwrap_err();
        assert!(matches!(err, RenderError::TooLong { .. }), "{err}");
        let late = RenderBounds {
            deadline: Instant::now(),
            ..RenderBounds::roomy()
        };
        let err = render_to_wav(&[track], &out, late).unwrap_err();
        assert!(matches!(err, RenderError::Deadline), "{err}");
    }

    #[test]
    fn two_tracks_at_different_rates_mix_to_the_longest_length_without_clipping() {
        let dir = tempfile::tempdir().unwrap();
        let a = tone(dir.path(), "a.wav", 44_100, 1, 1.0, 440.0);
        let b = tone(dir.path(), "b.wav", 48_000, 2, 0.5, 1000.0);
        let out = dir.path().join("out.wav");
        let rendered = render_to_wav(&[a, b], &out, RenderBounds::roomy()).unwrap();
        assert_eq!(rendered.frames, 48_000);
        let mut reader = hound::WavReader::open(&out).unwrap();
        assert_eq!(reader.spec().sample_rate, OUTPUT_RATE);
        assert_eq!(reader.duration(), 48_000);
        let peak = reader
            .samples::<i16>()
            .map(|s| s.unwrap().unsigned_abs())
            .max()
            .unwrap();
        assert!(peak > 16_000 && peak < i16::MAX as u16, "peak {peak}");
    }

    #[test]
    fn each_rate_lasts_exactly_its_frames_times_48k_over_its_rate() {
        let dir = tempfile::tempdir().unwrap();
        for (rate, channels, seconds, expected) in [
            (22_050, 1, 0.3, 14_400),
            (96_000, 2, 0.25, 12_000),
            (11_025, 6, 0.1, 4_798),
            (48_000, 2, 0.2, 9_600),
        ] {
            let track = tone(dir.path(), "t.wav", rate, channels, seconds, 300.0);
            let out = dir.path().join("out.wav");
            let rendered = render_to_wav(&[track], &out, RenderBounds::roomy()).unwrap();
            assert_eq!(rendered.frames, expected, "{rate} Hz × {channels}");
            assert_eq!(hound::WavReader::open(&out).unwrap().duration() as u64, expected);
        }
    }

    #[test]
    fn no_tracks_render_one_second_of_silence() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.wav");
        assert_eq!(
            render_to_wav(&[], &out, RenderBounds::roomy()).unwrap().frames,
            48_000
        );
        let mut reader = hound::WavReader::open(&out).unwrap();
        assert!(reader.samples::<i16>().all(|s| s.unwrap() == 0));
    }
}
