//! One small HTTPS client for the few calls a function makes without an AWS SDK client:
//! reading a secret at cold start, answering CloudFormation. It shares rustls and aws-lc
//! with the Postgres and SDK connections, so it adds no second TLS stack.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::{Client, connect::HttpConnector};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// An HTTP/1.1 client for `https://` URLs (and `http://`, which local stand-ins use),
/// trusting the system's certificate authorities (`SSL_CERT_FILE` when set).
#[derive(Clone)]
pub struct HttpsClient {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
}

/// A call that did not produce an answer.
#[derive(Debug, thiserror::Error)]
pub enum HttpsError {
    #[error("no certificate authorities to trust: {0}")]
    Roots(std::io::Error),
    #[error("the request could not be built: {0}")]
    Request(#[from] http::Error),
    #[error("{0}")]
    Send(#[from] hyper_util::client::legacy::Error),
    #[error("the answer could not be read: {0}")]
    Body(#[from] hyper::Error),
    #[error("no answer within {0:?}")]
    Timeout(Duration),
}

/// The TLS configuration every client of the process shares: reading and parsing the
/// system's certificate authorities is paid once per container, not once per client
/// (a function reading two secrets at init builds two).
fn tls_config() -> Result<rustls::ClientConfig, HttpsError> {
    static CONFIG: OnceLock<Result<rustls::ClientConfig, String>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            use hyper_rustls::ConfigBuilderExt;
            let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
            Ok(rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map_err(|e| e.to_string())?
                .with_native_roots()
                .map_err(|e| e.to_string())?
                .with_no_client_auth())
        })
        .clone()
        .map_err(|e| HttpsError::Roots(std::io::Error::other(e)))
}

impl HttpsClient {
    /// A client whose connections may take `connect_timeout` to open.
    pub fn new(connect_timeout: Duration) -> Result<Self, HttpsError> {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(connect_timeout));
        http.set_nodelay(true);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls_config()?)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = Client::builder(hyper_util::rt::TokioExecutor::new()).build(https);
        Ok(Self { client })
    }

    /// Sends `request` and reads the whole answer, all within `deadline`.
    pub async fn send(
        &self,
        request: http::Request<Full<Bytes>>,
        deadline: Duration,
    ) -> Result<http::Response<Bytes>, HttpsError> {
        let call = async {
            let (parts, body) = self.client.request(request).await?.into_parts();
            let body = body.collect().await?.to_bytes();
            Ok(http::Response::from_parts(parts, body))
        };
        tokio::time::timeout(deadline, call)
            .await
            .map_err(|_| HttpsError::Timeout(deadline))?
    }
}
