//! Media that stays intact and costs a bounded amount, on SeaweedFS: a confirmed upload
//! cannot be replaced through its old URL, exports over their caps are refused before
//! any download, a bad track is skipped and named, and declared types are kept
//! canonical.

use serde_json::{Value, json};
use studio::media::{ExportLimits, sha256_bytes};
use studio_tests::TestApp;
use studio_tests::wav::{form, tone};

async fn upload(app: &TestApp, session: &str, wav: &[u8]) -> Value {
    let (content_type, body) = form(Some(("take.wav", "audio/wav", wav)), Some(session));
    let (status, created) = app
        .send(reqwest::Method::POST, "/api/upload", &content_type, body)
        .await;
    assert_eq!(status, 201, "{created}");
    created
}

async fn put(grant: &Value, body: Vec<u8>) -> u16 {
    let put = reqwest::Client::new().put(grant["url"].as_str().unwrap());
    let headers = grant["headers"].as_object().unwrap();
    let put = headers
        .iter()
        .fold(put, |r, (k, v)| r.header(k, v.as_str().unwrap()));
    put.body(body).send().await.unwrap().status().as_u16()
}

async fn export(app: &TestApp, session: &str) -> (u16, Value) {
    app.post_json("/api/export", &json!({ "sessionId": session }).to_string())
        .await
}

#[tokio::test]
async fn a_put_to_a_confirmed_uploads_old_url_changes_nothing_that_is_read() {
    let app = TestApp::builder().media().spawn().await;
    let session = app.new_session().await;
    let wav = tone(8_000, 1, 0.5, 440.0, 0.5);
    let ticket =
        json!({ "filename": "a.wav", "contentType": "audio/wav", "size": wav.len(), "sessionId": session });
    let (status, grant) = app.post_json("/api/upload", &ticket.to_string()).await;
    assert_eq!(status, 201, "{grant}");
    assert_eq!(put(&grant, wav.clone()).await, 200);
    let id = grant["id"].as_str().unwrap();
    let (_, ready) = app.get(&format!("/api/upload?id={id}")).await;
    assert_eq!(ready["metadata"]["status"], "ready", "{ready}");

    let forged = vec![0x55u8; wav.len()];
    put(&grant, forged).await;
    let (status, again) = app.get(&format!("/api/upload?id={id}")).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["metadata"]["checksum"], sha256_bytes(&wav));
    let stored = reqwest::get(again["url"].as_str().unwrap()).await.unwrap();
    assert_eq!(
        stored.bytes().await.unwrap().to_vec(),
        wav,
        "the confirmed bytes are what is served"
    );
    let (status, made) = export(&app, &session).await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["export"]["trackCount"], 1);
    assert_eq!(made["export"]["skippedTracks"], json!([]));
}

#[tokio::test]
async fn exports_over_a_cap_are_refused_with_422_before_anything_is_read_or_written() {
    let limits = ExportLimits {
        max_tracks: 2,
        max_output_seconds: 0.5,
        ..ExportLimits::DEFAULT
    };
    let app = TestApp::builder().media().export_limits(limits).spawn().await;
    let long = app.new_session().await;
    upload(&app, &long, &tone(8_000, 1, 1.0, 440.0, 0.5)).await;
    let (status, refused) = export(&app, &long).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["code"], "export_over_limit");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("at most 0 s")
            || refused["error"]["message"].as_str().unwrap().contains("lasts")
    );

    let many = app.new_session().await;
    for _ in 0..3 {
        upload(&app, &many, &tone(8_000, 1, 0.1, 440.0, 0.5)).await;
    }
    let (status, refused) = export(&app, &many).await;
    assert_eq!(status, 422, "{refused}");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("more than 2 tracks"),
        "{refused}"
    );
    assert_eq!(app.row_count("exports").await, 0);
    assert!(app.object_keys().await.iter().all(|k| !k.starts_with("exports/")));
}

