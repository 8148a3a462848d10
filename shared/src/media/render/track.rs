//! One track decoded packet by packet and mapped to stereo at its own sample rate.

use std::path::Path;
use symphonia::core::codecs::audio::{AudioDecoder, AudioDecoderOptions};
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::{FormatReader, SeekMode, SeekTo, TrackType};
use symphonia::core::units::{TimeBase, Timestamp};

use super::RenderError;
use crate::media::audio::open;

/// A decoding track that hands out stereo frames (interleaved `f32`).
pub(crate) struct TrackSource {
    reader: Box<dyn FormatReader>,
    decoder: Box<dyn AudioDecoder>,
    track_id: u32,
    channels: usize,
    /// The track's own sample rate.
    pub rate: u32,
    scratch: Vec<f32>,
    index: usize,
    /// The track's timebase (packet timestamps are in it).
    time_base: Option<TimeBase>,
    /// Frames before this one (at the track's rate) are dropped: where a seek asked to
    /// start, since a container seeks to a packet that may begin earlier.
    start: u64,
    /// The frame index of the next frame decoded, from the packets' timestamps (or
    /// counted, for a container that gives none).
    position: u64,
}

impl TrackSource {
    /// Opens the file at `path`; `index` names the track in errors.
    pub fn open(path: &Path, index: usize) -> Result<Self, RenderError> {
        let fail = |detail: String| RenderError::Decode { track: index, detail };
        let file = std::fs::File::open(path).map_err(|e| fail(e.to_string()))?;
        let reader = open(Box::new(file)).map_err(|e| fail(e.to_string()))?;
        let track = reader
            .default_track(TrackType::Audio)
            .ok_or_else(|| fail("no audio track".into()))?;
        let params = track
            .codec_params
            .as_ref()
            .and_then(|p| p.audio())
            .ok_or_else(|| fail("no audio track".into()))?
            .clone();
        let track_id = track.id;
        let time_base = track.time_base;
        let decoder = symphonia::default::get_codecs()
            .make_audio_decoder(&params, &AudioDecoderOptions::default())
            .map_err(|e| fail(e.to_string()))?;
        let rate = params
            .sample_rate
            .filter(|r| *r > 0)
            .ok_or_else(|| fail("no sample rate".into()))?;
        let channels = params.channels.as_ref().map_or(0, |c| c.count());
        if channels == 0 {
            return Err(fail("no channels".into()));
        }
        Ok(Self {
            reader,
            decoder,
            track_id,
            channels,
            rate,
            scratch: Vec::new(),
            index,
            time_base,
            start: 0,
            position: 0,
        })
    }

    /// Positions the track so the next frame handed out is frame `frame` (at its own
    /// rate). The container seeks to the packet holding it (WAV, FLAC and Ogg seek
    /// without reading what comes before); the frames of that packet before `frame` are
    /// dropped. A container that cannot seek is read from its start instead, dropping
    /// everything before `frame`: slower, the same frames.
    pub fn seek(&mut self, frame: u64) -> Result<(), RenderError> {
        self.start = frame;
        if frame == 0 {
            return Ok(());
        }
        let Some(ts) = self.to_timestamp(frame) else {
            return Ok(());
        };
        let to = SeekTo::Timestamp {
            ts,
            track_id: self.track_id,
        };
        if self.reader.seek(SeekMode::Accurate, to).is_ok() {
            self.decoder.reset();
            self.position = frame;
        }
        Ok(())
    }

    /// A frame index as a timestamp in the track's timebase, when it is exact.
    fn to_timestamp(&self, frame: u64) -> Option<Timestamp> {
        let base = self.time_base?;
        let (numer, denom) = (u64::from(base.numer.get()), u64::from(base.denom.get()));
        // ts × numer / denom seconds = frame / rate seconds.
        let scaled = frame.checked_mul(denom)?;
        let divisor = numer.checked_mul(u64::from(self.rate))?;
        (scaled % divisor == 0).then(|| Timestamp::new((scaled / divisor) as i64))
    }

    /// The frame index a packet timestamp names, at the track's rate.
    fn to_frame(&self, ts: Timestamp) -> Option<u64> {
        let base = self.time_base?;
        let ts = u64::try_from(ts.get()).ok()?;
        let (numer, denom) = (u64::from(base.numer.get()), u64::from(base.denom.get()));
        Some(ts.checked_mul(numer)?.checked_mul(u64::from(self.rate))? / denom)
    }

    /// Decodes the next packet and appends its frames, as stereo, to `out`. Returns
    /// false at the end of the track. A packet that fails to decode is skipped, as a
    /// player would; the rest of the track still plays.
    pub fn next_into(&mut self, out: &mut Vec<f32>) -> Result<bool, RenderError> {
        loop {
            let packet = match self.reader.next_packet() {
                Ok(Some(packet)) => packet,
                Ok(None) | Err(SymphoniaError::ResetRequired) => return Ok(false),
                Err(SymphoniaError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                    return Ok(false);
                }
                Err(e) => {
                    return Err(RenderError::Decode {
                        track: self.index,
                        detail: e.to_string(),
                    });
                }
            };
            if packet.track_id != self.track_id {
                continue;
            }
            match self.decoder.decode(&packet) {
                Ok(buffer) => buffer.copy_to_vec_interleaved(&mut self.scratch),
                Err(SymphoniaError::DecodeError(_)) => continue,
                Err(e) => {
                    return Err(RenderError::Decode {
                        track: self.index,
                        detail: e.to_string(),
                    });
                }
            }
            let mut samples = &self.scratch[..];
            let frames = samples.len() / self.channels;
            let first = self.to_frame(packet.pts).unwrap_or(self.position);
            self.position = first + frames as u64;
            if self.start > first {
                // Before the seek's frame: dropped (a whole packet, or its first frames).
                let early = (self.start - first) as usize;
                if early >= frames {
                    continue;
                }
                samples = &samples[early * self.channels..];
            }
            to_stereo(samples, self.channels, out);
            return Ok(true);
        }
    }
}

/// Mono goes to both sides, stereo stays, and more channels are averaged into both
/// sides: the channel layout of a surround file is not worth guessing for a rough mix,
/// and an average cannot clip.
fn to_stereo(samples: &[f32], channels: usize, out: &mut Vec<f32>) {
    match channels {
        1 => samples.iter().for_each(|&s| out.extend_from_slice(&[s, s])),
        2 => out.extend_from_slice(samples),
        n => samples.chunks_exact(n).for_each(|frame| {
            let mean = frame.iter().sum::<f32>() / n as f32;
            out.extend_from_slice(&[mean, mean]);
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::to_stereo;

    #[test]
    fn channels_map_to_stereo() {
        let mut out = Vec::new();
        to_stereo(&[0.5, -0.5], 1, &mut out);
        assert_eq!(out, [0.5, 0.5, -0.5, -0.5]);
        out.clear();
        to_stereo(&[0.1, 0.2], 2, &mut out);
        assert_eq!(out, [0.1, 0.2]);
        out.clear();
        to_stereo(&[0.3, 0.3, 0.6, 0.0], 4, &mut out);
        assert_eq!(out, [0.3, 0.3]);
    }
}
