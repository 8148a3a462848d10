//! A small HTTPS client for the few calls a function makes without an AWS SDK client:
//! reading a secret at cold start, answering CloudFormation.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::{Client, connect::HttpConnector};
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

impl HttpsClient {
    /// A client whose connections may take `connect_timeout` to open.
    pub fn new(connect_timeout: Duration) -> Result<Self, HttpsError> {
        let client = super::pooled(super::tls_config()?, Some(connect_timeout));
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
