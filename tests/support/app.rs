//! `spawn_app()`: the studio behind a real local gateway on a free port, over a fresh
//! database, driven with a real HTTP client.

use std::sync::Arc;

use local_gateway::{Gateway, Invoker, Template};
use serde_json::Value;
use studio::{Resources, config::DatabaseConfig, db::Db, telemetry::Telemetry};
use tokio::net::TcpListener;

use crate::postgres::{count_rows, fresh_database};
use crate::proxy::Proxy;
use crate::s3::{TestBucket, fresh_bucket};
use crate::workspace_root;

/// A running studio for one test.
pub struct TestApp {
    /// `http://127.0.0.1:PORT` of the local gateway.
    pub address: String,
    /// A client for the gateway.
    pub client: reqwest::Client,
    /// The test's own database, reached directly (not through any proxy).
    pub db: Db,
    /// The proxy the studio reaches Postgres through, when the test asked for one.
    pub proxy: Option<Arc<Proxy>>,
    /// The test's own bucket on the run's SeaweedFS, when the test asked for media.
    pub bucket: Option<TestBucket>,
}

/// The studio over a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn(false).await
}

/// The studio over a fresh database and a fresh bucket on the run's SeaweedFS.
pub async fn spawn_media_app() -> TestApp {
    let config = fresh_database().await;
    let bucket = fresh_bucket().await;
    let db = Db::new(&config);
    let resources = Resources::default()
        .with_db(db.clone())
        .with_media(studio::media::Media::new(db, Arc::new(bucket.objects())));
    let address = serve(resources, Telemetry::off()).await;
    TestApp {
        address,
        client: reqwest::Client::new(),
        db: Db::new(&config),
        proxy: None,
        bucket: Some(bucket),
    }
}

/// The studio reaching its database through a proxy the test can cut.
pub async fn spawn_app_behind_proxy() -> TestApp {
    spawn(true).await
}

async fn spawn(behind_proxy: bool) -> TestApp {
    let config = fresh_database().await;
    let (studio_config, proxy) = if behind_proxy {
        let proxy = Arc::new(Proxy::start("127.0.0.1:5432".parse().unwrap()).await);
        let url = format!("postgres://postgres@{}/{}", proxy.addr(), config.dbname());
        (DatabaseConfig::from_url(&url).unwrap(), Some(proxy))
    } else {
        (config.clone(), None)
    };
    let resources = Resources::default().with_db(Db::new(&studio_config));
    let address = serve(resources, Telemetry::off()).await;
    TestApp {
        address,
        client: reqwest::Client::new(),
        db: Db::new(&config),
        proxy,
        bucket: None,
    }
}

/// Serves the template's routes in-process over `resources`; returns the base URL.
pub async fn serve(resources: Resources, telemetry: Telemetry) -> String {
    let template = Template::load(&workspace_root().join("template.yaml")).expect("template.yaml loads");
    let gateway = Gateway::new(template, Invoker::in_process(resources, telemetry)).expect("routes resolve");
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(gateway.serve_http(listener));
    address
}

impl TestApp {
    /// The URL of `path` on the gateway.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// GET `path`; returns the status and the JSON body.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        read(
            self.client
                .get(self.url(path))
                .send()
                .await
                .expect("the gateway answers"),
        )
        .await
    }

    /// POST `body` as JSON text to `path`.
    pub async fn post_json(&self, path: &str, body: &str) -> (u16, Value) {
        self.send(
            reqwest::Method::POST,
            path,
            "application/json",
            body.as_bytes().to_vec(),
        )
        .await
    }

    /// Any method, content type and body.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (u16, Value) {
        let response = self
            .client
            .request(method, self.url(path))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("the gateway answers");
        read(response).await
    }

    /// How many rows `table` holds.
    pub async fn row_count(&self, table: &str) -> i64 {
        count_rows(&self.db, table).await
    }

    /// The keys in the test's bucket.
    pub async fn object_keys(&self) -> Vec<String> {
        self.bucket.as_ref().expect("a media app").keys().await
    }

    /// Creates a session and returns its id.
    pub async fn new_session(&self) -> String {
        let (status, body) = self.post_json("/api/sessions", r#"{"name":"Media"}"#).await;
        assert_eq!(status, 201, "{body}");
        body["session"]["id"].as_str().unwrap().to_owned()
    }

    /// How many sessions the database holds.
    pub async fn session_count(&self) -> i64 {
        count_rows(&self.db, "sessions").await
    }
}

/// The status and JSON body of a response; a body that is not JSON fails the test.
pub async fn read(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.expect("the body is readable");
    let body = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("status {status}, body is not JSON ({e}): {text}"));
    (status, body)
}
