//! `spawn_studio()`: every part of the studio at once — sessions on a fresh database,
//! realtime on fresh tables, media in a fresh bucket, and pages that point at this instance's WebSocket API —
//! for tests that drive it as a person would.

use local_gateway::WsSettings;
use std::sync::Arc;
use studio::{
    db::Db, media::Media, pages::PageConfig, realtime::DEFAULT_FANOUT_CONCURRENCY, telemetry::Telemetry,
};

use crate::postgres::fresh_database;
use crate::realtime::{RealtimeApp, spawn_around};
use crate::s3::{TestBucket, fresh_bucket};

/// The whole studio for one test.
pub struct StudioApp {
    pub app: RealtimeApp,
    pub db: Db,
    pub bucket: TestBucket,
}

/// Starts the whole studio.
pub async fn spawn_studio() -> StudioApp {
    let config = fresh_database().await;
    let db = Db::new(&config);
    let bucket = fresh_bucket().await;
    let media = Media::new(db.clone(), Arc::new(bucket.objects()));
    let for_functions = db.clone();
    let app = spawn_around(
        DEFAULT_FANOUT_CONCURRENCY,
        WsSettings::default(),
        Telemetry::off(),
        move |resources, ws_addr| {
            let pages = PageConfig::new("", &format!("ws://{ws_addr}")).expect("a valid WebSocket URL");
            resources
                .with_db(for_functions)
                .with_media(media)
                .with_page_config(pages)
        },
    )
    .await;
    StudioApp { app, db, bucket }
}

impl StudioApp {
    /// The URL of `path` on the HTTP API.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.app.http)
    }

    /// Creates a session through the API and returns its id.
    pub async fn create_session(&self, name: &str) -> String {
        let (status, body) = self
            .app
            .send_json(
                reqwest::Method::POST,
                "/api/sessions",
                &serde_json::json!({ "name": name }),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        body["session"]["id"].as_str().unwrap().to_owned()
    }
}
