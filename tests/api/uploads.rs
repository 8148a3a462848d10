//! Uploads through the gateway into SeaweedFS: multipart and presigned PUT, read back
//! through presigned URLs the store checks.

use serde_json::{Value, json};
use studio::media::{ObjectStore, sha256_bytes};
use studio_tests::TestApp;
use studio_tests::wav::{form, tone};

async fn fetch(url: &str) -> (u16, Vec<u8>) {
    let response = reqwest::get(url).await.expect("the store answers");
    (
        response.status().as_u16(),
        response.bytes().await.unwrap().to_vec(),
    )
}

#[tokio::test]
async fn a_wav_uploaded_as_multipart_comes_back_byte_for_byte_with_its_audio_metadata() {
    let app = TestApp::builder().media().spawn().await;
    let session = app.new_session().await;
    let wav = tone(44_100, 2, 0.25, 440.0, 0.5);
    let (content_type, body) = form(Some(("take 1.wav", "audio/wav", &wav)), Some(&session));
    let (status, created) = app
        .send(reqwest::Method::POST, "/api/upload", &content_type, body)
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(fetch(created["url"].as_str().unwrap()).await, (200, wav.clone()));

    let id = created["id"].as_str().unwrap();
    let (status, got) = app.get(&format!("/api/upload?id={id}")).await;
    assert_eq!(status, 200, "{got}");
    let meta = &got["metadata"];
    assert_eq!(meta["filename"], "take 1.wav");
    assert_eq!(meta["contentType"], "audio/wav");
    assert_eq!(meta["size"], wav.len());
    assert_eq!(meta["checksum"], sha256_bytes(&wav));
    assert_eq!(meta["sessionId"], session.as_str());
    assert_eq!(meta["status"], "ready");
    assert!(meta["createdAt"].as_str().is_some());
    let audio = json!({ "format": "wav", "sampleRate": 44_100, "channels": 2, "durationSeconds": 0.25 });
    assert_eq!(meta["audio"], audio);
    assert_eq!(fetch(got["url"].as_str().unwrap()).await, (200, wav));
    let keys = app.object_keys().await;
    assert_eq!(keys.len(), 1);
    assert!(
        keys[0].starts_with(&format!("uploads/{session}/{id}/")),
        "{keys:?}"
    );
}

#[tokio::test]
async fn a_presigned_put_from_a_plain_client_is_then_visible_through_get() {
    let app = TestApp::builder().media().spawn().await;
    let wav = tone(48_000, 1, 0.5, 1000.0, 0.5);
    let request = json!({ "filename": "long take.wav", "contentType": "audio/wav", "size": wav.len() });
    let (status, created) = app.post_json("/api/upload", &request.to_string()).await;
    assert_eq!(status, 201, "{created}");
    let (id, url) = (created["id"].as_str().unwrap(), created["url"].as_str().unwrap());
    assert_eq!(created["method"], "PUT");

    let (status, pending) = app.get(&format!("/api/upload?id={id}")).await;
    assert_eq!(
        (status, &pending["metadata"]["status"], &pending["url"]),
        (200, &json!("pending"), &Value::Null)
    );

    let client = reqwest::Client::new();
    let tagging = created["headers"]["x-amz-tagging"].as_str().unwrap();
    let put = |content_type: &'static str, body: Vec<u8>| {
        let put = client.put(url).header("content-type", content_type);
        put.header("x-amz-tagging", tagging).body(body).send()
    };
    // The signature binds the content type and the length.
    assert_eq!(put("audio/flac", wav.clone()).await.unwrap().status(), 403);
    assert_eq!(
        put("audio/wav", wav[..wav.len() - 2].to_vec())
            .await
            .unwrap()
            .status(),
        403
    );
    let untagged = client
        .put(url)
        .header("content-type", "audio/wav")
        .body(wav.clone());
    assert_eq!(
        untagged.send().await.unwrap().status(),
        403,
        "the pending tag is signed too"
    );
    assert_eq!(put("audio/wav", wav.clone()).await.unwrap().status(), 200);
    assert_eq!(tags(&app).await, ["studio-upload=pending"]);

    let (status, ready) = app.get(&format!("/api/upload?id={id}")).await;
    assert_eq!(status, 200, "{ready}");
    assert_eq!(ready["metadata"]["status"], "ready");
    assert_eq!(ready["metadata"]["checksum"], sha256_bytes(&wav));
    assert_eq!(ready["metadata"]["audio"]["sampleRate"], 48_000);
    assert_eq!(ready["metadata"]["audio"]["durationSeconds"], 0.5);
    assert_eq!(fetch(ready["url"].as_str().unwrap()).await, (200, wav));
    assert!(
        tags(&app).await.is_empty(),
        "a confirmed upload loses its pending tag"
    );
}

/// The tags of the bucket's only object, as `key=value`.
async fn tags(app: &studio_tests::TestApp) -> Vec<String> {
    let bucket = app.bucket.as_ref().unwrap();
    let key = app.object_keys().await.remove(0);
    let got = bucket
        .client
        .get_object_tagging()
        .bucket(&bucket.name)
        .key(key)
        .send()
        .await
        .unwrap();
    got.tag_set()
        .iter()
        .map(|t| format!("{}={}", t.key(), t.value()))
        .collect()
}

