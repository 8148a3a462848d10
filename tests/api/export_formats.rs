//! Export formats and rates through the local gateway: a FLAC export decodes, with
//! ffmpeg (an independent decoder), to exactly the PCM of the WAV export of the same
//! version and options; a 44.1 kHz export has that rate, the scaled length and the
//! loudness of the 48 kHz one; each URL names its file and content type; bad options
//! are refused with nothing stored.

use serde_json::{Value, json};
use studio_tests::TestApp;
use studio_tests::meter::ffmpeg_meter;
use studio_tests::wav::tone;

/// Makes an export; its answer, its bytes and the `Content-Type` and
/// `Content-Disposition` its URL is served with.
async fn export(app: &TestApp, body: Value) -> (Value, Vec<u8>, String, String) {
    let (status, made) = app.post_json("/api/export", &body.to_string()).await;
    assert_eq!(status, 201, "{made}");
    let fetched = reqwest::get(made["url"].as_str().unwrap()).await.unwrap();
    assert_eq!(fetched.status(), 200);
    let header = |name: &str| {
        fetched
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (content_type, disposition) = (header("content-type"), header("content-disposition"));
    let bytes = fetched.bytes().await.unwrap().to_vec();
    (made, bytes, content_type, disposition)
}

/// The PCM of a WAV of `bits`-bit integers as little-endian bytes of that width.
fn wav_pcm(wav: &[u8]) -> (Vec<u8>, hound::WavSpec) {
    let mut reader = hound::WavReader::new(std::io::Cursor::new(wav)).unwrap();
    let spec = reader.spec();
    let width = usize::from(spec.bits_per_sample / 8);
    let pcm = reader
        .samples::<i32>()
        .flat_map(|s| s.unwrap().to_le_bytes()[..width].to_vec())
        .collect();
    (pcm, spec)
}

/// The PCM ffmpeg decodes a FLAC file to, as `raw` (`s16le` or `s24le`).
fn ffmpeg_pcm(flac: &[u8], raw: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.flac");
    std::fs::write(&path, flac).unwrap();
    let output = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-i"])
        .arg(&path)
        .args(["-f", raw, "-"])
        .output()
        .expect("ffmpeg runs (infra/scripts/lib.sh ensure_audio_tools installs it)");
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "ffmpeg: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// What a FLAC file's STREAMINFO says: rate, bits per sample, total frames, and the
/// MD5 of the PCM (hex).
fn stream_info(flac: &[u8]) -> (u64, u64, u64, String) {
    let packed = u64::from_be_bytes(flac[18..26].try_into().unwrap());
    let md5 = flac[26..42].iter().map(|b| format!("{b:02x}")).collect();
    (
        packed >> 44,
        ((packed >> 36) & 31) + 1,
        packed & ((1 << 36) - 1),
        md5,
    )
}

/// The MD5 of the PCM ffmpeg decodes a FLAC file to, as `raw`: what STREAMINFO must say.
fn ffmpeg_md5(flac: &[u8], raw: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.flac");
    std::fs::write(&path, flac).unwrap();
    let codec = format!("pcm_{raw}");
    let output = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-i"])
        .arg(&path)
        .args(["-c:a", &codec, "-f", "md5", "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    text.trim().trim_start_matches("MD5=").to_owned()
}

/// A session with a 48 kHz stereo tone and a 44.1 kHz mono one (resampled by the
/// render) of different lengths.
async fn session_with_audio(app: &TestApp) -> String {
    let session = app.new_session().await;
    app.upload_wav(&session, "a.wav", &tone(48_000, 2, 1.5, 440.0, 0.5), None)
        .await;
    app.upload_wav(&session, "b.wav", &tone(44_100, 1, 1.2, 1250.0, 0.3), None)
        .await;
    session
}

#[tokio::test]
async fn flac_exports_decode_with_ffmpeg_to_exactly_the_pcm_of_the_wav_export_of_the_same_options() {
    let app = TestApp::builder().media().spawn().await;
    let session = session_with_audio(&app).await;
    for rate in [48_000, 44_100] {
        for (wav_format, flac_format, raw) in [("wav16", "flac16", "s16le"), ("wav24", "flac24", "s24le")] {
            let options =
                |format: &str| json!({ "sessionId": session, "format": format, "sampleRate": rate });
            let (_, wav, wav_type, _) = export(&app, options(wav_format)).await;
            let (made, flac, flac_type, disposition) = export(&app, options(flac_format)).await;
            let (expected, spec) = wav_pcm(&wav);
            assert_eq!(spec.sample_rate, rate);
            assert!(&flac[..4] == b"fLaC", "{flac_format} is a FLAC file");
            let decoded = ffmpeg_pcm(&flac, raw);
            assert_eq!(decoded.len(), expected.len(), "{flac_format} at {rate}");
            assert!(
                decoded == expected,
                "{flac_format} at {rate} Hz decodes to the PCM of {wav_format}"
            );
            assert!(flac.len() < wav.len(), "FLAC compresses");
            // The header a player seeks and verifies with: rate, depth, length, MD5.
            let frames = made["export"]["frames"].as_u64().unwrap();
            let bits = u64::from(spec.bits_per_sample);
            let (info_rate, info_bits, info_frames, md5) = stream_info(&flac);
            assert_eq!(
                (info_rate, info_bits, info_frames),
                (u64::from(rate), bits, frames)
            );
            assert_eq!(md5, ffmpeg_md5(&flac, raw), "STREAMINFO's MD5 is the PCM's");
            assert_eq!(
                (wav_type.as_str(), flac_type.as_str()),
                ("audio/wav", "audio/flac")
            );
            let version = &made["version"];
            assert_eq!(
                disposition,
                format!("attachment; filename=\"export-{session}-v{version}.flac\"")
            );
            let record = &made["export"];
            assert_eq!(
                (&record["format"], &record["sampleRate"], &record["size"]),
                (&json!(flac_format), &json!(rate), &json!(flac.len()))
            );
        }
    }
    // The listing hands out the same names and types.
    let (status, listed) = app.get(&format!("/api/export?sessionId={session}")).await;
    assert_eq!(status, 200, "{listed}");
    let newest = &listed["exports"][0];
    assert_eq!(newest["export"]["format"], "flac24");
    let fetched = reqwest::get(newest["url"].as_str().unwrap()).await.unwrap();
    assert_eq!(fetched.headers()["content-type"], "audio/flac");
    let flac_keys = app
        .object_keys()
        .await
        .into_iter()
        .filter(|k| k.starts_with(&format!("exports/{session}/")) && k.ends_with(".flac"))
        .count();
    assert_eq!(flac_keys, 4, "four FLAC objects, named as such");
}

#[tokio::test]
async fn a_44_1_khz_export_has_that_rate_the_scaled_length_and_the_loudness_of_the_48_khz_one() {
    let app = TestApp::builder().media().spawn().await;
    let session = session_with_audio(&app).await;
    let (at_48, wav_48, _, _) = export(&app, json!({ "sessionId": session })).await;
    let (at_44, wav_44, _, _) = export(&app, json!({ "sessionId": session, "sampleRate": 44_100 })).await;
    let (_, spec) = wav_pcm(&wav_44);
    assert_eq!(
        (spec.sample_rate, spec.channels, spec.bits_per_sample),
        (44_100, 2, 16)
    );
    let frames_48 = at_48["export"]["frames"].as_u64().unwrap();
    let frames_44 = at_44["export"]["frames"].as_u64().unwrap();
    assert_eq!(frames_48, 72_000, "the longer tone: 1.5 s");
    let scaled = frames_48 as f64 * 44_100.0 / 48_000.0;
    assert!(
        (frames_44 as f64 - scaled).abs() <= 1.0,
        "{frames_44} frames for {scaled}"
    );
    let in_file = hound::WavReader::new(std::io::Cursor::new(&wav_44))
        .unwrap()
        .duration();
    assert_eq!(u64::from(in_file), frames_44);
    assert_eq!(at_44["export"]["sampleRate"], 44_100);

    // Mastered at the rate it is delivered at: on target, under the ceiling, as the
    // 48 kHz file is, by the export's own meter and by ffmpeg's.
    let recorded = |made: &Value, key: &str| made["export"]["loudness"][key].as_f64().unwrap();
    let (lufs_48, peak_48) = ffmpeg_meter(&wav_48);
    let (lufs_44, peak_44) = ffmpeg_meter(&wav_44);
    println!("48 kHz: {lufs_48} LUFS, {peak_48} dBTP; 44.1 kHz: {lufs_44} LUFS, {peak_44} dBTP");
    assert!((lufs_44 - lufs_48).abs() <= 0.1, "{lufs_44} vs {lufs_48}");
    assert!((lufs_44 + 14.0).abs() <= 0.15, "{lufs_44}");
    assert!(peak_44 <= -0.95, "{peak_44} dBTP");
    assert!((recorded(&at_44, "integratedLufs") - lufs_44).abs() <= 0.1);
    assert!((recorded(&at_44, "integratedLufs") - recorded(&at_48, "integratedLufs")).abs() <= 0.1);
}

#[tokio::test]
async fn unknown_formats_and_rates_are_400_and_store_nothing() {
    let app = TestApp::builder().media().spawn().await;
    let session = session_with_audio(&app).await;
    for (body, code) in [
        (json!({ "format": "flac" }), "invalid_format"),
        (json!({ "format": "FLAC16" }), "invalid_format"),
        (json!({ "format": "flac32f" }), "invalid_format"),
        (json!({ "sampleRate": 96_000 }), "invalid_sample_rate"),
        (json!({ "sampleRate": "44100" }), "invalid_sample_rate"),
        (json!({ "sampleRate": 44_100.5 }), "invalid_sample_rate"),
        (
            json!({ "sampleRate": 0, "format": "flac16" }),
            "invalid_sample_rate",
        ),
    ] {
        let mut body = body;
        body["sessionId"] = json!(session);
        let (status, refused) = app.post_json("/api/export", &body.to_string()).await;
        assert_eq!(
            (status, refused["error"]["code"].as_str()),
            (400, Some(code)),
            "{body}"
        );
    }
    assert_eq!(app.row_count("exports").await, 0);
    assert!(
        !app.object_keys().await.iter().any(|k| k.starts_with("exports/")),
        "no export object"
    );
}
