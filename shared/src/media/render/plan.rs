//! What an export plays, read off an arrangement: the audible clips in timeline order,
//! each with its gains folded into one factor per side, and the uploads they play.
//!
//! The rules (docs/arrangement.md, "What an export renders"):
//! - a track is audible when it is not muted and, if any track is soloed, it is soloed
//!   too (mute wins over solo);
//! - a clip's factor per side is clip gain × track gain × master gain × the pan law's
//!   factor for that side;
//! - pan is constant-power with unity at the centre: at position p (-1..1), θ =
//!   (p + 1)·π/4, left = √2·cos θ, right = √2·sin θ; the centre is 1 on both sides (so an
//!   unpanned track is as loud as before), hard left is +3 dB left and silence right. On
//!   a stereo upload it acts as a balance: each side of the upload is scaled by its
//!   side's factor;
//! - a clip that plays nothing (trimmed to nothing) is left out.

use std::f64::consts::{FRAC_PI_4, SQRT_2};

use crate::arrangement::{Arrangement, Clip, Pan};
use crate::domain::UploadId;

/// One clip as the mixer plays it. Times are frames at the output rate (48 kHz).
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedClip {
    /// Index into [`RenderPlan::sources`].
    pub source: usize,
    /// Index of its track among the plan's audible tracks.
    pub track: usize,
    /// Where on the timeline it starts.
    pub start: u64,
    /// Where in the upload it starts playing.
    pub trim_start: u64,
    /// How long it plays, when known (from `trimEnd` or the upload's stored length);
    /// `None`: to the end of the upload's audio. The upload's real end stops it too.
    pub length: Option<u64>,
    pub fade_in: u64,
    pub fade_out: u64,
    /// The factor of each side: clip × track × master gain × pan.
    pub gains: [f64; 2],
}

impl PlannedClip {
    /// The timeline frame after its last, when its length is known.
    pub fn end(&self) -> Option<u64> {
        self.length.map(|l| self.start + l)
    }
}

/// An arrangement's audible clips, ready for the mixer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RenderPlan {
    /// The uploads the clips play, each once, in the order first met.
    pub sources: Vec<UploadId>,
    /// By start; clips starting together keep track order (top first), then clip order.
    pub clips: Vec<PlannedClip>,
    /// Audible tracks with at least one clip that plays.
    pub tracks: usize,
}

impl RenderPlan {
    /// The plan of `arrangement`.
    pub fn of(arrangement: &Arrangement) -> Self {
        let soloing = arrangement.tracks.iter().any(|t| t.solo);
        let master = arrangement.master_gain_db.factor();
        let mut plan = Self::default();
        for track in &arrangement.tracks {
            if track.muted || (soloing && !track.solo) {
                continue;
            }
            let [left, right] = pan_law(track.pan);
            let factor = track.gain_db.factor() * master;
            let before = plan.clips.len();
            for clip in &track.clips {
                let length = clip.length().map(|l| l.get());
                if length == Some(0) {
                    continue;
                }
                let gain = clip.gain_db.factor() * factor;
                let source = plan.source(clip);
                plan.clips.push(PlannedClip {
                    source,
                    track: plan.tracks,
                    start: clip.start.get(),
                    trim_start: clip.trim_start.get(),
                    length,
                    fade_in: clip.fade_in.get(),
                    fade_out: clip.fade_out.get(),
                    gains: [gain * left, gain * right],
                });
            }
            if plan.clips.len() > before {
                plan.tracks += 1;
            }
        }
        // Stable: equal starts keep the order they were pushed in.
        plan.clips.sort_by_key(|c| c.start);
        plan
    }

    fn source(&mut self, clip: &Clip) -> usize {
        match self.sources.iter().position(|u| *u == clip.upload_id) {
            Some(i) => i,
            None => {
                self.sources.push(clip.upload_id);
                self.sources.len() - 1
            }
        }
    }
}

