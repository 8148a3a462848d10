//! Helpers for the studio's integration tests: a fresh database per test, the local
//! gateway on a free port, a proxy to take Postgres away, and fresh DynamoDB Local
//! tables with WebSocket clients for the realtime tests.

pub mod app;
pub mod browser;
pub mod dynamo;
pub mod postgres;
pub mod proxy;
pub mod realtime;
pub mod studio;

pub use realtime::{Member, RealtimeApp, spawn_realtime, spawn_realtime_with, spawn_realtime_with_settings};
pub mod s3;
pub mod wav;

pub use app::{TestApp, spawn_app, spawn_app_behind_proxy, spawn_media_app};

/// The repository root, where `template.yaml`, `events/` and `functions/` live.
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace root")
        .to_path_buf()
}
