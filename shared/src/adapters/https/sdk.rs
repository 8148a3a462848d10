//! The HTTP client of the functions' AWS SDK clients: hyper's HTTP/1.1 client over the
//! process's rustls configuration.
//!
//! The SDK's own default client links HTTP/2 (h2) and aws-lc into every binary, for
//! endpoints the studio reaches over HTTP/1.1 (DynamoDB, S3, `@connections`). This one
//! keeps what the SDK relies on: the connect and first-byte deadlines its settings ask
//! for, pooled keep-alive connections, and errors classified so the retry strategy
//! tries again only where that can help.

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::retries::ErrorKind;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::{Client, connect::HttpConnector as TcpConnector};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::HttpsError;

/// Deadlines a connector was built for: (connect, first byte of the answer).
type Deadlines = (Option<Duration>, Option<Duration>);

/// Hands the SDK one pooled connector per set of deadlines (clients built with the same
/// timeouts share connections).
#[derive(Debug, Clone)]
pub struct SdkHttpClient {
    config: rustls::ClientConfig,
    connectors: Arc<Mutex<Vec<(Deadlines, SharedHttpConnector)>>>,
}

impl SdkHttpClient {
    /// A client trusting the system's certificate authorities.
    pub fn new() -> Result<Self, HttpsError> {
        Ok(Self {
            config: super::tls_config()?,
            connectors: Arc::default(),
        })
    }
}

impl HttpClient for SdkHttpClient {
    fn http_connector(&self, settings: &HttpConnectorSettings, _: &RuntimeComponents) -> SharedHttpConnector {
        let deadlines = (settings.connect_timeout(), settings.read_timeout());
        let mut connectors = self
            .connectors
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, connector)) = connectors.iter().find(|(d, _)| *d == deadlines) {
            return connector.clone();
        }
        let client = super::pooled(self.config.clone(), deadlines.0);
        let connector = SharedHttpConnector::new(Connector {
            client,
            first_byte: deadlines.1,
        });
        connectors.push((deadlines, connector.clone()));
        connector
    }
}

/// One pool of connections with its deadlines.
#[derive(Clone)]
struct Connector {
    client: Client<HttpsConnector<TcpConnector>, SdkBody>,
    first_byte: Option<Duration>,
}

impl std::fmt::Debug for Connector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connector")
            .field("first_byte", &self.first_byte)
            .finish()
    }
}

impl HttpConnector for Connector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let request = match request.try_into_http1x() {
            Ok(request) => request,
            Err(e) => return HttpConnectorFuture::ready(Err(ConnectorError::user(e.into()))),
        };
        let answer = self.client.request(request);
        let first_byte = self.first_byte;
        HttpConnectorFuture::new(async move {
            let answer = match first_byte {
                Some(deadline) => tokio::time::timeout(deadline, answer)
                    .await
                    .map_err(|_| ConnectorError::timeout(format!("no answer within {deadline:?}").into()))?,
                None => answer.await,
            };
            let answer = answer.map_err(classify)?;
            HttpResponse::try_from(answer.map(SdkBody::from_body_1_x))
                .map_err(|e| ConnectorError::other(e.into(), None))
        })
    }
}

/// What the retry strategy should make of a failed call: a connection that could not be
/// opened, was refused or dropped is I/O (retried); a malformed request is the caller's.
fn classify(error: hyper_util::client::legacy::Error) -> ConnectorError {
    if error.is_connect() {
        return ConnectorError::io(error.into());
    }
    let hyper = std::error::Error::source(&error).and_then(|s| s.downcast_ref::<hyper::Error>());
    match hyper {
        Some(e) if e.is_timeout() => ConnectorError::timeout(error.into()),
        Some(e) if e.is_user() => ConnectorError::user(error.into()),
        Some(e) if e.is_closed() || e.is_canceled() => ConnectorError::io(error.into()),
        // S3 sometimes closes a kept-alive connection mid-answer.
        Some(e) if e.is_incomplete_message() => {
            ConnectorError::other(error.into(), Some(ErrorKind::TransientError))
        }
        _ if has_io_source(&error) => ConnectorError::io(error.into()),
        _ => ConnectorError::other(error.into(), None),
    }
}

fn has_io_source(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = error.source();
    while let Some(e) = next {
        if e.is::<std::io::Error>() {
            return true;
        }
        next = e.source();
    }
    false
}
