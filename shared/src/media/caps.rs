//! Checking an export against its caps from the arrangement and the stored metadata
//! alone, before a byte of audio is downloaded. The caps count what is rendered: the
//! audible tracks, the uploads their clips play, and the clips' lengths (not the
//! uploads' whole lengths).

use super::{ExportLimits, OUTPUT_RATE, RenderPlan};

/// An export that would do more work than one render may.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OverCap {
    #[error("more than {max} tracks are audible; an export mixes at most {max}")]
    Tracks { max: usize },
    #[error("the uploads the clips play hold {bytes} bytes; an export reads at most {max} bytes")]
    Bytes { bytes: u64, max: u64 },
    #[error("the clips last {seconds:.0} s in all; an export decodes at most {max:.0} s")]
    TrackSeconds { seconds: f64, max: f64 },
    #[error("the last clip ends at {seconds:.0} s; an export lasts at most {max:.0} s")]
    OutputSeconds { seconds: f64, max: f64 },
}

/// Whether `plan`'s track count fits: checked before the uploads are looked up.
pub fn check_tracks(plan: &RenderPlan, limits: &ExportLimits) -> Result<(), OverCap> {
    if plan.tracks > limits.max_tracks {
        return Err(OverCap::Tracks {
            max: limits.max_tracks,
        });
    }
    Ok(())
}

/// Whether `plan` fits in one export; `sizes` are the bytes of the uploads it plays.
/// A clip whose length is unknown (its upload's container gave no duration and it has
/// no `trimEnd`) counts as zero here; the render's frame cap and deadline bound it.
pub fn check(plan: &RenderPlan, sizes: &[u64], limits: &ExportLimits) -> Result<(), OverCap> {
    check_tracks(plan, limits)?;
    let bytes: u64 = sizes.iter().sum();
    if bytes > limits.max_bytes {
        return Err(OverCap::Bytes {
            bytes,
            max: limits.max_bytes,
        });
    }
    let rate = f64::from(OUTPUT_RATE);
    let end = plan
        .clips
        .iter()
        .map(|c| c.end().unwrap_or(c.start))
        .max()
        .unwrap_or(0);
    if end as f64 / rate > limits.max_output_seconds {
        return Err(OverCap::OutputSeconds {
            seconds: end as f64 / rate,
            max: limits.max_output_seconds,
        });
    }
    let total: u64 = plan.clips.iter().filter_map(|c| c.length).sum();
    if total as f64 / rate > limits.max_track_seconds {
        return Err(OverCap::TrackSeconds {
            seconds: total as f64 / rate,
            max: limits.max_track_seconds,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::PlannedClip;

    fn plan(tracks: usize, clips: &[(u64, u64)]) -> RenderPlan {
        RenderPlan {
            sources: Vec::new(),
            clips: clips
                .iter()
                .map(|&(start, length)| PlannedClip {
                    source: 0,
                    track: 0,
                    start,
                    trim_start: 0,
                    length: Some(length),
                    fade_in: 0,
                    fade_out: 0,
                    gains: [1.0, 1.0],
                })
                .collect(),
            tracks,
        }
    }

    #[test]
    fn each_cap_refuses_from_the_plan_and_metadata_alone() {
        let limits = ExportLimits::DEFAULT;
        let minute = 60 * 48_000;
        assert_eq!(check(&plan(32, &[(0, minute)]), &[1], &limits), Ok(()));
        assert!(matches!(
            check(&plan(33, &[(0, 1)]), &[1], &limits),
            Err(OverCap::Tracks { .. })
        ));
        let huge = [limits.max_bytes, 1];
        assert!(matches!(
            check(&plan(1, &[(0, 1)]), &huge, &limits),
            Err(OverCap::Bytes { .. })
        ));
        // A one-minute clip placed at 19:30 ends past the 20-minute cap.
        let late = plan(1, &[(19 * minute + minute / 2, minute)]);
        assert!(matches!(
            check(&late, &[1], &limits),
            Err(OverCap::OutputSeconds { .. })
        ));
        let many_long = plan(8, &[(0, 16 * minute); 8]);
        assert!(matches!(
            check(&many_long, &[1], &limits),
            Err(OverCap::TrackSeconds { .. })
        ));
    }

    #[test]
    fn a_short_clip_of_a_long_upload_counts_only_what_it_plays() {
        // Whatever the upload's length, the plan holds the clip's.
        let limits = ExportLimits::DEFAULT;
        assert_eq!(check(&plan(1, &[(0, 48_000)]), &[1], &limits), Ok(()));
    }
}