#[tokio::test]
async fn a_missing_or_undecodable_track_is_skipped_and_named_in_the_export() {
    let app = TestApp::builder().media().spawn().await;
    let session = app.new_session().await;
    let good = tone(48_000, 1, 0.5, 440.0, 0.5);
    upload(&app, &session, &good).await;
    let broken = upload(&app, &session, &tone(8_000, 1, 0.2, 440.0, 0.5)).await;
    let gone = upload(&app, &session, &tone(8_000, 1, 0.2, 440.0, 0.5)).await;
    let bucket = app.bucket.as_ref().unwrap();
    let key_of = |upload: &Value| {
        let id = upload["id"].as_str().unwrap().to_owned();
        move |keys: &[String]| keys.iter().find(|k| k.contains(&id)).unwrap().clone()
    };
    let keys = app.object_keys().await;
    let (broken_key, gone_key) = (key_of(&broken)(&keys), key_of(&gone)(&keys));
    let garbage = aws_sdk_s3::primitives::ByteStream::from(b"RIFF not audio any more".to_vec());
    let over = bucket
        .client
        .put_object()
        .bucket(&bucket.name)
        .key(&broken_key)
        .body(garbage);
    over.send().await.unwrap();
    let delete = bucket.client.delete_object().bucket(&bucket.name).key(&gone_key);
    delete.send().await.unwrap();

    let (status, made) = export(&app, &session).await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["export"]["trackCount"], 1);
    assert_eq!(made["export"]["frames"], 24_000, "the good track alone");
    let skipped = made["export"]["skippedTracks"].as_array().unwrap();
    let ids: Vec<&str> = skipped.iter().map(|s| s["uploadId"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 2, "{skipped:?}");
    assert!(ids.contains(&broken["id"].as_str().unwrap()) && ids.contains(&gone["id"].as_str().unwrap()));
    assert!(
        skipped
            .iter()
            .any(|s| s["reason"] == "the stored object is missing")
    );
    let (_, got) = app
        .get(&format!("/api/export?id={}", made["exportId"].as_str().unwrap()))
        .await;
    assert_eq!(got["export"]["skippedTracks"], made["export"]["skippedTracks"]);
}

#[tokio::test]
async fn a_declared_type_is_stored_as_its_canonical_type_and_a_malformed_one_is_400() {
    let app = TestApp::builder().media().spawn().await;
    for bad in [
        "audio/wav;\r\nx-evil: 1",
        &format!("audio/wav; {}", "p".repeat(1_000)),
    ] {
        let ticket = json!({ "filename": "a.wav", "contentType": bad, "size": 100 });
        let (status, refused) = app.post_json("/api/upload", &ticket.to_string()).await;
        assert_eq!(status, 400, "{refused}");
        assert_eq!(refused["error"]["code"], "invalid_content_type");
    }
    assert_eq!(app.row_count("uploads").await, 0);
    let wav = tone(8_000, 1, 0.1, 440.0, 0.5);
    let declared = "Audio/X-WAV; codecs=1";
    let ticket = json!({ "filename": "a.wav", "contentType": declared, "size": wav.len() });
    let (status, grant) = app.post_json("/api/upload", &ticket.to_string()).await;
    assert_eq!(status, 201, "{grant}");
    assert_eq!(grant["metadata"]["contentType"], "audio/wav");
    assert_eq!(
        grant["headers"]["content-type"], declared,
        "the PUT is signed for what was declared"
    );
    assert_eq!(put(&grant, wav).await, 200);
    let (_, ready) = app
        .get(&format!("/api/upload?id={}", grant["id"].as_str().unwrap()))
        .await;
    assert_eq!(ready["metadata"]["contentType"], "audio/wav", "{ready}");
    let served = reqwest::get(ready["url"].as_str().unwrap()).await.unwrap();
    assert_eq!(served.headers()["content-type"], "audio/wav");
}
