//! Exports render the arrangement: tones placed at known offsets with known gains,
//! pans, trims and fades come out sample by sample as computed here; mute and solo
//! decide what is heard; the export records the version it rendered, and the same
//! version renders to the same bytes.

use reqwest::Method;
use serde_json::{Value, json};
use std::f64::consts::{FRAC_PI_4, SQRT_2};
use studio_tests::TestApp;
use studio_tests::wav::{amplitude_at, tone};

async fn edit(app: &TestApp, session: &str, base: &Value, operations: Value) -> u64 {
    let body = json!({ "sessionId": session, "baseVersion": base, "operations": operations });
    let (status, answer) = app.send_json(Method::POST, "/api/arrangement", &body).await;
    assert_eq!(status, 200, "{answer}");
    answer["version"].as_u64().unwrap()
}

async fn export(app: &TestApp, body: Value) -> (Value, Vec<u8>) {
    let (status, made) = app.post_json("/api/export", &body.to_string()).await;
    assert_eq!(status, 201, "{made}");
    let bytes = reqwest::get(made["url"].as_str().unwrap()).await.unwrap();
    (made, bytes.bytes().await.unwrap().to_vec())
}

/// The first channel of a 16-bit WAV, as the decoders read it (i16 / 32768).
fn samples(wav: &[u8]) -> Vec<f64> {
    let mut reader = hound::WavReader::new(std::io::Cursor::new(wav)).unwrap();
    let channels = reader.spec().channels as usize;
    let all: Vec<i16> = reader.samples::<i16>().map(Result::unwrap).collect();
    all.chunks_exact(channels)
        .map(|f| f64::from(f[0]) / 32768.0)
        .collect()
}

/// Left and right of a 16-bit stereo WAV, as full-scale fractions (i16 / 32767).
fn stereo(wav: &[u8]) -> Vec<[f64; 2]> {
    let mut reader = hound::WavReader::new(std::io::Cursor::new(wav)).unwrap();
    let all: Vec<i16> = reader.samples::<i16>().map(Result::unwrap).collect();
    all.chunks_exact(2)
        .map(|f| [f64::from(f[0]) / 32767.0, f64::from(f[1]) / 32767.0])
        .collect()
}

fn db(gain: f64) -> f64 {
    10f64.powf(gain / 20.0)
}

fn pan(p: f64) -> [f64; 2] {
    let theta = (p + 1.0) * FRAC_PI_4;
    [SQRT_2 * theta.cos(), SQRT_2 * theta.sin()]
}

/// A clip as the test expects it to play.
struct Expected<'a> {
    source: &'a dyn Fn(u64) -> f64,
    start: u64,
    trim_start: u64,
    length: u64,
    fade_in: u64,
    fade_out: u64,
    gains: [f64; 2],
}

impl Expected<'_> {
    fn at(&self, t: u64) -> [f64; 2] {
        if t < self.start || t >= self.start + self.length {
            return [0.0, 0.0];
        }
        let at = t - self.start;
        let mut fade = 1.0;
        if at < self.fade_in {
            fade = at as f64 / self.fade_in as f64;
        }
        let left = self.length - 1 - at;
        if left < self.fade_out {
            fade *= left as f64 / self.fade_out as f64;
        }
        let s = (self.source)(self.trim_start + at) * fade;
        [s * self.gains[0], s * self.gains[1]]
    }
}

