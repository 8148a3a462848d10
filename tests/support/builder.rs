//! `TestApp::builder()`: the studio behind a real local gateway on free ports, over a
//! fresh database and, when asked, a fresh bucket, fresh realtime tables, a proxy in
//! front of Postgres, other WebSocket limits or tracers.

use local_gateway::hosted::Clients;
use local_gateway::{Gateway, Invoker, Template, WsSettings};
use std::sync::Arc;
use std::time::Duration;
use studio::access::{AccessConfig, Tokens};
use studio::adapters::postgres::{DatabaseConfig, Db};
use studio::media::ExportLimits;
use studio::pages::PageUrls;
use studio::realtime::{DEFAULT_FANOUT_CONCURRENCY, MessageRate, Retention};
use studio::telemetry::Telemetry;
use tokio::net::TcpListener;

use crate::app::TestApp;
use crate::aws_calls::AwsCalls;
use crate::dynamo::LOCAL_KEY;
use crate::env::TestEnv;
use crate::postgres::fresh_database;
use crate::proxy::Proxy;
use crate::workspace_root;

/// What a test's studio is made of.
pub struct TestAppBuilder {
    pub(crate) media: bool,
    pub(crate) realtime: bool,
    pub(crate) behind_proxy: bool,
    pub(crate) concurrency: usize,
    pub(crate) retention: Retention,
    pub(crate) message_rate: MessageRate,
    pub(crate) ws: WsSettings,
    pub(crate) telemetry: Telemetry,
    pub(crate) index_lag: Option<Duration>,
    pub(crate) dynamodb_behind_proxy: bool,
    pub(crate) s3_behind_proxy: bool,
    pub(crate) dynamodb_at: Option<String>,
    pub(crate) s3_at: Option<String>,
    pub(crate) aws_calls: Option<AwsCalls>,
    pub(crate) access: AccessConfig,
    pub(crate) export_limits: ExportLimits,
}

impl Default for TestAppBuilder {
    fn default() -> Self {
        Self {
            media: false,
            realtime: false,
            behind_proxy: false,
            concurrency: DEFAULT_FANOUT_CONCURRENCY,
            retention: Retention::default(),
            message_rate: MessageRate::default(),
            ws: WsSettings::default(),
            telemetry: Telemetry::off(),
            index_lag: None,
            dynamodb_behind_proxy: false,
            s3_behind_proxy: false,
            dynamodb_at: None,
            s3_at: None,
            aws_calls: None,
            access: AccessConfig::default(),
            export_limits: ExportLimits::DEFAULT,
        }
    }
}

impl TestAppBuilder {
    /// Uploads and exports in a fresh bucket on the run's SeaweedFS.
    pub fn media(mut self) -> Self {
        self.media = true;
        self
    }

    /// Exports capped by `limits` instead of the deployed caps.
    pub fn export_limits(mut self, limits: ExportLimits) -> Self {
        self.export_limits = limits;
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

    /// Rooms whose log keeps `bound` envelopes for `seconds` (the defaults: 5000, 24 h).
    pub fn room_retention(mut self, seconds: i64, bound: u64) -> Self {
        self.retention = Retention { seconds, bound };
        self.realtime()
    }

    /// Rooms where a member may send `messages` per `window_seconds`.
    pub fn message_rate(mut self, messages: u64, window_seconds: i64) -> Self {
        self.message_rate = MessageRate {
            messages,
            window_seconds,
        };
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

    /// Invite mode: rooms need member tokens signed with `tokens`, and the template's
    /// authorizers stand in front of `$connect` and the protected routes.
    pub fn invite(mut self, tokens: Tokens) -> Self {
        self.access = AccessConfig::invite(tokens);
        self
    }

    /// Access as `access` says (invite mode with LiveKit, say).
    pub fn access(mut self, access: AccessConfig) -> Self {
        self.access = access;
        self
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
            access: self.access.mode,
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
        let params = [("AccessMode".to_owned(), self.access.mode.to_string())].into();
        let template = Template::load_with(&workspace_root().join("template.yaml"), &params)
            .expect("template.yaml loads");
        clients = clients.with_access(self.access.clone());
        let gateway = Gateway::new(template, Invoker::in_process(clients.clone(), self.telemetry))
            .expect("routes resolve");
        let http_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = format!("http://{}", http_listener.local_addr().unwrap());
        if self.realtime {
            // The in-process functions' `@connections` client signs with the tables' key.
            let mut ws = self.ws;
            let signer = studio::adapters::secrets::Credentials::new(LOCAL_KEY.0, LOCAL_KEY.1, None);
            ws.signers.push(signer);
            tokio::spawn(gateway.clone().serve_ws(ws_listener, ws));
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
}

/// `endpoint` itself, or a proxy in front of it the test can stall.
pub(crate) async fn reach(endpoint: &str, behind_proxy: bool) -> (String, Option<Arc<Proxy>>) {
    if !behind_proxy {
        return (endpoint.to_owned(), None);
    }
    let target = endpoint.trim_start_matches("http://").trim_end_matches('/');
    let proxy = Arc::new(Proxy::start(target.parse().expect("a stand-in at an IP address and port")).await);
    (format!("http://{}", proxy.addr()), Some(proxy))
}
