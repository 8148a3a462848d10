//! Every bad input to the media routes gets a 4xx JSON error and leaves no row and no
//! object behind.

use serde_json::{Value, json};
use studio_tests::TestApp;
use studio_tests::app::put_presigned;
use studio_tests::wav::{form, tone};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

async fn multipart(app: &TestApp, file: Option<(&str, &str, &[u8])>, session: Option<&str>) -> (u16, Value) {
    let (content_type, body) = form(file, session);
    app.send(reqwest::Method::POST, "/api/upload", &content_type, body)
        .await
}

fn expect(case: &str, (status, body): (u16, Value), want: u16, code: &str) {
    assert_eq!(status, want, "{case}: {body}");
    assert_eq!(body["error"]["code"], code, "{case}: {body}");
}

async fn assert_nothing_written(app: &TestApp) {
    assert_eq!(app.row_count("uploads").await, 0, "upload rows");
    assert_eq!(app.row_count("exports").await, 0, "export rows");
    assert_eq!(app.object_keys().await, Vec::<String>::new(), "objects");
}

#[tokio::test]
async fn bad_multipart_uploads_are_refused_and_write_nothing() {
    let app = TestApp::builder().media().spawn().await;
    let wav = tone(8_000, 1, 0.1, 440.0, 0.5);
    let session = app.new_session().await;
    let unknown = uuid::Uuid::new_v4().to_string();
    let big = vec![0u8; 4 * 1024 * 1024 + 1];
    expect(
        "no file",
        multipart(&app, None, Some(&session)).await,
        400,
        "missing_file",
    );
    let png_as_wav = multipart(&app, Some(("x.wav", "audio/wav", PNG)), None).await;
    expect("png named .wav", png_as_wav, 415, "unsupported_media_type");
    let text = multipart(&app, Some(("x.txt", "text/plain", b"hello")), None).await;
    expect("text", text, 415, "unsupported_media_type");
    let flac_claim = multipart(&app, Some(("x.flac", "audio/flac", &wav)), None).await;
    expect("wav declared flac", flac_claim, 415, "unsupported_media_type");
    let too_big = multipart(&app, Some(("x.wav", "audio/wav", &big)), None).await;
    expect("over the cap", too_big, 413, "payload_too_large");
    let nobody = multipart(&app, Some(("x.wav", "audio/wav", &wav)), Some(&unknown)).await;
    expect("unknown session", nobody, 404, "not_found");
    let garbled = multipart(&app, Some(("x.wav", "audio/wav", &wav)), Some("nope")).await;
    expect("malformed session", garbled, 400, "invalid_session_id");
    let broken = app
        .send(
            reqwest::Method::POST,
            "/api/upload",
            "multipart/form-data; boundary=zzz",
            b"--zzz\r\nbroken".to_vec(),
        )
        .await;
    expect("broken multipart", broken, 400, "malformed_multipart");
    assert_nothing_written(&app).await;
}

#[tokio::test]
async fn bad_presigned_upload_requests_are_refused_and_write_nothing() {
    let app = TestApp::builder().media().spawn().await;
    let post = |body: Value| {
        let app = &app;
        async move { app.post_json("/api/upload", &body.to_string()).await }
    };
    let ok = json!({ "filename": "a.wav", "contentType": "audio/wav", "size": 1000 });
    let with = |field: &str, value: Value| {
        let mut body = ok.clone();
        body[field] = value;
        body
    };
    expect(
        "too large",
        post(with("size", json!(600 * 1024 * 1024))).await,
        413,
        "payload_too_large",
    );
    expect("empty", post(with("size", json!(0))).await, 400, "invalid_size");
    expect(
        "png",
        post(with("contentType", json!("image/png"))).await,
        415,
        "unsupported_media_type",
    );
    expect(
        "no name",
        post(with("filename", Value::Null)).await,
        400,
        "invalid_filename",
    );
    let unknown = uuid::Uuid::new_v4().to_string();
    expect(
        "unknown session",
        post(with("sessionId", json!(unknown))).await,
        404,
        "not_found",
    );
    expect(
        "bad session",
        post(with("sessionId", json!(7))).await,
        400,
        "invalid_session_id",
    );
    expect(
        "no body",
        app.post_json("/api/upload", "").await,
        400,
        "invalid_body",
    );
    assert_nothing_written(&app).await;
}

#[tokio::test]
async fn a_presigned_upload_that_is_not_audio_is_removed_when_it_is_checked() {
    let app = TestApp::builder().media().spawn().await;
    let request = json!({ "filename": "a.wav", "contentType": "audio/wav", "size": PNG.len() });
    let (status, created) = app.post_json("/api/upload", &request.to_string()).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(put_presigned(&created, PNG.to_vec()).await, 200);
    let id = created["id"].as_str().unwrap();
    expect(
        "png put",
        app.get(&format!("/api/upload?id={id}")).await,
        415,
        "unsupported_media_type",
    );
    expect(
        "then gone",
        app.get(&format!("/api/upload?id={id}")).await,
        404,
        "not_found",
    );
    assert_nothing_written(&app).await;
}

#[tokio::test]
async fn bad_ids_and_sessions_on_get_and_export_are_refused_and_write_nothing() {
    let app = TestApp::builder().media().spawn().await;
    let unknown = uuid::Uuid::new_v4();
    for route in ["upload", "export"] {
        expect(
            "no id",
            app.get(&format!("/api/{route}")).await,
            400,
            "missing_id",
        );
        expect(
            "bad id",
            app.get(&format!("/api/{route}?id=nope")).await,
            400,
            "invalid_id",
        );
        expect(
            "unknown id",
            app.get(&format!("/api/{route}?id={unknown}")).await,
            404,
            "not_found",
        );
    }
    let export = |body: &'static str| app.post_json("/api/export", body);
    expect("no session", export("{}").await, 400, "missing_session_id");
    expect("empty body", export("").await, 400, "missing_session_id");
    expect(
        "bad session",
        export(r#"{"sessionId":"nope"}"#).await,
        400,
        "invalid_session_id",
    );
    expect(
        "number",
        export(r#"{"sessionId":42}"#).await,
        400,
        "invalid_session_id",
    );
    let body = json!({ "sessionId": unknown }).to_string();
    expect(
        "unknown session",
        app.post_json("/api/export", &body).await,
        404,
        "not_found",
    );
    expect("not json", export("{").await, 400, "malformed_json");
    assert_nothing_written(&app).await;
}