#[tokio::test]
async fn an_arranged_export_is_the_expected_signal_sample_by_sample() {
    let app = TestApp::builder().media().realtime().spawn().await;
    let session = app.new_session().await;
    let a_wav = tone(48_000, 1, 1.0, 440.0, 0.5);
    let b_wav = tone(48_000, 2, 1.0, 1000.0, 0.5);
    let c_wav = tone(44_100, 1, 1.0, 660.0, 0.5);
    app.upload_wav(&session, "a.wav", &a_wav, None).await;
    let b = app.upload_wav(&session, "b.wav", &b_wav, None).await;
    let _c = app.upload_wav(&session, "c.wav", &c_wav, None).await;
    let _d = app
        .upload_wav(&session, "d.wav", &tone(48_000, 1, 1.0, 200.0, 0.5), None)
        .await;
    let doc = app.arrangement(&format!("sessionId={session}")).await;
    let tracks: Vec<&Value> = doc["tracks"].as_array().unwrap().iter().collect();
    let clip_of = |i: usize| tracks[i]["clips"][0]["id"].clone();
    let track = |i: usize| tracks[i]["id"].clone();
    let version = edit(
        &app,
        &session,
        &doc["version"],
        json!([
            { "op": "setMasterGain", "gainDb": -2.0 },
            { "op": "setTrack", "trackId": track(0), "gainDb": -6.0, "pan": -0.5 },
            { "op": "moveClip", "clipId": clip_of(0), "start": 4_800 },
            { "op": "trimClip", "clipId": clip_of(0), "trimStart": 2_400, "trimEnd": 40_800 },
            { "op": "setClip", "clipId": clip_of(0), "gainDb": -3.0, "fadeIn": 4_800, "fadeOut": 9_600 },
            { "op": "setTrack", "trackId": track(1), "pan": 0.75 },
            { "op": "moveClip", "clipId": clip_of(1), "start": 24_000 },
            { "op": "trimClip", "clipId": clip_of(1), "trimStart": 12_000 },
            { "op": "setClip", "clipId": clip_of(1), "fadeOut": 4_800 },
            { "op": "addClip", "trackId": track(1), "uploadId": b, "start": 72_000, "trimEnd": 12_000, "gainDb": 3.0 },
            { "op": "trimClip", "clipId": clip_of(2), "trimStart": 4_800, "trimEnd": 43_200 },
            { "op": "setClip", "clipId": clip_of(2), "fadeIn": 2_400, "fadeOut": 2_400 },
            { "op": "setTrack", "trackId": track(3), "muted": true },
        ]),
    )
    .await;

    let (made, wav) = export(
        &app,
        json!({ "sessionId": session, "mastering": { "target": "off" } }),
    )
    .await;
    assert_eq!(made["version"], version, "{made}");
    assert_eq!(made["export"]["version"], version);
    assert_eq!(made["export"]["trackCount"], 3, "the muted track is not mixed");
    let fetched = reqwest::get(made["url"].as_str().unwrap()).await.unwrap();
    let disposition = fetched
        .headers()
        .get("content-disposition")
        .map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(
        disposition.as_deref(),
        Some(format!("attachment; filename=\"export-{session}-v{version}.wav\"").as_str()),
        "the URL saves the file under a name"
    );
    let out = stereo(&wav);
    // The last clip: B again at 72 000 for 12 000 frames.
    assert_eq!(out.len(), 84_000, "the export ends with the last clip");

    let (a_src, b_src) = (samples(&a_wav), samples(&b_wav));
    let from_a = |i: u64| a_src[i as usize];
    let from_b = |i: u64| b_src[i as usize];
    // C at 44.1 kHz, resampled: the continuous sine it was sampled from.
    let from_c =
        |i: u64| 0.5 * 32767.0 / 32768.0 * (2.0 * std::f64::consts::PI * 660.0 * i as f64 / 48_000.0).sin();
    let (master, share) = (db(-2.0), 1.0 / 3.0);
    let side = |gain: f64, p: f64| pan(p).map(|s| s * gain * master * share);
    let clips = [
        Expected {
            source: &from_a,
            start: 4_800,
            trim_start: 2_400,
            length: 38_400,
            fade_in: 4_800,
            fade_out: 9_600,
            gains: side(db(-3.0) * db(-6.0), -0.5),
        },
        Expected {
            source: &from_b,
            start: 24_000,
            trim_start: 12_000,
            length: 36_000,
            fade_in: 0,
            fade_out: 4_800,
            gains: side(1.0, 0.75),
        },
        Expected {
            source: &from_b,
            start: 72_000,
            trim_start: 0,
            length: 12_000,
            fade_in: 0,
            fade_out: 0,
            gains: side(db(3.0), 0.75),
        },
    ];
    let c = Expected {
        source: &from_c,
        start: 0,
        trim_start: 4_800,
        length: 38_400,
        fade_in: 2_400,
        fade_out: 2_400,
        gains: side(1.0, 0.0),
    };
    // 16 bits with TPDF dither: within 1.5 LSB of the exact mix (±1 of noise, ±0.5 of
    // rounding; 0.01 for float arithmetic), plus the 44.1 kHz
    // upload's own 16-bit rounding and the resampler's error where it plays.
    let lsb = 1.0 / 32767.0;
    let (mut worst_exact, mut worst_resampled) = (0.0f64, 0.0f64);
    for (t, got) in out.iter().enumerate() {
        let t = t as u64;
        let mut want = c.at(t);
        for clip in &clips {
            let [l, r] = clip.at(t);
            want[0] += l;
            want[1] += r;
        }
        let off = (got[0] - want[0]).abs().max((got[1] - want[1]).abs());
        if t < 38_400 {
            worst_resampled = worst_resampled.max(off);
        } else {
            worst_exact = worst_exact.max(off);
        }
        if want == [0.0, 0.0] {
            assert_eq!(*got, [0.0, 0.0], "silence at {t} stays digital silence");
        }
    }
    println!(
        "worst error: {:.2} LSB where only 48 kHz uploads play, {:.2} LSB with the 44.1 kHz one",
        worst_exact / lsb,
        worst_resampled / lsb
    );
    assert!(worst_exact <= 1.51 * lsb, "{} LSB", worst_exact / lsb);
    assert!(worst_resampled <= 4.0 * lsb, "{} LSB", worst_resampled / lsb);

    // The same version again: the same bytes.
    let body = json!({ "sessionId": session, "mastering": { "target": "off" }, "version": version });
    let (again, same) = export(&app, body).await;
    assert_ne!(again["exportId"], made["exportId"]);
    assert!(same == wav, "the same version renders to the same bytes");

    // 24-bit and float files of the same version: valid headers, the same audio within
    // the 16-bit file's quantisation.
    for (format, bits, float) in [("wav24", 24, false), ("wav32f", 32, true)] {
        let body = json!({ "sessionId": session, "mastering": { "target": "off" }, "format": format });
        let (made, bytes) = export(&app, body).await;
        assert_eq!(made["export"]["format"], format);
        let mut reader = hound::WavReader::new(std::io::Cursor::new(&bytes)).unwrap();
        let spec = reader.spec();
        assert_eq!(
            (spec.sample_rate, spec.channels, spec.bits_per_sample),
            (48_000, 2, bits)
        );
        assert_eq!(spec.sample_format == hound::SampleFormat::Float, float);
        let values: Vec<f64> = match float {
            true => reader.samples::<f32>().map(|s| f64::from(s.unwrap())).collect(),
            false => reader
                .samples::<i32>()
                .map(|s| f64::from(s.unwrap()) / 8_388_607.0)
                .collect(),
        };
        assert_eq!(values.len(), out.len() * 2, "{format}");
        let worst = values
            .chunks_exact(2)
            .zip(&out)
            .map(|(v, o)| (v[0] - o[0]).abs().max((v[1] - o[1]).abs()))
            .fold(0.0f64, f64::max);
        assert!(
            worst <= 1.51 * lsb,
            "{format}: {} LSB of 16 bits apart",
            worst / lsb
        );
    }
    let body = json!({ "sessionId": session, "format": "mp3" });
    let (status, refused) = app.post_json("/api/export", &body.to_string()).await;
    assert_eq!(
        (status, &refused["error"]["code"]),
        (400, &json!("invalid_format"))
    );
}

