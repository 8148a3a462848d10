//! The arranged mix against the plain sum of whole uploads, and trimmed clips against
//! the same audio played whole.

use hound::{SampleFormat, WavSpec, WavWriter};
use std::f32::consts::PI;
use std::path::{Path, PathBuf};

use super::*;
use crate::media::render::mix::mix_blocks;
use crate::media::render::plan::PlannedClip;

fn tone(dir: &Path, name: &str, rate: u32, channels: u16, frames: u32, hz: f32) -> PathBuf {
    let path = dir.join(name);
    let spec = WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: SampleFormat::Int,
    };
    let mut writer = WavWriter::create(&path, spec).unwrap();
    for i in 0..frames {
        let v = (2.0 * PI * hz * i as f32 / rate as f32).sin() * 0.6;
        for c in 0..channels {
            let side = if c == 1 { 0.5 } else { 1.0 };
            writer.write_sample((v * side * 32767.0) as i16).unwrap();
        }
    }
    writer.finalize().unwrap();
    path
}

fn clip(source: usize, track: usize, start: u64, trim_start: u64, length: Option<u64>) -> PlannedClip {
    PlannedClip {
        source,
        track,
        start,
        trim_start,
        length,
        fade_in: 0,
        fade_out: 0,
        gains: [1.0, 1.0],
    }
}

fn collect(plan: &RenderPlan, files: &[Option<PathBuf>]) -> (Mixed, Vec<f32>) {
    let mut out = Vec::new();
    let mixed = mix_plan(plan, files, RenderBounds::roomy(), &mut |block| {
        out.extend_from_slice(block);
        Ok(())
    })
    .unwrap();
    (mixed, out)
}

#[test]
fn an_unarranged_plan_mixes_exactly_as_the_plain_sum_of_whole_uploads() {
    let dir = tempfile::tempdir().unwrap();
    let files = vec![
        tone(dir.path(), "a.wav", 44_100, 1, 44_100, 440.0),
        tone(dir.path(), "b.wav", 48_000, 2, 30_000, 1000.0),
        tone(dir.path(), "c.wav", 96_000, 2, 48_000, 300.0),
    ];
    let mut plain = Vec::new();
    let summed = mix_blocks(&files, RenderBounds::roomy(), &mut |block| {
        plain.extend_from_slice(block);
        Ok(())
    })
    .unwrap();
    let plan = RenderPlan {
        sources: Vec::new(),
        clips: vec![
            clip(0, 0, 0, 0, Some(48_000)),
            clip(1, 1, 0, 0, Some(30_000)),
            clip(2, 2, 0, 0, Some(24_000)),
        ],
        tracks: 3,
    };
    let staged: Vec<_> = files.into_iter().map(Some).collect();
    let (mixed, arranged) = collect(&plan, &staged);
    assert_eq!((mixed.frames, mixed.tracks), (summed.frames, summed.tracks));
    assert_eq!(arranged.len(), plain.len());
    assert!(arranged == plain, "bit for bit");
}

#[test]
fn a_trimmed_clip_plays_the_same_samples_as_the_whole_upload_from_that_point() {
    let dir = tempfile::tempdir().unwrap();
    for (rate, tolerance) in [(48_000, 0.0), (44_100, 1e-4)] {
        let file = tone(dir.path(), "t.wav", rate, 2, rate * 2, 523.25);
        let whole = RenderPlan {
            sources: Vec::new(),
            clips: vec![clip(0, 0, 0, 0, None)],
            tracks: 1,
        };
        let (_, reference) = collect(&whole, &[Some(file.clone())]);
        // 30 000 frames in, played from 5 000 for 20 000 frames.
        let trimmed = RenderPlan {
            sources: Vec::new(),
            clips: vec![clip(0, 0, 5_000, 30_000, Some(20_000))],
            tracks: 1,
        };
        let (mixed, out) = collect(&trimmed, &[Some(file)]);
        assert_eq!(mixed.frames, 25_000, "{rate}");
        assert!(out[..10_000].iter().all(|s| *s == 0.0), "silence before the clip");
        let played = &out[10_000..];
        let expected = &reference[60_000..100_000];
        let worst = played
            .iter()
            .zip(expected)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f32, f32::max);
        assert!(worst <= tolerance, "{rate} Hz: off by {worst}");
    }
}

#[test]
fn clips_far_apart_leave_silence_between_and_the_mix_ends_with_the_last() {
    let dir = tempfile::tempdir().unwrap();
    let file = tone(dir.path(), "t.wav", 48_000, 1, 1_000, 440.0);
    let plan = RenderPlan {
        sources: Vec::new(),
        clips: vec![clip(0, 0, 0, 0, Some(1_000)), clip(0, 1, 100_000, 0, Some(1_000))],
        tracks: 2,
    };
    let (mixed, out) = collect(&plan, &[Some(file)]);
    assert_eq!((mixed.frames, mixed.tracks), (101_000, 2));
    assert!(out[2_000..200_000].iter().all(|s| *s == 0.0));
    assert!(out[200_000..].iter().any(|s| *s != 0.0));
}
