//! Waveform peaks of uploads (both paths) and of exports, and a session's export
//! history, over real Postgres and SeaweedFS.

use serde_json::{Value, json};
use studio_tests::TestApp;
use studio_tests::app::put_presigned;
use studio_tests::wav::{form, tone};

async fn upload(app: &TestApp, session: &str, name: &str, wav: &[u8]) -> Value {
    let (content_type, body) = form(Some((name, "audio/wav", wav)), Some(session));
    let (status, created) = app
        .send(reqwest::Method::POST, "/api/upload", &content_type, body)
        .await;
    assert_eq!(status, 201, "{created}");
    created
}

/// The highest `max` of a channel's `[min, max]` pairs.
fn highest(peaks: &Value, channel: usize) -> f64 {
    let pairs = peaks["channels"][channel].as_array().unwrap();
    pairs
        .iter()
        .skip(1)
        .step_by(2)
        .map(|v| v.as_f64().unwrap())
        .fold(f64::MIN, f64::max)
}

#[tokio::test]
async fn peaks_of_a_loud_tone_reach_higher_than_those_of_a_quiet_one() {
    let app = TestApp::builder().media().spawn().await;
    let session = app.new_session().await;
    let loud = upload(&app, &session, "loud.wav", &tone(22_050, 2, 1.0, 220.0, 0.9)).await;
    let quiet = upload(&app, &session, "quiet.wav", &tone(22_050, 1, 1.0, 220.0, 0.2)).await;

    let (status, listed) = app.get(&format!("/api/upload?sessionId={session}")).await;
    assert_eq!(status, 200, "{listed}");
    let peaks: Vec<&Value> = listed["uploads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| &u["metadata"]["peaks"])
        .collect();
    assert_eq!(peaks[0], &loud["metadata"]["peaks"], "stored as first computed");
    assert_eq!(peaks[1], &quiet["metadata"]["peaks"]);
    assert_eq!(peaks[0]["channels"].as_array().unwrap().len(), 2);
    assert_eq!(peaks[1]["channels"].as_array().unwrap().len(), 1);
    assert!(
        (highest(peaks[0], 0) - 0.9).abs() < 0.02,
        "{}",
        highest(peaks[0], 0)
    );
    assert!(
        (highest(peaks[1], 0) - 0.2).abs() < 0.02,
        "{}",
        highest(peaks[1], 0)
    );
    let pairs = peaks[0]["channels"][0].as_array().unwrap().len() / 2;
    assert!((100..=200).contains(&pairs), "{pairs} pairs");
    assert_eq!(peaks[0]["framesPerBucket"], 22_050 / 200 + 1);
    let json = serde_json::to_string(peaks[0]).unwrap();
    assert!(
        json.len() < 8 * 1024,
        "a stereo track's peaks are {} bytes: {}",
        json.len(),
        &json[..200]
    );
}

#[tokio::test]
async fn a_presigned_upload_gets_its_peaks_when_it_is_confirmed() {
    let app = TestApp::builder().media().spawn().await;
    let wav = tone(16_000, 1, 0.5, 300.0, 0.6);
    let request = json!({ "filename": "take.wav", "contentType": "audio/wav", "size": wav.len() });
    let (status, created) = app.post_json("/api/upload", &request.to_string()).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap();
    let (_, pending) = app.get(&format!("/api/upload?id={id}")).await;
    assert_eq!(pending["metadata"]["peaks"], Value::Null, "no bytes, no peaks");

    assert_eq!(put_presigned(&created, wav).await, 200);
    let (status, ready) = app.get(&format!("/api/upload?id={id}")).await;
    assert_eq!(status, 200, "{ready}");
    assert!(
        (highest(&ready["metadata"]["peaks"], 0) - 0.6).abs() < 0.02,
        "{ready}"
    );
}

#[tokio::test]
async fn the_export_list_is_newest_first_and_paged_with_each_mix_waveform() {
    let app = TestApp::builder().media().spawn().await;
    let session = app.new_session().await;
    let other = app.new_session().await;
    upload(&app, &session, "a.wav", &tone(8_000, 1, 0.5, 440.0, 0.8)).await;
    let mut made = Vec::new();
    for _ in 0..3 {
        // Mastering off, so the mix keeps the tone's level.
        let body = json!({ "sessionId": session, "mastering": { "target": "off" } });
        let (status, export) = app.post_json("/api/export", &body.to_string()).await;
        assert_eq!(status, 201, "{export}");
        made.push(export["exportId"].as_str().unwrap().to_owned());
    }
    app.post_json("/api/export", &json!({ "sessionId": other }).to_string())
        .await;

    let (status, first) = app.get(&format!("/api/export?sessionId={session}&limit=2")).await;
    assert_eq!(status, 200, "{first}");
    let cursor = first["nextCursor"].as_str().unwrap();
    let (_, second) = app
        .get(&format!(
            "/api/export?sessionId={session}&limit=2&cursor={cursor}"
        ))
        .await;
    assert_eq!(second.get("nextCursor"), None, "{second}");
    let listed: Vec<&Value> = first["exports"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["exports"].as_array().unwrap())
        .collect();
    let ids: Vec<&str> = listed.iter().map(|e| e["exportId"].as_str().unwrap()).collect();
    assert_eq!(ids, [&made[2], &made[1], &made[0]], "newest first");
    let newest = listed[0];
    assert_eq!(newest["export"]["trackCount"], 1);
    // One 0.8 tone alone in the mix: scaled by 1/1, so the mix peaks at 0.8 on both sides.
    assert!(
        (highest(&newest["export"]["peaks"], 1) - 0.8).abs() < 0.03,
        "{newest}"
    );
    let audio = reqwest::get(newest["url"].as_str().unwrap()).await.unwrap();
    assert_eq!(audio.status(), 200);
}
