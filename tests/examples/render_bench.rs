//! How long an export render takes for 4 tracks × 60 s at mixed rates and channel
//! counts: `cargo run -p studio-tests --example render_bench` (add `/usr/bin/time -v`
//! in front for peak memory). `RENDER_BENCH_SECONDS` sets the track length (default
//! 60), to see that memory does not grow with it. Prints the numbers the README quotes.

use std::f64::consts::PI;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Writes a tone straight to disk, so only the render is measured in memory.
fn write_tone(path: &Path, rate: u32, channels: u16, hz: f64, seconds: u32) {
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(path, spec).unwrap();
    for i in 0..rate * seconds {
        let v = 0.5 * (2.0 * PI * hz * f64::from(i) / f64::from(rate)).sin();
        for _ in 0..channels {
            writer.write_sample((v * 32767.0) as i16).unwrap();
        }
    }
    writer.finalize().unwrap();
}

fn main() {
    let seconds: u32 =
        std::env::var("RENDER_BENCH_SECONDS").map_or(60, |s| s.parse().expect("a number of seconds"));
    let dir = tempfile::tempdir().unwrap();
    let specs = [
        (44_100, 2, 220.0),
        (48_000, 1, 330.0),
        (96_000, 2, 440.0),
        (22_050, 1, 550.0),
    ];
    let tracks: Vec<PathBuf> = specs
        .iter()
        .enumerate()
        .map(|(i, &(rate, channels, hz))| {
            let path = dir.path().join(format!("track-{i}.wav"));
            write_tone(&path, rate, channels, hz, seconds);
            path
        })
        .collect();
    let input: u64 = tracks.iter().map(|t| std::fs::metadata(t).unwrap().len()).sum();
    let out = dir.path().join("export.wav");
    let started = Instant::now();
    let bounds = studio::media::RenderBounds {
        max_frames: u64::MAX,
        deadline: started + std::time::Duration::from_secs(3600),
    };
    let rendered = studio::media::render_to_wav(&tracks, &out, bounds).unwrap();
    let elapsed = started.elapsed();
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!("tracks: 4 x {seconds} s (44.1 kHz stereo, 48 kHz mono, 96 kHz stereo, 22.05 kHz mono)");
    println!("input: {:.1} MB of WAV", input as f64 / 1e6);
    println!(
        "output: {} frames, {:.1} MB",
        rendered.frames,
        std::fs::metadata(&out).unwrap().len() as f64 / 1e6
    );
    println!("render: {:.2} s ({profile} build)", elapsed.as_secs_f64());
}
