//! Exports: a session's uploads rendered into one WAV in SeaweedFS, checked sample by
//! sample for the tones that went in.

use serde_json::json;
use studio_tests::TestApp;
use studio_tests::wav::{amplitude_at, form, tone};

async fn upload(app: &studio_tests::TestApp, session: &str, name: &str, wav: &[u8]) {
    let (content_type, body) = form(Some((name, "audio/wav", wav)), Some(session));
    let (status, created) = app
        .send(reqwest::Method::POST, "/api/upload", &content_type, body)
        .await;
    assert_eq!(status, 201, "{created}");
}

/// The left channel of a 16-bit WAV as floats, with its spec.
fn left_channel(bytes: &[u8]) -> (hound::WavSpec, Vec<f64>) {
    let mut reader = hound::WavReader::new(std::io::Cursor::new(bytes)).unwrap();
    let spec = reader.spec();
    let samples: Vec<i16> = reader.samples::<i16>().map(Result::unwrap).collect();
    let left = samples
        .chunks_exact(spec.channels as usize)
        .map(|f| f64::from(f[0]) / 32767.0)
        .collect();
    (spec, left)
}

#[tokio::test]
async fn an_export_of_two_wavs_at_different_rates_is_their_mix_at_48k_stereo() {
    let app = TestApp::builder().media().spawn().await;
    let session = app.new_session().await;
    upload(&app, &session, "a440.wav", &tone(44_100, 1, 1.0, 440.0, 0.8)).await;
    upload(&app, &session, "b1k.wav", &tone(48_000, 2, 0.5, 1000.0, 0.8)).await;

    // Mastering off: the mix as summed (it peaks at 0.8, under the -1 dBTP ceiling).
    let body = json!({ "sessionId": session, "mastering": { "target": "off" } });
    let (status, made) = app.post_json("/api/export", &body.to_string()).await;
    assert_eq!(status, 201, "{made}");
    let bytes = reqwest::get(made["url"].as_str().unwrap()).await.unwrap();
    assert_eq!(bytes.status(), 200);
    let (spec, left) = left_channel(&bytes.bytes().await.unwrap());
    assert_eq!(
        (spec.sample_rate, spec.channels, spec.bits_per_sample),
        (48_000, 2, 16)
    );
    assert_eq!(left.len(), 48_000, "as long as the longest track");

    // Each track is scaled by 1/2: both tones at 0.4 while both play, then 440 Hz alone.
    let both = &left[4_800..19_200];
    let after = &left[28_800..43_200];
    let near = |value: f64, expected: f64| (value - expected).abs() < 0.03;
    assert!(
        near(amplitude_at(both, 48_000, 440.0), 0.4),
        "{}",
        amplitude_at(both, 48_000, 440.0)
    );
    assert!(
        near(amplitude_at(both, 48_000, 1000.0), 0.4),
        "{}",
        amplitude_at(both, 48_000, 1000.0)
    );
    assert!(near(amplitude_at(after, 48_000, 440.0), 0.4));
    assert!(amplitude_at(after, 48_000, 1000.0) < 0.01);
    assert!(
        left.iter().all(|s| s.abs() <= 0.81),
        "no sample beyond the sum of the scaled tracks"
    );

    let id = made["exportId"].as_str().unwrap();
    let (status, got) = app.get(&format!("/api/export?id={id}")).await;
    assert_eq!(status, 200, "{got}");
    assert_eq!(got["sessionId"], session.as_str());
    assert_eq!(got["createdAt"], made["createdAt"]);
    assert_eq!(
        reqwest::get(got["url"].as_str().unwrap()).await.unwrap().status(),
        200
    );
    assert_eq!(app.row_count("exports").await, 1);
    let exports: Vec<String> = app
        .object_keys()
        .await
        .into_iter()
        .filter(|k| k.starts_with("exports/"))
        .collect();
    assert_eq!(exports, [format!("exports/{session}/{id}.wav")]);
}

#[tokio::test]
async fn an_export_of_a_session_without_audio_is_one_second_of_silence() {
    let app = TestApp::builder().media().spawn().await;
    let session = app.new_session().await;
    let (status, made) = app
        .post_json("/api/export", &json!({ "sessionId": session }).to_string())
        .await;
    assert_eq!(status, 201, "{made}");
    let bytes = reqwest::get(made["url"].as_str().unwrap())
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let (spec, left) = left_channel(&bytes);
    assert_eq!((spec.sample_rate, spec.channels), (48_000, 2));
    assert_eq!(left.len(), 48_000);
    assert!(left.iter().all(|s| *s == 0.0));
}
