//! What the studio reads from stored audio in one decoding pass: the waveform peaks a
//! page draws and the loudness figures beside them. Decoding streams packet by packet,
//! so memory stays at the peak buckets and the meter's fixed histograms.

use std::io::Cursor;
use std::path::Path;
use symphonia::core::codecs::audio::AudioDecoderOptions;
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::TrackType;
use symphonia::core::io::MediaSource;

use super::audio::open;
use super::loudness::{Loudness, LoudnessMeter};
use super::peaks::{PEAK_MAX_SECONDS, PeakBuilder, Peaks};

/// A track's waveform and loudness. The loudness is `None` for a layout the meter does
/// not take (see [`LoudnessMeter::new`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub peaks: Peaks,
    pub loudness: Option<Loudness>,
}

/// The analysis of audio held in memory; `None` when it cannot be decoded at all.
pub fn analyse_bytes(bytes: &[u8]) -> Option<Analysis> {
    analyse(Box::new(Cursor::new(bytes.to_vec())))
}

/// The analysis of an audio file on disk, read as a stream. Blocking.
pub fn analyse_file(path: &Path) -> Option<Analysis> {
    analyse(Box::new(std::fs::File::open(path).ok()?))
}

fn analyse(source: Box<dyn MediaSource>) -> Option<Analysis> {
    let mut reader = open(source).ok()?;
    let track = reader.default_track(TrackType::Audio)?;
    let track_id = track.id;
    let frames = track.num_frames;
    let params = track.codec_params.as_ref()?.audio()?.clone();
    let mut decoder = symphonia::default::get_codecs()
        .make_audio_decoder(&params, &AudioDecoderOptions::default())
        .ok()?;
    let channels = params.channels.as_ref().map_or(0, |c| c.count());
    let rate = params.sample_rate.unwrap_or(0);
    if channels == 0 || rate == 0 {
        return None;
    }
    let budget = u64::from(rate) * PEAK_MAX_SECONDS * channels as u64;
    let mut builder = PeakBuilder::new(channels, frames);
    let mut meter = LoudnessMeter::new(channels, rate);
    let (mut scratch, mut decoded) = (Vec::new(), 0u64);
    // A packet that fails to decode is skipped and a stream that breaks off ends the
    // analysis, as a player would go on or stop.
    while decoded < budget {
        let packet = match reader.next_packet() {
            Ok(Some(packet)) => packet,
            Ok(None) | Err(_) => break,
        };
        if packet.track_id != track_id {
            continue;
        }
        match decoder.decode(&packet) {
            Ok(buffer) => buffer.copy_to_vec_interleaved(&mut scratch),
            Err(SymphoniaError::DecodeError(_)) => continue,
            Err(_) => break,
        }
        decoded += scratch.len() as u64;
        builder.push(&scratch);
        if let Some(meter) = meter.as_mut() {
            meter.push(&scratch);
        }
    }
    Some(Analysis {
        peaks: builder.finish(),
        loudness: meter.map(LoudnessMeter::finish),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tone_read_from_a_wav_peaks_at_its_amplitude_and_measures_its_level() {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 8_000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut out = Cursor::new(Vec::new());
        let mut writer = hound::WavWriter::new(&mut out, spec).unwrap();
        for i in 0..8_000 {
            let s = (i as f32 * 440.0 * std::f32::consts::TAU / 8_000.0).sin() * 0.5;
            writer.write_sample((s * 32_767.0) as i16).unwrap();
        }
        writer.finalize().unwrap();
        let analysis = analyse_bytes(&out.into_inner()).unwrap();
        let highest = analysis.peaks.channels[0]
            .iter()
            .cloned()
            .fold(f64::MIN, f64::max);
        assert!((highest - 0.5).abs() < 0.01, "{highest}");
        assert_eq!(analysis.peaks.frames_per_bucket, 40);
        let peak = analysis.loudness.unwrap().true_peak_dbtp.unwrap();
        assert!((peak + 6.02).abs() < 0.2, "{peak}");
    }
}
