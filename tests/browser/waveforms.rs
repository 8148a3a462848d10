//! Waveforms and the export history in the room, in real browsers: tracks drawn from
//! their stored peaks, a player the waveform follows, and a mix that reaches everyone.

use serde_json::Value;
use studio_tests::{TestApp, browser::Browser, wav::tone};

/// Uploads a WAV of `wav` through the room's form under the name `name`.
async fn upload_in_room(browser: &Browser, name: &str, wav: Vec<u8>) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("studio-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, wav).unwrap();
    browser.type_into("#upload-file", file.to_str().unwrap()).await;
    browser.click("#upload-form button").await;
    browser
        .wait_for_text("#upload-status", &format!("Uploaded {name}"))
        .await;
    file
}

async fn script(browser: &Browser, js: &str) -> Value {
    browser.client.execute(js, vec![]).await.unwrap()
}

#[tokio::test]
async fn two_tones_draw_different_waveforms_and_one_plays_to_its_end_with_its_position_shown() {
    let studio = TestApp::builder().media().realtime().spawn().await;
    let id = studio.create_session("Waveforms").await;
    let browser = Browser::start().await;
    browser
        .client
        .goto(&studio.url(&format!("/sessions/{id}")))
        .await
        .unwrap();
    let loud = upload_in_room(&browser, "loud.wav", tone(22_050, 2, 0.6, 220.0, 0.9)).await;
    let quiet = upload_in_room(&browser, "quiet.wav", tone(22_050, 1, 0.6, 220.0, 0.15)).await;

    let shapes = script(
        &browser,
        "return [...document.querySelectorAll('#uploads li')].map((li) =>
           [...li.querySelectorAll('svg.waveform path.wave')].map((p) => p.getAttribute('d')));",
    )
    .await;
    let shapes = shapes.as_array().unwrap();
    assert_eq!(shapes.len(), 2, "{shapes:?}");
    assert_eq!(
        shapes[0].as_array().unwrap().len(),
        2,
        "a stereo track has two bands"
    );
    assert_eq!(shapes[1].as_array().unwrap().len(), 1, "a mono track has one");
    assert!(
        shapes[0][0].as_str().unwrap().len() > 1000,
        "drawn from a few hundred peaks"
    );
    assert_ne!(
        shapes[0][0], shapes[1][0],
        "a loud and a quiet tone look different"
    );
    let loudness = script(
        &browser,
        "return [...document.querySelectorAll('#uploads li .loudness')].map((l) => l.textContent);",
    )
    .await;
    let lines: Vec<&str> = loudness
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "each track shows its loudness: {lines:?}");
    assert!(
        lines[0].ends_with("-0.9 dBTP"),
        "a 0.9 sine peaks at -0.9 dBTP: {lines:?}"
    );
    assert!(
        lines[1].ends_with("-16.5 dBTP"),
        "a 0.15 sine at -16.5 dBTP: {lines:?}"
    );
    assert!(lines.iter().all(|l| l.contains("LUFS · LRA")), "{lines:?}");
    script(&browser, "document.querySelector('#uploads').scrollIntoView();").await;
    browser.screenshot("room-waveforms").await;

    let played = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const li = document.querySelector('#uploads li');
             const audio = li.querySelector('audio');
             const svg = li.querySelector('svg.waveform');
             audio.addEventListener('ended', () => setTimeout(() => done({
               ended: true, position: svg.dataset.position,
               played: Number(svg.querySelector('.wave-played').getAttribute('width')),
               width: Number(svg.dataset.width) }), 50));
             audio.addEventListener('error', () => done({ ended: false }));
             audio.muted = true;
             audio.play().catch((e) => done({ ended: false, error: String(e) }));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(played["ended"], true, "{played}");
    assert_eq!(played["position"], "1.000", "{played}");
    assert_eq!(
        played["played"], played["width"],
        "the whole waveform is shaded: {played}"
    );
    browser.screenshot("room-waveform-played").await;
    for file in [loud, quiet] {
        std::fs::remove_dir_all(file.parent().unwrap()).unwrap();
    }
}

async fn join(browser: &Browser, url: &str, name: &str) {
    browser.client.goto(url).await.unwrap();
    browser.type_into("#display-name", name).await;
    browser.click("#join-row button").await;
    browser.wait_for_text("#connection-status", "Connected").await;
}

#[tokio::test]
async fn a_track_and_an_export_made_by_one_person_appear_for_the_other_and_stay_after_a_reload() {
    let studio = TestApp::builder().media().realtime().spawn().await;
    let id = studio.create_session("Mix for two").await;
    let room = studio.url(&format!("/sessions/{id}"));
    let (ada, ben) = tokio::join!(Browser::start(), Browser::start());
    join(&ada, &room, "Ada").await;
    join(&ben, &room, "Ben").await;
    ada.wait_for_text("#members", "Ben").await;
    let take = upload_in_room(&ada, "take.wav", tone(8_000, 1, 1.0, 440.0, 0.5)).await;
    ben.wait_for_text("#uploads", "take.wav").await;

    ada.click("#export-button").await;
    ada.wait_for_text("#export-status", "ready").await;
    ada.wait_for_text("#exports", "1 track").await;
    ben.wait_for_text("#exports", "1 track").await;
    ben.wait_for_text("#exports", "0:01").await;
    let drawn = script(
        &ben,
        "return document.querySelectorAll('#exports li svg.waveform path.wave').length;",
    )
    .await;
    assert_eq!(drawn, 2, "the mix's two channels are drawn");
    ben.wait_for_text("#exports .loudness", "dBTP").await;
    script(&ben, "document.querySelector('#exports').scrollIntoView();").await;
    ben.screenshot("room-export-for-ben").await;

    ben.client.refresh().await.unwrap();
    ben.wait_for_text("#exports", "1 track").await;
    let listed = script(
        &ben,
        "return document.querySelectorAll('#exports li audio').length;",
    )
    .await;
    assert_eq!(listed, 1, "one mix, with its player");
    std::fs::remove_dir_all(take.parent().unwrap()).unwrap();
}
