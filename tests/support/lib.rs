//! Helpers for the studio's integration tests: one [`TestApp`] builder over fresh
//! databases, buckets and tables on the run's stand-ins, one [`TestEnv`] that says where
//! they are, WebSocket members, a proxy to take Postgres away, a browser.

pub mod app;
pub mod asyncapi;
pub mod aws_calls;
pub mod browser;
pub mod builder;
pub mod dynamo;
pub mod env;
pub mod faults;
pub mod invites;
pub mod meter;
pub mod ordered;
pub mod otlp;
pub mod policies;
pub mod postgres;
pub mod proxy;
pub mod s3;
pub mod stores;
pub mod wav;
pub mod ws;

pub use app::TestApp;
pub use env::TestEnv;
pub use ws::Member;

/// The repository root, where `template.yaml`, `events/` and `functions/` live.
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace root")
        .to_path_buf()
}
