//! The object store on S3 (SeaweedFS locally), with SigV4-presigned URLs.

use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::error::SdkError;
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use bytes::Bytes;
use chrono::DateTime;
use opentelemetry::KeyValue;
use std::path::Path;
use std::time::Duration;
use tokio::io::AsyncWriteExt;

use crate::media::{ListedObject, ObjectInfo, ObjectStore, PENDING_TAG};
use crate::store::StoreError;
use crate::telemetry::traced;

/// Objects in one S3 bucket.
#[derive(Clone)]
pub struct S3Objects {
    client: Client,
    bucket: String,
}

impl S3Objects {
    /// A store over an SDK client built once per container.
    pub fn new(client: Client, bucket: impl Into<String>) -> Self {
        Self {
            client,
            bucket: bucket.into(),
        }
    }

    /// A client for `bucket` from the container's SDK configuration. `force_path_style`
    /// serves stores such as SeaweedFS that serve buckets under the path rather than as
    /// subdomains; the endpoint comes the standard way (`AWS_ENDPOINT_URL_S3`).
    /// Calls carry media bodies, so they get `timeouts` (longer transfers, the same quick
    /// answer to a hung store).
    pub fn from_sdk(
        sdk: &aws_types::SdkConfig,
        bucket: &str,
        force_path_style: bool,
        timeouts: aws_smithy_types::timeout::TimeoutConfig,
    ) -> Self {
        let s3 = aws_sdk_s3::config::Builder::from(sdk)
            .force_path_style(force_path_style)
            .timeout_config(timeouts)
            .retry_config(crate::settings::media_retries())
            .build();
        Self::new(Client::from_conf(s3), bucket)
    }

    /// A client span per S3 call, named as the AWS semantic conventions name them.
    fn span(&self, operation: &'static str, key: &str) -> (String, Vec<KeyValue>) {
        let attributes = vec![
            KeyValue::new("rpc.system", "aws-api"),
            KeyValue::new("rpc.service", "S3"),
            KeyValue::new("rpc.method", operation),
            KeyValue::new("aws.s3.bucket", self.bucket.clone()),
            KeyValue::new("aws.s3.key", key.to_owned()),
        ];
        (format!("S3.{operation}"), attributes)
    }
}

fn s3_error<E>(e: SdkError<E, HttpResponse>) -> StoreError
where
    E: aws_sdk_s3::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    crate::adapters::sdk_error::store_error("s3", e)
}

fn presign_config(ttl: Duration) -> Result<PresigningConfig, StoreError> {
    PresigningConfig::expires_in(ttl).map_err(|e| StoreError::internal("s3", e))
}

#[async_trait]
impl ObjectStore for S3Objects {
    async fn warm(&self) {
        let head = self
            .client
            .head_object()
            .bucket(&self.bucket)
            .key(crate::adapters::warm::WARM_KEY)
            .send();
        crate::adapters::warm::within("S3", head).await;
    }

    async fn put(&self, key: &str, body: Bytes, content_type: &str) -> Result<(), StoreError> {
        let (name, attributes) = self.span("PutObject", key);
        traced(name, attributes, async {
            let put = self.client.put_object().bucket(&self.bucket).key(key);
            let put = put.content_type(content_type).body(ByteStream::from(body));
            put.send().await.map_err(s3_error)?;
            Ok(())
        })
        .await
    }

    async fn put_file(&self, key: &str, path: &Path, content_type: &str) -> Result<(), StoreError> {
        let (name, attributes) = self.span("PutObject", key);
        traced(name, attributes, async {
            let body = ByteStream::from_path(path)
                .await
                .map_err(|e| StoreError::internal("s3", e))?;
            let put = self.client.put_object().bucket(&self.bucket).key(key);
            put.content_type(content_type)
                .body(body)
                .send()
                .await
                .map_err(s3_error)?;
            Ok(())
        })
        .await
    }