/// The constant-power pan law with unity at the centre: (left, right) factors.
pub fn pan_law(pan: Pan) -> [f64; 2] {
    let p = pan.get();
    if p == 0.0 {
        // Exactly 1, not √2·cos(π/4) = 1.0000000000000002.
        return [1.0, 1.0];
    }
    let theta = (p + 1.0) * FRAC_PI_4;
    [SQRT_2 * theta.cos(), SQRT_2 * theta.sin()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arrangement::{ClipId, GainDb, Samples, Track, TrackId, TrackName};
    use crate::domain::SessionId;

    fn clip(upload: UploadId, start: u64, length: u64) -> Clip {
        Clip {
            id: ClipId::new(),
            upload_id: upload,
            start: Samples::new(start),
            trim_start: Samples::ZERO,
            trim_end: None,
            gain_db: GainDb::UNITY,
            fade_in: Samples::ZERO,
            fade_out: Samples::ZERO,
            source_length: Some(Samples::new(length)),
            changed_in: 1,
        }
    }

    fn track(clips: Vec<Clip>) -> Track {
        Track {
            id: TrackId::new(),
            name: TrackName::try_from("t").unwrap(),
            gain_db: GainDb::UNITY,
            pan: Pan::CENTRE,
            muted: false,
            solo: false,
            changed_in: 1,
            clips,
        }
    }

    #[test]
    fn the_pan_law_is_unity_at_the_centre_and_keeps_power_everywhere() {
        assert_eq!(pan_law(Pan::CENTRE), [1.0, 1.0]);
        let [l, r] = pan_law(Pan::try_from(-1.0).unwrap());
        assert!((l - SQRT_2).abs() < 1e-12 && r.abs() < 1e-12);
        for p in [-0.7, -0.2, 0.3, 1.0] {
            let [l, r] = pan_law(Pan::try_from(p).unwrap());
            assert!((l * l + r * r - 2.0).abs() < 1e-12, "{p}");
        }
    }

    #[test]
    fn mute_wins_solo_silences_the_others_and_empty_tracks_do_not_count() {
        let (a, b, c) = (UploadId::new(), UploadId::new(), UploadId::new());
        let mut arrangement = Arrangement::empty(SessionId::new());
        let mut soloed = track(vec![clip(a, 96_000, 10), clip(b, 0, 10)]);
        soloed.solo = true;
        let mut muted_solo = track(vec![clip(c, 0, 10)]);
        (muted_solo.solo, muted_solo.muted) = (true, true);
        let other = track(vec![clip(c, 0, 10)]);
        let mut empty = track(vec![]);
        empty.solo = true;
        arrangement.tracks = vec![other, soloed, muted_solo, empty];
        let plan = RenderPlan::of(&arrangement);
        assert_eq!(plan.tracks, 1);
        assert_eq!(plan.sources, [a, b]);
        let starts: Vec<u64> = plan.clips.iter().map(|c| c.start).collect();
        assert_eq!(starts, [0, 96_000], "by start");
        assert_eq!(plan.clips[0].source, 1);
    }

    #[test]
    fn gains_multiply_into_one_factor_per_side() {
        let upload = UploadId::new();
        let mut arrangement = Arrangement::empty(SessionId::new());
        let mut t = track(vec![clip(upload, 0, 10)]);
        t.clips[0].gain_db = GainDb::try_from(-6.0).unwrap();
        t.gain_db = GainDb::try_from(-6.0).unwrap();
        t.pan = Pan::try_from(1.0).unwrap();
        arrangement.master_gain_db = GainDb::try_from(6.0).unwrap();
        arrangement.tracks = vec![t];
        let [l, r] = RenderPlan::of(&arrangement).clips[0].gains;
        let expected = 10f64.powf(-6.0 / 20.0) * SQRT_2;
        assert!(l.abs() < 1e-12 && (r - expected).abs() < 1e-12, "{l} {r}");
    }
}
