//! Sending a frame to one connection through API Gateway's `@connections` API.

use async_trait::async_trait;
use aws_sdk_apigatewaymanagement::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_apigatewaymanagement::{Client, primitives::Blob};
use aws_smithy_runtime_api::http::Response as HttpResponse;
use std::collections::HashMap;
use std::sync::Mutex;

use crate::realtime::{ConnectionSender, SendError};

/// The `aws-sdk-apigatewaymanagement` client: one per endpoint, or one fixed endpoint
/// for every post (the local gateway's `@connections`).
pub struct ManagementApi {
    sdk: aws_types::SdkConfig,
    fixed: Option<Client>,
    default_endpoint: Option<String>,
    clients: Mutex<HashMap<String, Client>>,
}

impl ManagementApi {
    /// Posts to the caller's endpoint (a WebSocket event's), or to `default_endpoint`
    /// for callers that know none (the HTTP presence routes), with one client per
    /// endpoint, built once and reused.
    pub fn new(sdk: aws_types::SdkConfig, default_endpoint: Option<String>) -> Self {
        Self {
            sdk,
            fixed: None,
            default_endpoint,
            clients: Mutex::default(),
        }
    }

    /// Every post goes through `client` (one built with extra interceptors, say).
    pub fn fixed(sdk: &aws_types::SdkConfig, client: Client) -> Self {
        Self {
            sdk: sdk.clone(),
            fixed: Some(client),
            default_endpoint: None,
            clients: Mutex::default(),
        }
    }

    /// Every post goes to `endpoint` (tests and the local gateway's own URL).
    pub fn at(sdk: &aws_types::SdkConfig, endpoint: &str) -> Self {
        let config = aws_sdk_apigatewaymanagement::config::Builder::from(sdk)
            .endpoint_url(endpoint)
            .build();
        Self {
            sdk: sdk.clone(),
            fixed: Some(Client::from_conf(config)),
            default_endpoint: None,
            clients: Mutex::default(),
        }
    }

    fn client(&self, endpoint: Option<&str>) -> Result<Client, SendError> {
        if let Some(client) = &self.fixed {
            return Ok(client.clone());
        }
        let endpoint = endpoint
            .or(self.default_endpoint.as_deref())
            .ok_or_else(|| SendError::Failed("no WebSocket management endpoint is configured".into()))?;
        let mut clients = self.clients.lock().unwrap();
        let client = clients.entry(endpoint.to_owned()).or_insert_with(|| {
            let config = aws_sdk_apigatewaymanagement::config::Builder::from(&self.sdk)
                .endpoint_url(endpoint)
                .build();
            Client::from_conf(config)
        });
        Ok(client.clone())
    }
}

#[async_trait]
impl ConnectionSender for ManagementApi {
    /// Posts to a connection id that never exists (API Gateway answers 410 or 400):
    /// the cheapest call the function is allowed to make there.
    async fn warm(&self) {
        // Without an endpoint known at init (a WebSocket function's comes with each
        // event) there is nothing to open yet.
        let Ok(client) = self.client(None) else { return };
        let post = client
            .post_to_connection()
            .connection_id(crate::adapters::warm::WARM_KEY)
            .data(Blob::new(&b"{}"[..]))
            .send();
        crate::adapters::warm::within("@connections", post).await;
    }

    async fn send(&self, endpoint: Option<&str>, connection_id: &str, data: &str) -> Result<(), SendError> {
        let client = self.client(endpoint)?;
        let post = client
            .post_to_connection()
            .connection_id(connection_id)
            .data(Blob::new(data.as_bytes()));
        answered(post.send().await)
    }

    async fn close(&self, endpoint: Option<&str>, connection_id: &str) -> Result<(), SendError> {
        let client = self.client(endpoint)?;
        answered(
            client
                .delete_connection()
                .connection_id(connection_id)
                .send()
                .await,
        )
    }
}

/// What a call on one connection came to: 410 (`GoneException`) is a connection that is
/// gone, anything else that failed a failure.
fn answered<T, E>(result: Result<T, SdkError<E, HttpResponse>>) -> Result<(), SendError>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match result {
        Ok(_) => Ok(()),
        Err(SdkError::ServiceError(e))
            if e.err().code() == Some("GoneException") || e.raw().status().as_u16() == 410 =>
        {
            Err(SendError::Gone)
        }
        Err(e) => Err(SendError::Failed(DisplayErrorContext(e).to_string())),
    }
}
