//! TLS for Postgres connections, with libpq's meaning of `sslmode`: `prefer` (the
//! default) and `require` encrypt when the server offers it; certificates are verified
//! against `DATABASE_CA_FILE` when that bundle is given (the RDS CA bundle, say), and
//! otherwise, as libpq's `require` does, the channel is encrypted without verifying
//! who answered. RDS refuses unencrypted connections by default (`rds.force_ssl`).
//!
//! The key exchange offers P-256 first. Postgres up to 17 sets its TLS groups from
//! `ssl_ecdh_curve`, `prime256v1` by default, so with OpenSSL 3 it accepts no other
//! TLS 1.3 key share: a client that leads with X25519 (rustls, and libpq itself) is
//! answered with a HelloRetryRequest, which costs every cold start a round trip and a
//! second key generation. Postgres 18's default (`X25519:prime256v1`) accepts either.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime, pem::PemObject};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::sync::Arc;
use tokio_postgres_rustls::MakeRustlsConnect;

/// A CA bundle that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {detail}")]
pub struct CaBundleError {
    path: String,
    detail: String,
}

/// The connector for every Postgres connection of a container; with `ca_file`, server
/// certificates are verified against that PEM bundle.
pub fn connector(ca_file: Option<&str>) -> Result<MakeRustlsConnect, CaBundleError> {
    let provider = p256_first(&crate::adapters::https::provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .expect("the ring provider supports the default TLS versions");
    let config = match ca_file {
        Some(path) => builder.with_root_certificates(roots(path)?).with_no_client_auth(),
        None => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(EncryptOnly(provider)))
            .with_no_client_auth(),
    };
    Ok(MakeRustlsConnect::new(config))
}

/// `provider` with P-256 moved to the front of its key-exchange groups, so the first
/// ClientHello carries the key share a default Postgres server accepts.
fn p256_first(provider: &rustls::crypto::CryptoProvider) -> Arc<rustls::crypto::CryptoProvider> {
    let mut provider = provider.clone();
    provider
        .kx_groups
        .sort_by_key(|group| group.name() != rustls::NamedGroup::secp256r1);
    Arc::new(provider)
}

fn roots(path: &str) -> Result<RootCertStore, CaBundleError> {
    let invalid = |detail: String| CaBundleError {
        path: path.to_owned(),
        detail,
    };
    let mut store = RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(path).map_err(|e| invalid(e.to_string()))? {
        let cert = cert.map_err(|e| invalid(e.to_string()))?;
        store.add(cert).map_err(|e| invalid(e.to_string()))?;
    }
    if store.is_empty() {
        return Err(invalid("holds no certificate".into()));
    }
    Ok(store)
}

/// libpq's `sslmode=require`: any certificate is accepted, the handshake's signatures
/// are still checked, so the channel is encrypted end to end with whoever answered.
#[derive(Debug)]
struct EncryptOnly(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for EncryptOnly {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connector_builds_without_a_bundle_and_a_missing_bundle_is_named() {
        assert!(connector(None).is_ok());
        let err = connector(Some("/nonexistent/ca.pem")).err().unwrap();
        assert!(err.to_string().contains("/nonexistent/ca.pem"), "{err}");
    }

    #[test]
    fn postgres_connections_lead_with_p256_and_keep_every_other_group() {
        let base = crate::adapters::https::provider();
        let ours = p256_first(&base);
        let names =
            |p: &rustls::crypto::CryptoProvider| p.kx_groups.iter().map(|g| g.name()).collect::<Vec<_>>();
        assert_eq!(names(&ours)[0], rustls::NamedGroup::secp256r1);
        let (mut before, mut after) = (names(&base), names(&ours));
        before.sort_by_key(|g| u16::from(*g));
        after.sort_by_key(|g| u16::from(*g));
        assert_eq!(before, after, "no group is dropped or added");
        assert_ne!(
            names(&base)[0],
            rustls::NamedGroup::secp256r1,
            "the shared provider keeps its own order"
        );
    }
}
