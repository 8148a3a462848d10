//! The audio allow-list and reading a file's real format from its bytes with symphonia.

use serde::Serialize;
use std::io::Cursor;
use std::path::Path;
use symphonia::core::codecs::audio::AudioDecoderOptions;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, FormatReader, TrackType};
use symphonia::core::io::{MediaSource, MediaSourceStream};
use symphonia::core::meta::MetadataOptions;

/// The audio formats the studio accepts (and can decode for exports).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AudioFormat {
    Wav,
    Flac,
    Ogg,
}

impl AudioFormat {
    /// The format a declared content type names, if it is on the allow-list.
    pub fn from_content_type(raw: &str) -> Option<Self> {
        let mime = raw
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match mime.as_str() {
            "audio/wav" | "audio/x-wav" | "audio/wave" | "audio/vnd.wave" => Some(Self::Wav),
            "audio/flac" | "audio/x-flac" => Some(Self::Flac),
            "audio/ogg" | "application/ogg" | "audio/vorbis" => Some(Self::Ogg),
            _ => None,
        }
    }

    /// The content type objects of this format are stored and served with.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Wav => "audio/wav",
            Self::Flac => "audio/flac",
            Self::Ogg => "audio/ogg",
        }
    }

    /// Every accepted content type, for error messages.
    pub const ACCEPTED: &'static str =
        "audio/wav, audio/x-wav, audio/wave, audio/flac, audio/x-flac, audio/ogg";
}

/// What the bytes of an audio file say about it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AudioInfo {
    pub format: AudioFormat,
    pub sample_rate: u32,
    pub channels: u16,
    /// Seconds, from the container's frame count; `None` when it does not say.
    pub duration_seconds: Option<f64>,
}

/// Bytes that are not an audio file the studio accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProbeError {
    #[error("the file is not audio in an accepted format ({0})")]
    NotAudio(String),
    #[error("the file is {0}, which the studio does not accept")]
    Unsupported(&'static str),
    #[error("the audio track cannot be decoded: {0}")]
    Undecodable(String),
}

/// Reads the format of audio held in memory.
pub fn probe_bytes(bytes: &[u8]) -> Result<AudioInfo, ProbeError> {
    probe(Box::new(Cursor::new(bytes.to_vec())))
}

/// Reads the format of an audio file on disk without loading it.
pub fn probe_file(path: &Path) -> Result<AudioInfo, ProbeError> {
    let file = std::fs::File::open(path).map_err(|e| ProbeError::NotAudio(e.to_string()))?;
    probe(Box::new(file))
}

fn probe(source: Box<dyn MediaSource>) -> Result<AudioInfo, ProbeError> {
    let reader = open(source).map_err(|e| ProbeError::NotAudio(e.to_string()))?;
    let format = match reader.format_info().short_name {
        "wave" => AudioFormat::Wav,
        "flac" => AudioFormat::Flac,
        "ogg" => AudioFormat::Ogg,
        _ => return Err(ProbeError::Unsupported("another container")),
    };
    let track = reader
        .default_track(TrackType::Audio)
        .ok_or(ProbeError::Unsupported("a file without an audio track"))?;
    let params = track
        .codec_params
        .as_ref()
        .and_then(|p| p.audio())
        .ok_or(ProbeError::Unsupported("a file without an audio track"))?;
    // A decoder must exist for it (an Ogg may hold Opus, which exports could not render).
    symphonia::default::get_codecs()
        .make_audio_decoder(params, &AudioDecoderOptions::default())
        .map_err(|e| ProbeError::Undecodable(e.to_string()))?;
    let sample_rate = params
        .sample_rate
        .filter(|r| *r > 0)
        .ok_or_else(|| ProbeError::Undecodable("no sample rate".into()))?;
    // Rates and channel counts outside these are not music a session mixes, and an
    // export could not resample or map them.
    if !(8_000..=384_000).contains(&sample_rate) {
        return Err(ProbeError::Unsupported("audio outside 8–384 kHz"));
    }
    let channels = params.channels.as_ref().map_or(0, |c| c.count()) as u16;
    if !(1..=32).contains(&channels) {
        return Err(ProbeError::Unsupported("audio without 1 to 32 channels"));
    }
    let duration_seconds = track.num_frames.map(|n| n as f64 / f64::from(sample_rate));
    Ok(AudioInfo {
        format,
        sample_rate,
        channels,
        duration_seconds,
    })
}

/// Opens a container with symphonia's probe over the formats compiled in.
pub(crate) fn open<'s>(
    source: Box<dyn MediaSource + 's>,
) -> symphonia::core::errors::Result<Box<dyn FormatReader + 's>> {
    let mss = MediaSourceStream::new(source, Default::default());
    symphonia::default::get_probe().probe(
        &Hint::new(),
        mss,
        FormatOptions::default(),
        MetadataOptions::default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A WAV of `frames` silent frames, written with hound.
    pub(crate) fn wav(rate: u32, channels: u16, frames: u32) -> Vec<u8> {
        let spec = hound::WavSpec {
            channels,
            sample_rate: rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut out = Cursor::new(Vec::new());
        let mut writer = hound::WavWriter::new(&mut out, spec).unwrap();
        for _ in 0..frames * u32::from(channels) {
            writer.write_sample(0i16).unwrap();
        }
        writer.finalize().unwrap();
        out.into_inner()
    }

    #[test]
    fn a_wav_is_read_with_its_rate_channels_and_duration() {
        let info = probe_bytes(&wav(44_100, 2, 22_050)).unwrap();
        assert_eq!(info.format, AudioFormat::Wav);
        assert_eq!((info.sample_rate, info.channels), (44_100, 2));
        assert_eq!(info.duration_seconds, Some(0.5));
    }

    #[test]
    fn rates_outside_8_to_384_khz_are_refused() {
        assert_eq!(
            probe_bytes(&wav(4_000, 1, 100)),
            Err(ProbeError::Unsupported("audio outside 8–384 kHz"))
        );
        assert!(probe_bytes(&wav(8_000, 1, 100)).is_ok());
    }

    #[test]
    fn a_png_or_text_is_not_audio() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
        assert!(probe_bytes(png).is_err());
        assert!(probe_bytes(b"hello, not audio at all").is_err());
    }

    #[test]
    fn declared_content_types_map_to_the_allow_list() {
        assert_eq!(
            AudioFormat::from_content_type("audio/x-wav"),
            Some(AudioFormat::Wav)
        );
        assert_eq!(
            AudioFormat::from_content_type("Audio/FLAC; q=1"),
            Some(AudioFormat::Flac)
        );
        assert_eq!(AudioFormat::from_content_type("image/png"), None);
    }
}
