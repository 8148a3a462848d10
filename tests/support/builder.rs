//! `TestApp::builder()`: the studio behind a real local gateway on free ports, over a
//! fresh database and, when asked, a fresh bucket, fresh realtime tables, a proxy in
//! front of Postgres, other WebSocket limits or tracers.

use local_gateway::hosted::Clients;
use local_gateway::{Gateway, Invoker, Template, WsSettings};
use std::sync::Arc;
use std::time::Duration;
use studio::adapters::apigw::ManagementApi;
use studio::adapters::dynamo::{DynamoConnectionStore, DynamoPresenceStore};
use studio::adapters::postgres::{DatabaseConfig, Db};
use studio::media::Media;
use studio::pages::PageUrls;
use studio::realtime::{DEFAULT_FANOUT_CONCURRENCY, Realtime};
use studio::telemetry::Telemetry;
use tokio::net::TcpListener;

use crate::app::TestApp;
use crate::dynamo::{fresh_tables, sdk_config};
use crate::env::TestEnv;
use crate::postgres::fresh_database;
use crate::proxy::Proxy;
use crate::s3::fresh_bucket;
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
        let mut clients = Clients::default()
            .with_db(Db::new(&studio_config))
            .with_pages(PageUrls {
                api_base: String::new(),
                ws_url: format!("ws://{ws_addr}"),
            });
        let bucket = if self.media {
            Some(fresh_bucket().await)
        } else {
            None
        };
        if let Some(bucket) = &bucket {
            clients = clients.with_media(media(Db::new(&studio_config), bucket.objects()));
        }
        let tables = if self.realtime {
            Some(fresh_tables().await)
        } else {
            None
        };
        let realtime = match &tables {
            Some(tables) => Some(realtime(tables, &ws_addr, self.concurrency).await),
            None => None,
        };
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
}

fn media(db: Db, objects: studio::adapters::s3::S3Objects) -> Media {
    use studio::adapters::postgres::{PgExportStore, PgUploadStore};
    Media {
        objects: Arc::new(objects),
        uploads: Arc::new(PgUploadStore::new(db.clone())),
        exports: Arc::new(PgExportStore::new(db)),
    }
}

async fn realtime(tables: &crate::dynamo::Tables, ws_addr: &str, concurrency: usize) -> Realtime {
    let sdk = sdk_config().await;
    Realtime {
        presence: Arc::new(DynamoPresenceStore::new(tables.client.clone(), &tables.presence)),
        connections: Arc::new(DynamoConnectionStore::new(
            tables.client.clone(),
            &tables.connections,
        )),
        sender: Arc::new(ManagementApi::at(&sdk, &format!("http://{ws_addr}"))),
        concurrency,
    }
}