#[tokio::test]
async fn solo_silences_the_other_tracks_and_versions_are_checked() {
    let app = TestApp::builder().media().realtime().spawn().await;
    let session = app.new_session().await;
    app.upload_wav(&session, "a.wav", &tone(48_000, 1, 0.5, 440.0, 0.5), None)
        .await;
    app.upload_wav(&session, "b.wav", &tone(48_000, 1, 1.0, 1000.0, 0.5), None)
        .await;
    let doc = app.arrangement(&format!("sessionId={session}")).await;
    let second = doc["tracks"][1]["id"].clone();
    let version = edit(
        &app,
        &session,
        &doc["version"],
        json!([{ "op": "setTrack", "trackId": second, "solo": true }]),
    )
    .await;
    let (made, wav) = export(
        &app,
        json!({ "sessionId": session, "mastering": { "target": "off" } }),
    )
    .await;
    assert_eq!(made["export"]["trackCount"], 1);
    let left: Vec<f64> = stereo(&wav).iter().map(|f| f[0]).collect();
    assert_eq!(left.len(), 48_000);
    let head = &left[..24_000];
    assert!(
        amplitude_at(head, 48_000, 1000.0) > 0.45,
        "the soloed track, alone at 1/1"
    );
    assert!(amplitude_at(head, 48_000, 440.0) < 0.01, "the other is silent");

    // The version before the solo: both tracks play.
    let (older, wav) = export(
        &app,
        json!({ "sessionId": session, "version": version - 1, "mastering": { "target": "off" } }),
    )
    .await;
    assert_eq!(older["version"], version - 1);
    let left: Vec<f64> = stereo(&wav).iter().map(|f| f[0]).collect();
    let head = &left[..24_000];
    assert!(
        amplitude_at(head, 48_000, 440.0) > 0.2,
        "before the solo the first track plays"
    );
    assert!(amplitude_at(head, 48_000, 1000.0) > 0.2, "and the second");

    for (asked, status, code) in [
        (json!(version + 5), 422, "unknown_version"),
        (json!(-1), 400, "invalid_version"),
        (json!("2"), 400, "invalid_version"),
    ] {
        let body = json!({ "sessionId": session, "version": asked });
        let (got, answer) = app.post_json("/api/export", &body.to_string()).await;
        assert_eq!(got, status, "{asked}: {answer}");
        assert_eq!(answer["error"]["code"], code, "{answer}");
    }
    let (_, listed) = app.get(&format!("/api/export?sessionId={session}")).await;
    let exports = listed["exports"].as_array().unwrap();
    assert_eq!(exports.len(), 2, "refusals write nothing");
    let mut versions: Vec<u64> = exports.iter().map(|e| e["version"].as_u64().unwrap()).collect();
    versions.sort_unstable();
    assert_eq!(
        versions,
        [version - 1, version],
        "each export records the version it rendered"
    );
}