#[tokio::test]
async fn a_tampered_or_expired_presigned_url_is_refused_by_the_store() {
    let app = TestApp::builder().media().spawn().await;
    let wav = tone(8_000, 1, 0.1, 440.0, 0.5);
    let (content_type, body) = form(Some(("a.wav", "audio/wav", &wav)), None);
    let (status, created) = app
        .send(reqwest::Method::POST, "/api/upload", &content_type, body)
        .await;
    assert_eq!(status, 201, "{created}");
    let url = created["url"].as_str().unwrap();
    assert_eq!(fetch(url).await.0, 200);

    let longer = url.replace("X-Amz-Expires=900", "X-Amz-Expires=9000");
    assert_ne!(longer, url, "the URL states its expiry: {url}");
    assert_eq!(fetch(&longer).await.0, 403);
    let key = app.object_keys().await.remove(0);
    // Change the last character to a different one, whatever it was.
    let last = if key.ends_with('0') { '1' } else { '0' };
    let other_key = format!("{}{last}", &key[..key.len() - 1]);
    let elsewhere = url.replace(&key, &other_key);
    assert_ne!(elsewhere, url);
    assert_eq!(fetch(&elsewhere).await.0, 403);

    let objects = app.bucket.as_ref().unwrap().objects();
    let short = objects
        .presign_get(&key, std::time::Duration::from_secs(1))
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(fetch(&short).await.0, 403);
    assert_eq!(fetch(url).await.0, 200, "the 15-minute URL still works");
}

#[tokio::test]
async fn a_sessions_uploads_are_listed_oldest_first_with_working_urls() {
    let app = TestApp::builder().media().spawn().await;
    let (session, other) = (app.new_session().await, app.new_session().await);
    let mut sent = Vec::new();
    for (name, target) in [
        ("one.wav", &session),
        ("elsewhere.wav", &other),
        ("two.wav", &session),
    ] {
        let wav = tone(8_000, 1, 0.1, 440.0, 0.3);
        let (content_type, body) = form(Some((name, "audio/wav", &wav)), Some(target));
        let (status, created) = app
            .send(reqwest::Method::POST, "/api/upload", &content_type, body)
            .await;
        assert_eq!(status, 201, "{created}");
        sent.push(wav);
    }
    let (status, listed) = app.get(&format!("/api/upload?sessionId={session}")).await;
    assert_eq!(status, 200, "{listed}");
    let uploads = listed["uploads"].as_array().unwrap();
    let names: Vec<&str> = uploads
        .iter()
        .map(|u| u["metadata"]["filename"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["one.wav", "two.wav"]);
    assert_eq!(
        fetch(uploads[1]["url"].as_str().unwrap()).await,
        (200, sent[2].clone())
    );

    let (status, missing) = app
        .get(&format!("/api/upload?sessionId={}", uuid::Uuid::new_v4()))
        .await;
    assert_eq!(
        (status, missing["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    let (status, bad) = app.get("/api/upload?sessionId=nope").await;
    assert_eq!(
        (status, bad["error"]["code"].as_str()),
        (400, Some("invalid_session_id"))
    );
}

/// A presigned upload of `wav` whose object the client has PUT: its id (still pending).
async fn put_presigned(app: &TestApp, wav: &[u8]) -> String {
    let request = json!({ "filename": "take.wav", "contentType": "audio/wav", "size": wav.len() });
    let (status, created) = app.post_json("/api/upload", &request.to_string()).await;
    assert_eq!(status, 201, "{created}");
    let put = reqwest::Client::new()
        .put(created["url"].as_str().unwrap())
        .header("content-type", "audio/wav")
        .header(
            "x-amz-tagging",
            created["headers"]["x-amz-tagging"].as_str().unwrap(),
        )
        .body(wav.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
    created["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_pending_upload_another_read_is_confirming_is_answered_pending_without_a_second_check() {
    let app = TestApp::builder().media().spawn().await;
    let wav = tone(48_000, 1, 0.25, 440.0, 0.5);
    let id = put_presigned(&app, &wav).await;
    // Another read holds the claim: this one neither downloads nor confirms.
    let claim = "UPDATE uploads SET confirming_until = now() + interval '60 seconds'";
    assert_eq!(app.db.execute(claim, &[]).await.unwrap(), 1);
    let (status, got) = app.get(&format!("/api/upload?id={id}")).await;
    assert_eq!(
        (status, &got["metadata"]["status"]),
        (200, &json!("pending")),
        "{got}"
    );
    // A claim whose holder died lapses, and the next read confirms.
    let lapsed = "UPDATE uploads SET confirming_until = now() - interval '1 second'";
    app.db.execute(lapsed, &[]).await.unwrap();
    let (status, got) = app.get(&format!("/api/upload?id={id}")).await;
    assert_eq!(
        (status, &got["metadata"]["status"]),
        (200, &json!("ready")),
        "{got}"
    );
    assert_eq!(got["metadata"]["checksum"], sha256_bytes(&wav));
}

#[tokio::test]
async fn concurrent_reads_of_a_pending_upload_confirm_it_once_and_every_one_is_answered() {
    let app = TestApp::builder().media().spawn().await;
    let id = put_presigned(&app, &tone(48_000, 2, 2.0, 440.0, 0.5)).await;
    let path = format!("/api/upload?id={id}");
    let reads = futures::future::join_all((0..6).map(|_| app.get(&path))).await;
    assert!(reads.iter().all(|(status, _)| *status == 200), "{reads:?}");
    assert!(
        reads.iter().any(|(_, got)| got["metadata"]["status"] == "ready"),
        "the claiming read answers ready: {reads:?}"
    );
    let (_, got) = app.get(&path).await;
    assert_eq!(got["metadata"]["status"], "ready");
    assert_eq!(app.object_keys().await.len(), 1, "{:?}", app.object_keys().await);
}
