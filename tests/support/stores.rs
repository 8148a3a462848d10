//! The stores a test studio's functions use, built the way a deployed function builds
//! them (the studio's deadlines and retries) but on the test's own bucket and tables,
//! optionally behind a stallable proxy or a fault injector, and with AWS calls recorded.

use std::sync::Arc;
use studio::adapters::apigw::ManagementApi;
use studio::adapters::dynamo::{
    DynamoConnectionStore, DynamoPresenceStore, DynamoRevocations, DynamoRoomLog,
};
use studio::adapters::postgres::{DatabaseConfig, Db, PgExportStore, PgUploadStore};
use studio::adapters::s3::S3Objects;
use studio::media::Media;
use studio::realtime::Realtime;
use studio::settings::{media_retries, media_timeouts};

use crate::builder::{TestAppBuilder, reach};
use crate::dynamo::{LOCAL_KEY, Tables, fresh_tables, studio_sdk_config};
use crate::env::TestEnv;
use crate::proxy::Proxy;
use crate::s3::{TestBucket, fresh_bucket};

impl TestAppBuilder {
    /// A fresh bucket, and the media stores on it with the studio's own S3 client.
    pub(crate) async fn media_stores(
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
            limits: self.export_limits,
        };
        (Some(bucket), Some(media), proxy)
    }

    /// Fresh tables, and the realtime stores on them with the studio's own clients.
    pub(crate) async fn realtime_stores(
        &self,
        ws_addr: &str,
    ) -> (Option<Tables>, Option<Realtime>, Option<Arc<Proxy>>) {
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
            calls.table(&tables.room_events, "RoomEventsTable");
            dynamo = dynamo.interceptor(calls.clone());
            posts = posts.interceptor(calls.clone());
        }
        let dynamo = aws_sdk_dynamodb::Client::from_conf(dynamo.build());
        let posts = aws_sdk_apigatewaymanagement::Client::from_conf(posts.build());
        let realtime = Realtime {
            presence: Arc::new(DynamoPresenceStore::new(dynamo.clone(), &tables.presence)),
            connections: Arc::new(DynamoConnectionStore::new(dynamo.clone(), &tables.connections)),
            sender: Arc::new(ManagementApi::fixed(&sdk, posts)),
            log: Arc::new(DynamoRoomLog::new(dynamo.clone(), &tables.room_events)),
            retention: self.retention,
            rate: self.message_rate,
            concurrency: self.concurrency,
            revocations: Arc::new(DynamoRevocations::new(dynamo.clone(), &tables.presence)),
        };
        (Some(tables), Some(realtime), proxy)
    }
}
