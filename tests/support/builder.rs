//! `TestApp::builder()`: the studio behind a real local gateway on free ports, over a
//! fresh database and, when asked, a fresh bucket, fresh realtime tables, a proxy in
//! front of Postgres, other WebSocket limits or tracers.

use local_gateway::hosted::Clients;
use local_gateway::{Gateway, Invoker, Template, WsSettings};
use std::sync::Arc;
use std::time::Duration;
use studio::adapters::apigw::ManagementApi;
use studio::adapters::dynamo::{DynamoConnectionStore, DynamoPresenceStore};
use studio::adapters::postgres::{DatabaseConfig, Db, PgExportStore, PgUploadStore};
use studio::adapters::s3::S3Objects;
use studio::media::Media;
use studio::pages::PageUrls;
use studio::realtime::{DEFAULT_FANOUT_CONCURRENCY, Realtime};
use studio::settings::{media_retries, media_timeouts};
use studio::telemetry::Telemetry;
use tokio::net::TcpListener;

use crate::app::TestApp;
use crate::aws_calls::AwsCalls;
use crate::dynamo::{LOCAL_KEY, Tables, fresh_tables, studio_sdk_config};
use crate::env::TestEnv;
use crate::postgres::fresh_database;
use crate::proxy::Proxy;
use crate::s3::{TestBucket, fresh_bucket};
use crate::workspace_root;

/// What a test's studio is made of.
pub struct TestAppBuilder {
    media: bool,
    realtime: bool,
    behind_proxy: bool,
    concurrency: usize,
    ws: WsSettings,
    telemetry: Telemetry,
    index_lag: Option<Duration>,
    dynamodb_behind_proxy: bool,
    s3_behind_proxy: bool,
    dynamodb_at: Option<String>,
    s3_at: Option<String>,
    aws_calls: Option<AwsCalls>,
}

impl Default for TestAppBuilder {
    fn default() -> Self {
        Self {
            media: false,
            realtime: false,
            behind_proxy: false,
            concurrency: DEFAULT_FANOUT_CONCURRENCY,
            ws: WsSettings::default(),
            telemetry: Telemetry::off(),
            index_lag: None,
            dynamodb_behind_proxy: false,
            s3_behind_proxy: false,
            dynamodb_at: None,
            s3_at: None,
            aws_calls: None,
        }
    }
}

impl TestAppBuilder {
    /// Uploads and exports in a fresh bucket on the run's SeaweedFS.
    pub fn media(mut self) -> Self {
        self.media = true;
        self
    }

    /// Rooms on fresh DynamoDB Local tables, with the WebSocket API served too.
    pub fn realtime(mut self) -> Self {
        self.realtime = true;
        self
    }

    /// Postgres reached through a proxy the test can cut.
    pub fn behind_proxy(mut self) -> Self {
        self.behind_proxy = true;
        self
    }

    /// DynamoDB Local reached through a proxy the test can stall (rooms implied).
    pub fn dynamodb_behind_proxy(mut self) -> Self {
        self.dynamodb_behind_proxy = true;
        self.realtime()
    }

    /// SeaweedFS reached through a proxy the test can stall (media implied).
    pub fn s3_behind_proxy(mut self) -> Self {
        self.s3_behind_proxy = true;
        self.media()
    }

    /// The studio's DynamoDB calls go to `endpoint` (a fault injector), while the test's
    /// tables are made on the run's DynamoDB Local.
    pub fn dynamodb_at(mut self, endpoint: &str) -> Self {
        self.dynamodb_at = Some(endpoint.to_owned());
        self.realtime()
    }

    /// The studio's S3 calls go to `endpoint` (a fault injector).
    pub fn s3_at(mut self, endpoint: &str) -> Self {
        self.s3_at = Some(endpoint.to_owned());
        self.media()
    }

    /// Every AWS call of the studio's clients is recorded in `calls`.
    pub fn record_aws_calls(mut self, calls: &AwsCalls) -> Self {
        self.aws_calls = Some(calls.clone());
        self
    }

