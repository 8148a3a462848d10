//! A TLS-terminating TCP proxy for benchmarks: it puts the `https://` in front of a
//! local stand-in (DynamoDB Local, SeaweedFS) that speaks plain HTTP, so a function's
//! cold start pays the TLS handshakes it pays on AWS.

use rustls::pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject};
use std::{net::SocketAddr, path::Path, sync::Arc};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;

/// A running proxy; it stops when dropped.
pub struct TlsProxy {
    /// Where clients connect (`https://{address}`).
    pub address: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl TlsProxy {
    /// Accepts TLS on a free loopback port with the PEM certificate chain and key given,
    /// and forwards each connection's bytes to `upstream`.
    pub async fn start(upstream: SocketAddr, cert: &Path, key: &Path) -> std::io::Result<Self> {
        let chain = CertificateDer::pem_file_iter(cert)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .map_err(std::io::Error::other)?;
        let key = PrivateKeyDer::from_pem_file(key).map_err(std::io::Error::other)?;
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(std::io::Error::other)?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(std::io::Error::other)?;
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(forward(acceptor.clone(), socket, upstream));
            }
        });
        Ok(Self { address, task })
    }
}

impl Drop for TlsProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn forward(acceptor: TlsAcceptor, socket: TcpStream, upstream: SocketAddr) {
    let _ = socket.set_nodelay(true);
    let Ok(mut tls) = acceptor.accept(socket).await else {
        return;
    };
    let Ok(mut plain) = TcpStream::connect(upstream).await else {
        return;
    };
    let _ = plain.set_nodelay(true);
    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
}
