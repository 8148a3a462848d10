//! Export benchmark: `POST /api/export`'s handler over real Postgres and SeaweedFS for
//! sessions of 1, 8 and 32 tracks of 60 s (mixed rates and channel counts), and the
//! time to refuse an export over the track cap. For each: wall time, the process's peak
//! memory during the export (VmHWM, reset before each), and the bytes downloaded.
//!
//! Run with `bash infra/scripts/export-bench.sh` (starts its own SeaweedFS; release
//! build). `EXPORT_BENCH_SECONDS` sets the track length (default 60). Prints numbers;
//! it asserts nothing but that each export succeeds.

use async_trait::async_trait;
use bytes::Bytes;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use studio::adapters::postgres::{PgArrangementStore, PgExportStore, PgSessionStore, PgUploadStore};
use studio::domain::{SessionName, UploadId};
use studio::media::{AudioFormat, AudioInfo, ExportLimits, ListedObject, Media, NewUpload};
use studio::media::{ObjectInfo, ObjectStore, UploadStatus, probe_bytes};
use studio::sessions::SessionStore;
use studio::store::StoreError;
use studio_tests::TestApp;
use studio_tests::wav::tone;

/// The bucket, counting the bytes downloads bring in.
struct Counting {
    inner: Arc<dyn ObjectStore>,
    read: AtomicU64,
}

#[async_trait]
impl ObjectStore for Counting {
    async fn put(&self, key: &str, body: Bytes, content_type: &str) -> Result<(), StoreError> {
        self.inner.put(key, body, content_type).await
    }
    async fn put_file(&self, key: &str, path: &Path, content_type: &str) -> Result<(), StoreError> {
        self.inner.put_file(key, path, content_type).await
    }
    async fn head(&self, key: &str) -> Result<Option<ObjectInfo>, StoreError> {
        self.inner.head(key).await
    }
    async fn download(&self, key: &str, path: &Path) -> Result<bool, StoreError> {
        let found = self.inner.download(key, path).await?;
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        self.read
            .fetch_add(if found { size } else { 0 }, Ordering::Relaxed);
        Ok(found)
    }
    async fn list(
        &self,
        prefix: &str,
        after: Option<&str>,
        max: usize,
    ) -> Result<Vec<ListedObject>, StoreError> {
        self.inner.list(prefix, after, max).await
    }
    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        self.inner.delete(key).await
    }
    async fn presign_get(&self, key: &str, ttl: Duration) -> Result<String, StoreError> {
        self.inner.presign_get(key, ttl).await
    }
    async fn presign_put(&self, key: &str, ct: &str, len: u64, ttl: Duration) -> Result<String, StoreError> {
        self.inner.presign_put(key, ct, len, ttl).await
    }
}

/// The four kinds of track, as the render benchmark uses them.
const KINDS: [(u32, u16, f64); 4] = [
    (44_100, 2, 220.0),
    (48_000, 1, 330.0),
    (96_000, 2, 440.0),
    (22_050, 1, 550.0),
];

/// A session of `n` ready tracks, their bytes put straight into the bucket.
async fn session_of(
    media: &Media,
    sessions: &PgSessionStore,
    wavs: &[(Bytes, AudioInfo)],
    n: usize,
) -> String {
    let session = sessions
        .create(SessionName::parse("Bench").unwrap())
        .await
        .unwrap();
    for i in 0..n {
        let (bytes, audio) = &wavs[i % wavs.len()];
        let id = UploadId::new();
        let key = studio::media::upload_key(Some(session.id), id);
        media.objects.put(&key, bytes.clone(), "audio/wav").await.unwrap();
        let new = NewUpload {
            id,
            session_id: Some(session.id),
            object_key: key,
            filename: format!("track-{i}.wav"),
            content_type: "audio/wav".into(),
            size: bytes.len() as u64,
            status: UploadStatus::Ready,
            checksum: None,
            audio: Some(*audio),
            peaks: None,
            owner: None,
            loudness: None,
        };
        media.uploads.insert(new).await.unwrap();
    }
    session.id.to_string()
}

