//! Checking an export against its caps from the stored metadata alone, before a byte of
//! audio is downloaded.

use super::{ExportLimits, UploadRecord};

/// An export that would do more work than one render may.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OverCap {
    #[error("the session has more than {max} tracks; an export mixes at most {max}")]
    Tracks { max: usize },
    #[error("the session's tracks hold {bytes} bytes; an export reads at most {max} bytes")]
    Bytes { bytes: u64, max: u64 },
    #[error("the session's tracks last {seconds:.0} s in all; an export decodes at most {max:.0} s")]
    TrackSeconds { seconds: f64, max: f64 },
    #[error("the longest track lasts {seconds:.0} s; an export lasts at most {max:.0} s")]
    OutputSeconds { seconds: f64, max: f64 },
}

/// Whether `tracks` fit in one export. `tracks` may hold one more record than the cap
/// (the store is asked for `max_tracks + 1`) so too many tracks can be told apart
/// from exactly enough. Tracks whose container gave no duration count as zero here;
/// the render's frame cap and deadline bound them.
pub fn check(tracks: &[UploadRecord], limits: &ExportLimits) -> Result<(), OverCap> {
    if tracks.len() > limits.max_tracks {
        return Err(OverCap::Tracks {
            max: limits.max_tracks,
        });
    }
    let bytes: u64 = tracks.iter().map(|t| t.size).sum();
    if bytes > limits.max_bytes {
        return Err(OverCap::Bytes {
            bytes,
            max: limits.max_bytes,
        });
    }
    let durations = tracks
        .iter()
        .filter_map(|t| t.audio.and_then(|a| a.duration_seconds));
    let (total, longest) = durations.fold((0.0, 0.0f64), |(sum, max), d| (sum + d, max.max(d)));
    if longest > limits.max_output_seconds {
        return Err(OverCap::OutputSeconds {
            seconds: longest,
            max: limits.max_output_seconds,
        });
    }
    if total > limits.max_track_seconds {
        return Err(OverCap::TrackSeconds {
            seconds: total,
            max: limits.max_track_seconds,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UploadId;
    use crate::media::{AudioFormat, AudioInfo, UploadStatus};

    fn track(size: u64, seconds: f64) -> UploadRecord {
        UploadRecord {
            id: UploadId::new(),
            session_id: None,
            object_key: "k".into(),
            filename: "t.wav".into(),
            content_type: "audio/wav".into(),
            size,
            status: UploadStatus::Ready,
            checksum: None,
            audio: Some(AudioInfo {
                format: AudioFormat::Wav,
                sample_rate: 8_000,
                channels: 1,
                duration_seconds: Some(seconds),
            }),
            peaks: None,
            owner: None,
            loudness: None,
            created_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn each_cap_refuses_from_metadata_alone() {
        let limits = ExportLimits::DEFAULT;
        assert_eq!(check(&vec![track(1, 1.0); 32], &limits), Ok(()));
        assert!(matches!(
            check(&vec![track(1, 1.0); 33], &limits),
            Err(OverCap::Tracks { .. })
        ));
        let huge = track(limits.max_bytes + 1, 1.0);
        assert!(matches!(check(&[huge], &limits), Err(OverCap::Bytes { .. })));
        let eighteen_hours = track(512 << 20, 18.0 * 3600.0);
        assert!(matches!(
            check(&[eighteen_hours], &limits),
            Err(OverCap::OutputSeconds { .. })
        ));
        let many_long = vec![track(1, 1000.0); 8];
        assert!(matches!(
            check(&many_long, &limits),
            Err(OverCap::TrackSeconds { .. })
        ));
    }
}
