//! Mastered exports through the local gateway, measured by ffmpeg (Debian's, from
//! `ensure_audio_tools`): normalised to the target with no true peak over the ceiling
//! whatever the track count, and bad options refused before anything is written.

use serde_json::{Value, json};
use studio_tests::TestApp;
use studio_tests::meter::ffmpeg_meter;
use studio_tests::wav::{form, tone};

async fn upload(app: &TestApp, session: &str, wav: &[u8]) {
    let (content_type, body) = form(Some(("t.wav", "audio/wav", wav)), Some(session));
    let (status, created) = app
        .send(reqwest::Method::POST, "/api/upload", &content_type, body)
        .await;
    assert_eq!(status, 201, "{created}");
}

/// A 2 s stereo WAV of full-scale 2 ms bursts every second over a quiet hum: quiet as
/// a whole, so normalising lifts its peaks far over any ceiling.
fn bursts() -> Vec<u8> {
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: 48_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = hound::WavWriter::new(&mut out, spec).unwrap();
    for i in 0..96_000u32 {
        let level = if i % 48_000 < 96 { 32_000.0 } else { 300.0 };
        let v = (f64::from(i) * 0.37).sin() * level;
        writer.write_sample(v as i16).unwrap();
        writer.write_sample(v as i16).unwrap();
    }
    writer.finalize().unwrap();
    out.into_inner()
}

async fn export(app: &TestApp, body: Value) -> (Value, (f64, f64)) {
    let (status, made) = app.post_json("/api/export", &body.to_string()).await;
    assert_eq!(status, 201, "{made}");
    let wav = reqwest::get(made["url"].as_str().unwrap())
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let measured = ffmpeg_meter(&wav);
    (made, measured)
}

#[tokio::test]
async fn exports_of_1_8_and_32_tracks_measure_minus_14_lufs_with_no_true_peak_over_minus_1() {
    let app = TestApp::builder().media().spawn().await;
    for count in [1usize, 8, 32] {
        let session = app.new_session().await;
        // With other tracks, every fourth is bursts (in step, so they add up) and the
        // rest quiet tones: normalising lifts the bursts over the ceiling and the limiter
        // works. (Alone, the limiter would have to take off the very peaks that make a
        // track loud, and one gain cannot then reach the target: see docs/media.md.)
        for i in 0..count {
            if count > 1 && i % 4 == 0 {
                upload(&app, &session, &bursts()).await;
                continue;
            }
            // Tones a few semitones apart, some in phase.
            let hz = 110.0 * 2f64.powf((i % 24) as f64 / 6.0);
            let spread = ((i * 7) % 10) as f64 / 9.0;
            let level = if count > 1 {
                0.05 + 0.1 * spread
            } else {
                0.3 + 0.65 * spread
            };
            upload(&app, &session, &tone(48_000, 1 + (i % 2) as u16, 2.0, hz, level)).await;
        }
        let (made, (integrated, peak)) = export(&app, json!({ "sessionId": session })).await;
        let record = &made["export"];
        println!(
            "{count} tracks: ffmpeg {integrated} LUFS {peak} dBTP; {}",
            record["mastering"]
        );
        assert!(
            (integrated + 14.0).abs() <= 0.5,
            "{count} tracks: {integrated} LUFS"
        );
        assert!(peak <= -1.0, "{count} tracks: true peak {peak} dBTP");
        assert_eq!(record["trackCount"], count);
        let reduction = record["mastering"]["limiterMaxReductionDb"].as_f64().unwrap();
        assert!(
            count == 1 || reduction > 1.0,
            "{count} tracks: the limiter held the bursts down: {reduction}"
        );
        assert_eq!(record["mastering"]["target"], "streaming");
        assert_eq!(record["mastering"]["ceilingDbtp"], -1.0);
        let after = record["loudness"]["integratedLufs"].as_f64().unwrap();
        assert!((after + 14.0).abs() <= 0.5, "recorded after mastering: {after}");
        let before = record["mastering"]["integratedLufsBefore"].as_f64().unwrap();
        let gain = record["mastering"]["gainDb"].as_f64().unwrap();
        // The gain takes the mix to -14, or further when the limiter took some off.
        let reached = before + gain + 14.0;
        match reduction == 0.0 {
            true => assert!(reached.abs() < 0.02, "{before} + {gain}"),
            false => assert!(reached > -0.02, "{before} + {gain}"),
        }
    }
}

#[tokio::test]
async fn off_keeps_the_mix_level_but_still_holds_a_full_scale_track_under_the_ceiling() {
    let app = TestApp::builder().media().spawn().await;
    let session = app.new_session().await;
    upload(&app, &session, &tone(48_000, 2, 3.0, 997.0, 1.0)).await;
    let body = json!({ "sessionId": session, "mastering": { "target": "off", "ceilingDbtp": -3 } });
    let (made, (integrated, peak)) = export(&app, body).await;
    let applied = &made["export"]["mastering"];
    println!("off: ffmpeg {integrated} LUFS {peak} dBTP; {applied}");
    assert_eq!(applied["gainDb"], 0.0);
    assert!(peak <= -3.0, "true peak {peak} dBTP");
    let reduction = applied["limiterMaxReductionDb"].as_f64().unwrap();
    assert!(
        (2.9..3.5).contains(&reduction),
        "a full-scale sine held 3 dB down: {reduction}"
    );
    let apple = json!({ "sessionId": session, "mastering": { "target": "apple" } });
    let (_, (integrated, _)) = export(&app, apple).await;
    assert!((integrated + 16.0).abs() <= 0.5, "apple: {integrated}");
}

#[tokio::test]
async fn bad_mastering_options_get_400_and_write_no_export() {
    let app = TestApp::builder().media().spawn().await;
    let session = app.new_session().await;
    upload(&app, &session, &tone(8_000, 1, 1.0, 440.0, 0.5)).await;
    for mastering in [
        json!({ "target": "louder" }),
        json!({ "target": -3 }),
        json!({ "ceilingDbtp": 1 }),
        json!({ "ceilingDbtp": "-1" }),
        json!({ "limiter": true }),
        json!("streaming"),
    ] {
        let body = json!({ "sessionId": session, "mastering": mastering });
        let (status, answer) = app.post_json("/api/export", &body.to_string()).await;
        assert_eq!(status, 400, "{mastering}: {answer}");
        assert_eq!(answer["error"]["code"], "invalid_mastering", "{answer}");
    }
    let (_, listed) = app.get(&format!("/api/export?sessionId={session}")).await;
    assert_eq!(listed["exports"], json!([]), "nothing written: {listed}");
}
