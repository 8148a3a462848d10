//! A FLAC file written as the samples come: flacenc encodes one 4096-frame block at a
//! time and each frame goes straight to the file, so memory holds one block whatever
//! the export's length. The STREAMINFO header is written first as a placeholder of
//! its fixed size and rewritten at the end, when the length, frame sizes and MD5 of
//! the audio are known.

use flacenc::component::{BitRepr, Stream, StreamInfo};
use flacenc::config::Encoder;
use flacenc::error::{Verified, Verify};
use flacenc::source::{Context, Fill, FrameBuf};
use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

/// Frames per FLAC block: the reference encoder's default for 44.1/48 kHz.
const BLOCK: usize = 4096;

/// A FLAC encoder writing to a file.
pub struct FlacWriter {
    file: BufWriter<File>,
    config: Verified<Encoder>,
    info: StreamInfo,
    channels: usize,
    /// Interleaved samples waiting for a full block.
    pending: Vec<i32>,
    /// The block being encoded, and the MD5 and count of what was encoded.
    frame: FrameBuf,
    context: Context,
}

/// Why a FLAC file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum FlacError {
    #[error("the FLAC encoder refused its settings: {0}")]
    Settings(String),
    #[error("FLAC encoding failed: {0}")]
    Encode(String),
    #[error("writing the FLAC file failed: {0}")]
    Io(#[from] std::io::Error),
}

impl FlacWriter {
    /// Creates `path` for `channels` channels of `bits`-bit integers at `rate` Hz.
    pub fn create(path: &Path, rate: u32, channels: u16, bits: u16) -> Result<Self, FlacError> {
        let settings = |e: flacenc::error::VerifyError| FlacError::Settings(e.to_string());
        let mut config = Encoder::default();
        config.block_size = BLOCK;
        let config = config.into_verified().map_err(|(_, e)| settings(e))?;
        let channels = usize::from(channels);
        let info = StreamInfo::new(rate as usize, channels, usize::from(bits)).map_err(settings)?;
        let mut writer = Self {
            file: BufWriter::new(File::create(path)?),
            config,
            info,
            channels,
            pending: Vec::with_capacity(BLOCK * channels),
            frame: FrameBuf::with_size(channels, BLOCK).map_err(settings)?,
            context: Context::new(usize::from(bits), channels),
        };
        let header = writer.header()?;
        writer.file.write_all(&header)?;
        Ok(writer)
    }

    /// Adds interleaved samples, encoding every full block.
    pub fn write(&mut self, samples: &[i32]) -> Result<(), FlacError> {
        let block = BLOCK * self.channels;
        let mut rest = samples;
        while !rest.is_empty() {
            let take = (block - self.pending.len()).min(rest.len());
            self.pending.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.pending.len() == block {
                self.encode_pending()?;
            }
        }
        Ok(())
    }

    /// Encodes the last, shorter block and completes the header.
    pub fn finish(mut self) -> Result<(), FlacError> {
        if !self.pending.is_empty() {
            self.encode_pending()?;
        }
        self.info.set_md5_digest(&self.context.md5_digest());
        self.info.set_total_samples(self.context.total_samples());
        if self.context.total_samples() == 0 {
            // No frame was written: a valid, empty stream says so with zeros.
            self.info
                .set_frame_sizes(0, 0)
                .map_err(|e| FlacError::Encode(e.to_string()))?;
        }
        let header = self.header()?;
        self.file.seek(SeekFrom::Start(0))?;
        self.file.write_all(&header)?;
        self.file.flush()?;
        Ok(())
    }

    fn encode_pending(&mut self) -> Result<(), FlacError> {
        let encode = |e: flacenc::error::SourceError| FlacError::Encode(e.to_string());
        self.frame.fill_interleaved(&self.pending).map_err(encode)?;
        self.context.fill_interleaved(&self.pending).map_err(encode)?;
        let number = self.context.current_frame_number().unwrap_or(0);
        let frame = flacenc::encode_fixed_size_frame(&self.config, &self.frame, number, &self.info)
            .map_err(|e| FlacError::Encode(e.to_string()))?;
        self.info.update_frame_info(&frame);
        let mut sink = flacenc::bitsink::ByteSink::new();
        frame
            .write(&mut sink)
            .map_err(|e| FlacError::Encode(e.to_string()))?;
        self.file.write_all(sink.as_slice())?;
        self.pending.clear();
        Ok(())
    }

    /// `fLaC` and the STREAMINFO block as they stand (always 42 bytes). The block
    /// sizes are fixed: every frame has `BLOCK` frames but the last, which FLAC allows.
    fn header(&self) -> Result<Vec<u8>, FlacError> {
        let mut info = self.info.clone();
        info.set_block_sizes(BLOCK, BLOCK)
            .map_err(|e| FlacError::Encode(e.to_string()))?;
        let mut sink = flacenc::bitsink::ByteSink::new();
        Stream::with_stream_info(info)
            .write(&mut sink)
            .map_err(|e| FlacError::Encode(e.to_string()))?;
        Ok(sink.as_slice().to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::audio::open;
    use symphonia::core::codecs::audio::AudioDecoderOptions;
    use symphonia::core::formats::TrackType;

    /// Decodes `path` with symphonia's FLAC decoder (another implementation than the
    /// encoder's) into interleaved integers of `bits` bits, and its rate.
    fn decode(path: &Path, bits: u16) -> (Vec<i32>, u32) {
        let mut reader = open(Box::new(File::open(path).unwrap())).unwrap();
        let track = reader.default_track(TrackType::Audio).unwrap();
        let params = track.codec_params.as_ref().unwrap().audio().unwrap().clone();
        let mut decoder = symphonia::default::get_codecs()
            .make_audio_decoder(&params, &AudioDecoderOptions::default())
            .unwrap();
        let scale = f64::from(1u32 << (bits - 1));
        let (mut out, mut scratch) = (Vec::new(), Vec::<f32>::new());
        while let Ok(Some(packet)) = reader.next_packet() {
            decoder
                .decode(&packet)
                .unwrap()
                .copy_to_vec_interleaved(&mut scratch);
            out.extend(scratch.iter().map(|s| (f64::from(*s) * scale).round() as i32));
        }
        (out, params.sample_rate.unwrap())
    }

    fn write(path: &Path, samples: &[i32], bits: u16, pieces: usize) {
        let mut writer = FlacWriter::create(path, 44_100, 2, bits).unwrap();
        for piece in samples.chunks(pieces) {
            writer.write(piece).unwrap();
        }
        writer.finish().unwrap();
    }

    #[test]
    fn a_stream_fed_in_odd_pieces_decodes_to_exactly_its_samples() {
        let dir = tempfile::tempdir().unwrap();
        let samples: Vec<i32> = (0..10_001 * 2)
            .map(|i| ((i as f64 * 0.01).sin() * 30_000.0) as i32 + (i % 7) - 3)
            .collect();
        let path = dir.path().join("a.flac");
        write(&path, &samples, 16, 999);
        let (decoded, rate) = decode(&path, 16);
        assert_eq!(rate, 44_100);
        assert!(decoded == samples, "the decoded PCM differs");
    }

    #[test]
    fn twenty_four_bit_samples_to_full_scale_survive_the_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let samples: Vec<i32> = (0..5_000 * 2)
            .map(|i| if i % 3 == 0 { 8_388_607 } else { -8_388_608 + i })
            .collect();
        let path = dir.path().join("b.flac");
        write(&path, &samples, 24, 4096 * 2);
        assert!(decode(&path, 24).0 == samples, "the decoded PCM differs");
    }
}
