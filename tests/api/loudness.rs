//! Loudness of uploads and exports against an independent meter: ffmpeg's `ebur128`
//! filter and `loudnorm` analysis (its own BS.1770 code, true peak read at 192 kHz), on
//! signals in
//! the style of EBU Tech 3341: sines at known levels, stereo, 44.1 and 48 kHz, and
//! quiet passages the gates must leave out. ffmpeg is Debian's, installed by
//! `ensure_audio_tools` in infra/scripts/lib.sh.

use serde_json::{Value, json};
use std::f64::consts::PI;
use std::io::Cursor;
use studio_tests::TestApp;
use studio_tests::app::put_presigned;
use studio_tests::meter::ffmpeg_meter;
use studio_tests::wav::form;

/// One stretch of a test signal: seconds of a sine at `hz` and `dbfs`, with a phase.
struct Part {
    seconds: f64,
    hz: f64,
    dbfs: f64,
    phase: f64,
}

/// A named signal at a rate, with the integrated loudness and true peak it should have.
type Case = (&'static str, u32, Vec<Part>, Option<f64>, Option<f64>);

fn part(seconds: f64, dbfs: f64) -> Part {
    Part {
        seconds,
        hz: 1000.0,
        dbfs,
        phase: 0.0,
    }
}

/// A stereo WAV (`bits` 16 or 24) of the parts one after the other, the same on both
/// channels, faded in and out.
fn signal(rate: u32, bits: u16, parts: &[Part]) -> Vec<u8> {
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: rate,
        bits_per_sample: bits,
        sample_format: hound::SampleFormat::Int,
    };
    let mut out = Cursor::new(Vec::new());
    let mut writer = hound::WavWriter::new(&mut out, spec).unwrap();
    let total: u64 = parts
        .iter()
        .map(|p| (f64::from(rate) * p.seconds).round() as u64)
        .sum();
    // 20 ms raised-cosine fades at both ends: a sine cut in mid-cycle is a step, and
    // every oversampling meter rings on a step by its own filter's overshoot.
    let fade = u64::from(rate) / 50;
    let envelope = |n: u64| {
        let edge = n.min(total - 1 - n);
        match edge < fade {
            true => 0.5 - 0.5 * (PI * edge as f64 / fade as f64).cos(),
            false => 1.0,
        }
    };
    let mut n = 0;
    for p in parts {
        let amplitude = 10f64.powf(p.dbfs / 20.0);
        for i in 0..(f64::from(rate) * p.seconds).round() as u64 {
            let sine = (2.0 * PI * p.hz * i as f64 / f64::from(rate) + p.phase).sin();
            let v = amplitude * envelope(n) * sine;
            n += 1;
            let sample = (v * f64::from((1i32 << (bits - 1)) - 1)).round() as i32;
            writer.write_sample(sample).unwrap();
            writer.write_sample(sample).unwrap();
        }
    }
    writer.finalize().unwrap();
    out.into_inner()
}

async fn upload(app: &TestApp, session: &str, name: &str, wav: &[u8]) -> Value {
    let (content_type, body) = form(Some((name, "audio/wav", wav)), Some(session));
    let (status, created) = app
        .send(reqwest::Method::POST, "/api/upload", &content_type, body)
        .await;
    assert_eq!(status, 201, "{created}");
    created["metadata"]["loudness"].clone()
}

/// Tolerances are compared with a hair of slack for the decimal rounding of both
/// meters' figures.
const SLACK: f64 = 1e-9;

/// Stores `wav` through a presigned PUT and confirms it, so it is measured where a
/// large upload is; its loudness.
async fn upload_presigned(app: &TestApp, session: &str, wav: Vec<u8>) -> Value {
    let request = json!({
        "filename": "long.wav", "contentType": "audio/wav", "size": wav.len(), "sessionId": session
    });
    let (status, created) = app.post_json("/api/upload", &request.to_string()).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(put_presigned(&created, wav).await, 200);
    let id = created["id"].as_str().unwrap();
    let (status, ready) = app.get(&format!("/api/upload?id={id}")).await;
    assert_eq!(status, 200, "{ready}");
    ready["metadata"]["loudness"].clone()
}

fn figure(loudness: &Value, key: &str) -> f64 {
    loudness[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} in {loudness}"))
}

