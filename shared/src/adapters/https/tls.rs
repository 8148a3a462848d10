//! TLS for every HTTPS connection of a function: rustls on ring, trusting the system's
//! certificate authorities (`SSL_CERT_FILE` when set).
//!
//! ring rather than aws-lc: a function's TLS needs a handful of primitives (ECDHE,
//! AES-GCM, ChaCha20, SHA-2, RSA and ECDSA verification), and ring links them in about a
//! quarter of aws-lc's size, takes its entropy from the kernel's `getrandom` at no
//! start-up cost, and cross-compiles to arm64 without CMake (docs/performance.md).

use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::{Client, connect::HttpConnector};
use rustls::crypto::CryptoProvider;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use super::HttpsError;

/// The crypto provider of every TLS connection of the process, Postgres's included.
pub fn provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    PROVIDER
        .get_or_init(|| Arc::new(rustls::crypto::ring::default_provider()))
        .clone()
}

/// The TLS configuration every client of the process shares: reading and parsing the
/// system's certificate authorities is paid once per container, not once per client
/// (a function reading two secrets at init builds two).
pub fn tls_config() -> Result<rustls::ClientConfig, HttpsError> {
    static CONFIG: OnceLock<Result<rustls::ClientConfig, String>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            use hyper_rustls::ConfigBuilderExt;
            Ok(rustls::ClientConfig::builder_with_provider(provider())
                .with_safe_default_protocol_versions()
                .map_err(|e| e.to_string())?
                .with_native_roots()
                .map_err(|e| e.to_string())?
                .with_no_client_auth())
        })
        .clone()
        .map_err(|e| HttpsError::Roots(std::io::Error::other(e)))
}

/// A pooled HTTP/1.1 client with `config` for `https://` URLs (and `http://`, which
/// local stand-ins use) whose connections may take `connect_timeout` to open.
pub fn pooled<B>(
    config: rustls::ClientConfig,
    connect_timeout: Option<Duration>,
) -> Client<HttpsConnector<HttpConnector>, B>
where
    B: hyper::body::Body + Send,
    B::Data: Send,
{
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_connect_timeout(connect_timeout);
    http.set_nodelay(true);
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(config)
        .https_or_http()
        .enable_http1()
        .wrap_connector(http);
    // The timer lets the pool drop connections idle past hyper's 90 s, which a frozen
    // container's peers have closed by the time it thaws.
    Client::builder(hyper_util::rt::TokioExecutor::new())
        .pool_timer(hyper_util::rt::TokioTimer::new())
        .build(https)
}