#[tokio::test]
async fn the_caps_count_the_clips_played_not_the_whole_uploads() {
    let limits = studio::media::ExportLimits {
        max_output_seconds: 1.0,
        max_track_seconds: 1.0,
        ..studio::media::ExportLimits::DEFAULT
    };
    let app = TestApp::builder()
        .media()
        .realtime()
        .export_limits(limits)
        .spawn()
        .await;
    let session = app.new_session().await;
    app.upload_wav(&session, "long.wav", &tone(8_000, 1, 3.0, 440.0, 0.5), None)
        .await;
    let (status, refused) = app
        .post_json("/api/export", &json!({ "sessionId": session }).to_string())
        .await;
    assert_eq!(
        (status, &refused["error"]["code"]),
        (422, &json!("export_over_limit"))
    );
    let doc = app.arrangement(&format!("sessionId={session}")).await;
    let clip = doc["tracks"][0]["clips"][0]["id"].clone();
    edit(
        &app,
        &session,
        &doc["version"],
        json!([{ "op": "trimClip", "clipId": clip, "trimStart": 48_000, "trimEnd": 72_000 }]),
    )
    .await;
    let (made, _) = export(&app, json!({ "sessionId": session })).await;
    assert_eq!(made["export"]["frames"], 24_000, "half a second of a 3 s upload");
}