#[tokio::test]
async fn uploads_measure_what_an_independent_meter_and_tech_3341_expect() {
    let app = TestApp::builder().media().spawn().await;
    let session = app.new_session().await;
    let tp = |seconds, hz, dbfs| Part {
        seconds,
        hz,
        dbfs,
        phase: PI / 4.0,
    };
    // (name, rate, parts, expected integrated LUFS, expected true peak dBTP). Gating
    // cases keep Tech 3341's proportions (10 s quiet, 60 s loud) at half length: a
    // 400 ms block straddling a change lowers the result by about 0.02 LU per second of
    // loud audio it is averaged with, so shorter loud parts would miss -23 by more.
    let cases: Vec<Case> = vec![
        (
            "a 1 kHz sine at -23 dBFS",
            48_000,
            vec![part(8.0, -23.0)],
            Some(-23.0),
            Some(-23.0),
        ),
        (
            "a 1 kHz sine at -33 dBFS",
            44_100,
            vec![part(8.0, -33.0)],
            Some(-33.0),
            Some(-33.0),
        ),
        (
            "-36, -23, -36 dBFS: the relative gate drops the quiet parts",
            48_000,
            vec![part(5.0, -36.0), part(30.0, -23.0), part(5.0, -36.0)],
            Some(-23.0),
            None,
        ),
        (
            "-72, -36, -23, -36, -72 dBFS: both gates",
            44_100,
            vec![
                part(5.0, -72.0),
                part(5.0, -36.0),
                part(30.0, -23.0),
                part(5.0, -36.0),
                part(5.0, -72.0),
            ],
            Some(-23.0),
            None,
        ),
        (
            "a quarter-rate sine at 45 degrees peaks between samples",
            48_000,
            vec![tp(4.0, 12_000.0, -6.0)],
            None,
            Some(-6.0),
        ),
        (
            "a near-full-scale inter-sample peak at 44.1 kHz",
            44_100,
            vec![tp(4.0, 11_025.0, -0.5)],
            None,
            Some(-0.5),
        ),
    ];
    for (name, rate, parts, expected_i, expected_tp) in cases {
        let seconds: f64 = parts.iter().map(|p| p.seconds).sum();
        // What fits the multipart route goes through it; the long ones through a
        // presigned PUT and its confirmation.
        let (wav, ours) = if seconds <= 10.0 {
            let wav = signal(rate, 24, &parts);
            let ours = upload(&app, &session, "signal.wav", &wav).await;
            (wav, ours)
        } else {
            let wav = signal(rate, 16, &parts);
            (wav.clone(), upload_presigned(&app, &session, wav).await)
        };
        let (their_i, their_tp) = ffmpeg_meter(&wav);
        let (our_i, our_tp) = (figure(&ours, "integratedLufs"), figure(&ours, "truePeakDbtp"));
        println!("{name}: ours {our_i} LUFS {our_tp} dBTP, ffmpeg {their_i} LUFS {their_tp} dBTP");
        assert!(
            (our_i - their_i).abs() <= 0.1 + SLACK,
            "{name}: {ours} vs ffmpeg {their_i}"
        );
        assert!(
            (our_tp - their_tp).abs() <= 0.2 + SLACK,
            "{name}: {ours} vs ffmpeg {their_tp}"
        );
        if let Some(expected) = expected_i {
            assert!((our_i - expected).abs() <= 0.1 + SLACK, "{name}: {ours}");
        }
        if let Some(expected) = expected_tp {
            assert!((our_tp - expected).abs() <= 0.2 + SLACK, "{name}: {ours}");
        }
        let short = figure(&ours, "maxShortTermLufs");
        assert!(
            short >= our_i - 0.1,
            "{name}: the loudest 3 s is at least the whole: {ours}"
        );
    }
}

#[tokio::test]
async fn an_export_records_the_loudness_an_independent_meter_finds_in_its_file() {
    let app = TestApp::builder().media().spawn().await;
    let session = app.new_session().await;
    upload(&app, &session, "a.wav", &signal(44_100, 24, &[part(6.0, -12.0)])).await;
    let quiet = Part {
        hz: 440.0,
        ..part(4.0, -20.0)
    };
    upload(&app, &session, "b.wav", &signal(48_000, 24, &[quiet])).await;
    let (status, made) = app
        .post_json("/api/export", &json!({ "sessionId": session }).to_string())
        .await;
    assert_eq!(status, 201, "{made}");
    let ours = made["export"]["loudness"].clone();
    let response = reqwest::get(made["url"].as_str().unwrap()).await.unwrap();
    let wav = response.bytes().await.unwrap();
    let (their_i, their_tp) = ffmpeg_meter(&wav);
    println!("export: ours {ours}, ffmpeg {their_i} LUFS {their_tp} dBTP");
    assert!(
        (figure(&ours, "integratedLufs") - their_i).abs() <= 0.1 + SLACK,
        "{ours} vs {their_i}"
    );
    assert!(
        (figure(&ours, "truePeakDbtp") - their_tp).abs() <= 0.2 + SLACK,
        "{ours} vs {their_tp}"
    );
    assert!(
        figure(&ours, "loudnessRangeLu") > 0.0,
        "a loud part then a quiet one: {ours}"
    );

    let id = made["exportId"].as_str().unwrap();
    let (_, listed) = app.get(&format!("/api/export?sessionId={session}")).await;
    assert_eq!(
        listed["exports"][0]["export"]["loudness"], ours,
        "listed as recorded"
    );
    let (_, got) = app.get(&format!("/api/export?id={id}")).await;
    assert_eq!(got["export"]["loudness"], ours);
}