fn request(session: &str) -> lambda_http::Request {
    let body = serde_json::json!({ "sessionId": session }).to_string();
    let req = http::Request::builder()
        .method("POST")
        .header("content-type", "application/json");
    req.body(lambda_http::Body::Text(body)).unwrap()
}

/// A line of `/proc/self/status` (`VmRSS`, `VmHWM`), in MB.
fn status_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

/// Resets the peak to the current resident memory; returns that, in MB.
fn reset_peak() -> f64 {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    status_mb("VmRSS:")
}

#[tokio::main]
async fn main() {
    let seconds: f64 = std::env::var("EXPORT_BENCH_SECONDS").map_or(60.0, |s| s.parse().expect("seconds"));
    let app = TestApp::builder().media().spawn().await;
    let counting = Arc::new(Counting {
        inner: Arc::new(app.bucket.as_ref().unwrap().objects()),
        read: AtomicU64::new(0),
    });
    let media = Media {
        objects: counting.clone(),
        uploads: Arc::new(PgUploadStore::new(app.db.clone())),
        exports: Arc::new(PgExportStore::new(app.db.clone())),
        limits: ExportLimits::DEFAULT,
    };
    let sessions = PgSessionStore::new(app.db.clone());
    let arrangements = PgArrangementStore::new(app.db.clone());
    let wavs: Vec<(Bytes, AudioInfo)> = KINDS
        .iter()
        .map(|&(rate, channels, hz)| {
            let bytes = tone(rate, channels, seconds, hz, 0.5);
            let audio = probe_bytes(&bytes).unwrap();
            assert_eq!(audio.format, AudioFormat::Wav);
            (Bytes::from(bytes), audio)
        })
        .collect();
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!(
        "export of N tracks of {seconds} s (44.1 kHz stereo, 48 kHz mono, 96 kHz stereo, 22.05 kHz mono in turn), {profile} build"
    );
    println!("| Tracks | Wall time | RSS before → peak during (process) | Bytes read | Output |");
    println!("| --- | --- | --- | --- | --- |");
    for n in [1, 8, 32] {
        let session = session_of(&media, &sessions, &wavs, n).await;
        counting.read.store(0, Ordering::Relaxed);
        let before = reset_peak();
        let started = Instant::now();
        let resp = studio::api::media::export::create(
            &sessions,
            &arrangements,
            &media,
            studio::access::AccessMode::Open,
            &request(&session),
        )
        .await
        .unwrap();
        let wall = started.elapsed();
        let peak = status_mb("VmHWM:");
        assert_eq!(resp.status(), 201);
        let answer: serde_json::Value = serde_json::from_slice(resp.body().as_ref()).unwrap();
        println!(
            "| {n} | {:.2} s | {before:.0} → {peak:.0} MB | {:.1} MB | {:.1} MB, {} frames |",
            wall.as_secs_f64(),
            counting.read.load(Ordering::Relaxed) as f64 / 1e6,
            answer["export"]["size"].as_u64().unwrap() as f64 / 1e6,
            answer["export"]["frames"],
        );
    }
    let over = session_of(
        &media,
        &sessions,
        &wavs[3..],
        ExportLimits::DEFAULT.max_tracks + 1,
    )
    .await;
    counting.read.store(0, Ordering::Relaxed);
    let started = Instant::now();
    let refused = studio::api::media::export::create(
        &sessions,
        &arrangements,
        &media,
        studio::access::AccessMode::Open,
        &request(&over),
    )
    .await;
    let wall = started.elapsed();
    let status = refused.err().map(|e| e.status().as_u16());
    println!(
        "over the track cap ({} tracks): {status:?} in {:.1} ms, {} bytes read",
        ExportLimits::DEFAULT.max_tracks + 1,
        wall.as_secs_f64() * 1000.0,
        counting.read.load(Ordering::Relaxed)
    );
}