    /// Rooms whose fan-out posts at most `concurrency` frames at once.
    pub fn fanout_concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency;
        self.realtime()
    }

    /// Rooms with other WebSocket limits (a short idle timeout, say).
    pub fn ws_settings(mut self, settings: WsSettings) -> Self {
        self.ws = settings;
        self.realtime()
    }

    /// Rooms whose connections index trails its writes by `lag`, as on AWS.
    pub fn index_lag(mut self, lag: Duration) -> Self {
        self.index_lag = Some(lag);
        self.realtime()
    }

    /// Spans go to `telemetry`'s exporters instead of nowhere.
    pub fn telemetry(mut self, telemetry: Telemetry) -> Self {
        self.telemetry = telemetry;
        self
    }

    /// Starts the studio.
    pub async fn spawn(self) -> TestApp {
        let config = fresh_database().await;
        let (studio_config, proxy) = self.database(&config).await;
        let ws_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let ws_addr = ws_listener.local_addr().unwrap().to_string();
        let pages = PageUrls {
            api_base: String::new(),
            ws_url: format!("ws://{ws_addr}"),
        };
        let mut clients = Clients::default()
            .with_db(Db::new(&studio_config))
            .with_pages(pages);
        let (bucket, media, s3_proxy) = self.media_stores(&studio_config).await;
        if let Some(media) = media {
            clients = clients.with_media(media);
        }
        let (tables, realtime, dynamodb_proxy) = self.realtime_stores(&ws_addr).await;
        if let Some(realtime) = &realtime {
            clients = clients.with_realtime(realtime.clone());
        }
        if let Some(lag) = self.index_lag {
            clients = clients.with_index_lag(lag);
        }
        let template = Template::load(&workspace_root().join("template.yaml")).expect("template.yaml loads");
        let gateway = Gateway::new(template, Invoker::in_process(clients.clone(), self.telemetry))
            .expect("routes resolve");
        let http_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = format!("http://{}", http_listener.local_addr().unwrap());
        if self.realtime {
            tokio::spawn(gateway.clone().serve_ws(ws_listener, self.ws));
        }
        tokio::spawn(gateway.serve_http(http_listener));
        TestApp {
            address,
            ws_addr,
            client: reqwest::Client::new(),
            db: Db::new(&config),
            proxy,
            bucket,
            tables,
            realtime,
            clients,
            dynamodb_proxy,
            s3_proxy,
        }
    }

    async fn database(&self, config: &DatabaseConfig) -> (DatabaseConfig, Option<Arc<Proxy>>) {
        if !self.behind_proxy {
            return (config.clone(), None);
        }
        let env = TestEnv::get();
        let proxy = Arc::new(Proxy::start(env.postgres_addr()).await);
        let url = format!("postgres://postgres@{}/{}", proxy.addr(), config.dbname());
        (DatabaseConfig::from_url(&url).unwrap(), Some(proxy))
    }

    /// A fresh bucket, and the media stores on it with the studio's own S3 client.
    async fn media_stores(
        &self,
        config: &DatabaseConfig,
    ) -> (Option<TestBucket>, Option<Media>, Option<Arc<Proxy>>) {
        if !self.media {
            return (None, None, None);
        }
        let bucket = fresh_bucket().await;
        let target = self
            .s3_at
            .clone()
            .unwrap_or_else(|| TestEnv::get().s3().to_owned());
        let (endpoint, proxy) = reach(&target, self.s3_behind_proxy).await;
        let sdk = studio_sdk_config(&endpoint, TestEnv::get().access_key()).await;
        let mut s3 = aws_sdk_s3::config::Builder::from(&sdk)
            .force_path_style(true)
            .timeout_config(media_timeouts())
            .retry_config(media_retries());
        if let Some(calls) = &self.aws_calls {
            s3 = s3.interceptor(calls.clone());
        }
        let objects = S3Objects::new(aws_sdk_s3::Client::from_conf(s3.build()), &bucket.name);
        let db = Db::new(config);
        let media = Media {
            objects: Arc::new(objects),
            uploads: Arc::new(PgUploadStore::new(db.clone())),
            exports: Arc::new(PgExportStore::new(db)),
        };
        (Some(bucket), Some(media), proxy)
    }

    /// Fresh tables, and the realtime stores on them with the studio's own clients.
    async fn realtime_stores(&self, ws_addr: &str) -> (Option<Tables>, Option<Realtime>, Option<Arc<Proxy>>) {
        if !self.realtime {
            return (None, None, None);
        }
        let tables = fresh_tables().await;
        let target = self
            .dynamodb_at
            .clone()
            .unwrap_or_else(|| TestEnv::get().dynamodb().to_owned());
        let (endpoint, proxy) = reach(&target, self.dynamodb_behind_proxy).await;
        let sdk = studio_sdk_config(&endpoint, LOCAL_KEY).await;
        let mut dynamo = aws_sdk_dynamodb::config::Builder::from(&sdk);
        let mut posts = aws_sdk_apigatewaymanagement::config::Builder::from(&sdk)
            .endpoint_url(format!("http://{ws_addr}"));
        if let Some(calls) = &self.aws_calls {
            calls.table(&tables.presence, "PresenceTable");
            calls.table(&tables.connections, "ConnectionsTable");
            dynamo = dynamo.interceptor(calls.clone());
            posts = posts.interceptor(calls.clone());
        }
        let dynamo = aws_sdk_dynamodb::Client::from_conf(dynamo.build());
        let posts = aws_sdk_apigatewaymanagement::Client::from_conf(posts.build());
        let realtime = Realtime {
            presence: Arc::new(DynamoPresenceStore::new(dynamo.clone(), &tables.presence)),
            connections: Arc::new(DynamoConnectionStore::new(dynamo, &tables.connections)),
            sender: Arc::new(ManagementApi::fixed(&sdk, posts)),
            concurrency: self.concurrency,
        };
        (Some(tables), Some(realtime), proxy)
    }
}

/// `endpoint` itself, or a proxy in front of it the test can stall.
async fn reach(endpoint: &str, behind_proxy: bool) -> (String, Option<Arc<Proxy>>) {
    if !behind_proxy {
        return (endpoint.to_owned(), None);
    }
    let target = endpoint.trim_start_matches("http://").trim_end_matches('/');
    let proxy = Arc::new(Proxy::start(target.parse().expect("a stand-in at an IP address and port")).await);
    (format!("http://{}", proxy.addr()), Some(proxy))
}
