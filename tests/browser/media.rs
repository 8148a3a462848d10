//! Uploading and exporting from the room page in a real browser.

use studio_tests::{TestApp, browser::Browser, wav::tone};

#[tokio::test]
async fn an_upload_from_the_room_appears_in_its_list_and_an_export_links_to_a_wav() {
    let studio = TestApp::builder().media().realtime().spawn().await;
    let id = studio.create_session("Mixdown").await;
    let file = std::env::temp_dir().join(format!("studio-take-{}.wav", uuid::Uuid::new_v4()));
    std::fs::write(&file, tone(44_100, 2, 0.5, 440.0, 0.4)).unwrap();
    let browser = Browser::start().await;
    browser
        .client
        .goto(&studio.url(&format!("/sessions/{id}")))
        .await
        .unwrap();

    browser.type_into("#upload-file", file.to_str().unwrap()).await;
    browser.click("#upload-form button").await;
    browser.wait_for_text("#upload-status", "Uploaded").await;
    let name = file.file_name().unwrap().to_str().unwrap();
    browser.wait_for_text("#uploads", name).await;
    browser.wait_for_text("#uploads", "44100 Hz").await;
    // The track plays in the page, from its presigned URL, to its end.
    let played = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const audio = document.querySelector('#uploads audio');
             audio.addEventListener('ended', () => done({ ended: true, duration: audio.duration }));
             audio.addEventListener('error', () => done({ ended: false, error: String(audio.error && audio.error.code) }));
             audio.muted = true;
             audio.play().catch((e) => done({ ended: false, error: String(e) }));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(played["ended"], true, "{played}");
    assert!(
        (played["duration"].as_f64().unwrap() - 0.5).abs() < 0.05,
        "{played}"
    );
    std::fs::remove_file(&file).unwrap();

    browser.click("#export-button").await;
    browser.wait_for_text("#export-status", "ready").await;
    let link = browser.wait_for("#export-link").await;
    let href = link
        .attr("href")
        .await
        .unwrap()
        .expect("the export link has a URL");
    browser.screenshot("room-media").await;
    let wav = reqwest::get(&href).await.unwrap().bytes().await.unwrap();
    assert_eq!(&wav[..4], b"RIFF", "the export downloads a WAV");
    assert_eq!(&wav[8..12], b"WAVE");

    // A reload lists the upload from the API, not from the page's memory.
    browser.client.refresh().await.unwrap();
    browser.wait_for_text("#uploads", name).await;
}
