//! Unit tests of the upload handler over in-memory stores: what is stored, what is
//! refused, and that a failed insert leaves no object behind.

use super::upload::create;
use crate::access::AccessMode;
use crate::adapters::memory::{InMemoryExports, InMemoryObjects, InMemorySessionStore, InMemoryUploads};
use crate::media::Media;
use lambda_http::Body;
use lambda_http::Request;
use std::sync::Arc;

fn wav() -> Vec<u8> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 8_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = hound::WavWriter::new(&mut out, spec).unwrap();
    (0..800).for_each(|_| writer.write_sample(0i16).unwrap());
    writer.finalize().unwrap();
    out.into_inner()
}

fn multipart(file: &[u8], content_type: &str) -> Request {
    let mut body = b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n".to_vec();
    body.extend_from_slice(format!("Content-Type: {content_type}\r\n\r\n").as_bytes());
    body.extend_from_slice(file);
    body.extend_from_slice(b"\r\n--b--\r\n");
    http::Request::builder()
        .method("POST")
        .header("content-type", "multipart/form-data; boundary=b")
        .body(Body::Binary(body))
        .unwrap()
}

fn media() -> (Media, Arc<InMemoryObjects>, Arc<InMemoryUploads>) {
    let (objects, uploads) = (
        Arc::new(InMemoryObjects::default()),
        Arc::new(InMemoryUploads::default()),
    );
    let media = Media {
        objects: objects.clone(),
        uploads: uploads.clone(),
        exports: Arc::new(InMemoryExports::default()),
        limits: Default::default(),
    };
    (media, objects, uploads)
}

#[tokio::test]
async fn a_wav_is_stored_and_recorded_with_its_metadata() {
    let (media, objects, uploads) = media();
    let sessions = InMemorySessionStore::default();
    let resp = create(
        &sessions,
        &media,
        AccessMode::Open,
        &multipart(&wav(), "audio/wav"),
    )
    .await
    .unwrap();
    assert_eq!(resp.status(), 201);
    assert_eq!((objects.keys().len(), uploads.len()), (1, 1));
    assert!(objects.keys()[0].starts_with("uploads/unbound/"));
}

#[tokio::test]
async fn a_failed_insert_removes_the_object_it_had_stored() {
    let (media, objects, uploads) = media();
    uploads.fail_inserts();
    let sessions = InMemorySessionStore::default();
    let err = create(
        &sessions,
        &media,
        AccessMode::Open,
        &multipart(&wav(), "audio/wav"),
    )
    .await
    .unwrap_err();
    assert_eq!(err.status(), 503);
    assert!(objects.keys().is_empty(), "orphan objects: {:?}", objects.keys());
}

#[tokio::test]
async fn bytes_that_are_not_the_declared_audio_are_refused_before_anything_is_stored() {
    let (media, objects, uploads) = media();
    let sessions = InMemorySessionStore::default();
    let err = create(
        &sessions,
        &media,
        AccessMode::Open,
        &multipart(b"not audio", "audio/wav"),
    )
    .await
    .unwrap_err();
    assert_eq!(err.status(), 415);
    let err = create(
        &sessions,
        &media,
        AccessMode::Open,
        &multipart(&wav(), "audio/ogg"),
    )
    .await
    .unwrap_err();
    assert_eq!(err.status(), 415);
    let err = create(
        &sessions,
        &media,
        AccessMode::Open,
        &multipart(b"\x89PNG\r\n", "application/octet-stream"),
    )
    .await;
    assert_eq!(err.unwrap_err().status(), 415);
    assert!(objects.keys().is_empty() && uploads.is_empty());
}

#[tokio::test]
async fn an_untyped_part_is_accepted_for_what_its_bytes_are() {
    let (media, _, uploads) = media();
    let sessions = InMemorySessionStore::default();
    let resp = create(
        &sessions,
        &media,
        AccessMode::Open,
        &multipart(&wav(), "application/octet-stream"),
    )
    .await
    .unwrap();
    assert_eq!(resp.status(), 201);
    let body: serde_json::Value = serde_json::from_slice(resp.body().as_ref()).unwrap();
    assert_eq!(body["metadata"]["contentType"], "audio/wav");
    assert_eq!(uploads.len(), 1);
}
