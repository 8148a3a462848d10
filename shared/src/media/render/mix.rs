//! Summing tracks into the output WAV.

use hound::{SampleFormat, WavSpec, WavWriter};
use std::path::{Path, PathBuf};

use super::RenderError;
use super::resample::Resampled;
use super::track::TrackSource;

/// Exports are 48 kHz: the rate of video and most DAW sessions; CD-rate tracks are
/// resampled up, which loses nothing.
pub const OUTPUT_RATE: u32 = 48_000;
/// Exports are stereo.
pub const OUTPUT_CHANNELS: u16 = 2;
/// Frames mixed per step; with a few chunks of look-ahead per track this bounds memory.
const BLOCK: usize = 4096;

/// What a render produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rendered {
    pub frames: u64,
    pub tracks: u32,
}

/// Mixes the audio files at `tracks` (all starting at 0) into a 48 kHz stereo 16-bit
/// WAV at `out`. Each track is scaled by 1/N for N tracks, so the sum of full-scale
/// tracks stays within full scale: no clipping, and a track's level in the mix does not
/// depend on what the others contain. The export lasts as long as the longest track;
/// with no tracks it is one second of silence. Blocking: run it off the async runtime.
pub fn render_to_wav(tracks: &[PathBuf], out: &Path) -> Result<Rendered, RenderError> {
    let mut sources = tracks
        .iter()
        .enumerate()
        .map(|(i, path)| Resampled::new(TrackSource::open(path, i)?, OUTPUT_RATE))
        .collect::<Result<Vec<_>, _>>()?;
    let spec = WavSpec {
        channels: OUTPUT_CHANNELS,
        sample_rate: OUTPUT_RATE,
        bits_per_sample: 16,
        sample_format: SampleFormat::Int,
    };
    let write_err = |e: hound::Error| RenderError::Write(e.to_string());
    let mut writer = WavWriter::create(out, spec).map_err(write_err)?;
    let gain = 1.0 / sources.len().max(1) as f32;
    let mut mix = vec![0.0f32; BLOCK * OUTPUT_CHANNELS as usize];
    let mut frames = 0u64;
    loop {
        mix.iter_mut().for_each(|s| *s = 0.0);
        let mut longest = 0;
        for source in &mut sources {
            longest = longest.max(source.mix_into(&mut mix, BLOCK, gain)?);
        }
        if sources.is_empty() {
            longest = (OUTPUT_RATE as u64 - frames).min(BLOCK as u64) as usize;
        }
        if longest == 0 {
            break;
        }
        for &sample in &mix[..longest * OUTPUT_CHANNELS as usize] {
            writer.write_sample(to_i16(sample)).map_err(write_err)?;
        }
        frames += longest as u64;
    }
    writer.finalize().map_err(write_err)?;
    Ok(Rendered {
        frames,
        tracks: tracks.len() as u32,
    })
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
    fn two_tracks_at_different_rates_mix_to_the_longest_length_without_clipping() {
        let dir = tempfile::tempdir().unwrap();
        let a = tone(dir.path(), "a.wav", 44_100, 1, 1.0, 440.0);
        let b = tone(dir.path(), "b.wav", 48_000, 2, 0.5, 1000.0);
        let out = dir.path().join("out.wav");
        let rendered = render_to_wav(&[a, b], &out).unwrap();
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
            let rendered = render_to_wav(&[track], &out).unwrap();
            assert_eq!(rendered.frames, expected, "{rate} Hz × {channels}");
            assert_eq!(hound::WavReader::open(&out).unwrap().duration() as u64, expected);
        }
    }

    #[test]
    fn no_tracks_render_one_second_of_silence() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.wav");
        assert_eq!(render_to_wav(&[], &out).unwrap().frames, 48_000);
        let mut reader = hound::WavReader::open(&out).unwrap();
        assert!(reader.samples::<i16>().all(|s| s.unwrap() == 0));
    }
}