    async fn head(&self, key: &str) -> Result<Option<ObjectInfo>, StoreError> {
        let (name, attributes) = self.span("HeadObject", key);
        traced(name, attributes, async {
            match self
                .client
                .head_object()
                .bucket(&self.bucket)
                .key(key)
                .send()
                .await
            {
                Ok(out) => Ok(Some(ObjectInfo {
                    size: out.content_length().unwrap_or(0).max(0) as u64,
                    content_type: out.content_type().map(str::to_owned),
                })),
                Err(SdkError::ServiceError(e)) if e.err().is_not_found() => Ok(None),
                Err(e) => Err(s3_error(e)),
            }
        })
        .await
    }

    async fn download(&self, key: &str, path: &Path) -> Result<bool, StoreError> {
        let (name, attributes) = self.span("GetObject", key);
        traced(name, attributes, async {
            let get = self.client.get_object().bucket(&self.bucket).key(key);
            let mut body = match get.send().await {
                Ok(out) => out.body,
                Err(SdkError::ServiceError(e)) if e.err().is_no_such_key() => return Ok(false),
                Err(e) => return Err(s3_error(e)),
            };
            let io = |e: std::io::Error| StoreError::internal("s3", e);
            let mut file = tokio::fs::File::create(path).await.map_err(io)?;
            while let Some(chunk) = body
                .try_next()
                .await
                .map_err(|e| StoreError::unavailable("s3", e))?
            {
                file.write_all(&chunk).await.map_err(io)?;
            }
            file.flush().await.map_err(io)?;
            Ok(true)
        })
        .await
    }

    async fn list(
        &self,
        prefix: &str,
        after: Option<&str>,
        max: usize,
    ) -> Result<Vec<ListedObject>, StoreError> {
        let (name, attributes) = self.span("ListObjectsV2", prefix);
        traced(name, attributes, async {
            let list = self.client.list_objects_v2().bucket(&self.bucket).prefix(prefix);
            let list = list.set_start_after(after.map(str::to_owned));
            let out = list
                .max_keys(max.min(1000) as i32)
                .send()
                .await
                .map_err(s3_error)?;
            Ok(out
                .contents()
                .iter()
                .filter_map(|o| {
                    let modified = o.last_modified()?;
                    Some(ListedObject {
                        key: o.key()?.to_owned(),
                        last_modified: DateTime::from_timestamp(modified.secs(), modified.subsec_nanos())?,
                    })
                })
                .collect())
        })
        .await
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        let (name, attributes) = self.span("DeleteObject", key);
        traced(name, attributes, async {
            let delete = self.client.delete_object().bucket(&self.bucket).key(key);
            delete.send().await.map_err(s3_error)?;
            Ok(())
        })
        .await
    }

    async fn presign_get(&self, key: &str, ttl: Duration) -> Result<String, StoreError> {
        let get = self.client.get_object().bucket(&self.bucket).key(key);
        let request = get.presigned(presign_config(ttl)?).await.map_err(s3_error)?;
        Ok(request.uri().to_owned())
    }

    async fn presign_download(
        &self,
        key: &str,
        ttl: Duration,
        (filename, content_type): (&str, &str),
    ) -> Result<String, StoreError> {
        let get = self.client.get_object().bucket(&self.bucket).key(key);
        let get = get
            .response_content_disposition(format!("attachment; filename=\"{filename}\""))
            .response_content_type(content_type);
        let request = get.presigned(presign_config(ttl)?).await.map_err(s3_error)?;
        Ok(request.uri().to_owned())
    }

    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        length: u64,
        ttl: Duration,
    ) -> Result<String, StoreError> {
        let put = self.client.put_object().bucket(&self.bucket).key(key);
        let put = put
            .content_type(content_type)
            .content_length(length as i64)
            .tagging(PENDING_TAG);
        let request = put.presigned(presign_config(ttl)?).await.map_err(s3_error)?;
        Ok(request.uri().to_owned())
    }
}
