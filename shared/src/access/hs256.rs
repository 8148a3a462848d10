//! The one signature algorithm the studio's tokens use, HS256, as `jsonwebtoken`'s
//! crypto provider: HMAC-SHA256 from RustCrypto, the same `hmac` and `sha2` the SigV4
//! signer links already.
//!
//! `jsonwebtoken`'s built-in providers carry every JWT algorithm (RSA, ECDSA, EdDSA) on
//! aws-lc or RustCrypto, and its verifier picks one by the token's header at run time,
//! so all of them end up in every binary. The studio signs and accepts HS256 only, so
//! this provider refuses every other algorithm, which keeps the functions free of a
//! second crypto library (docs/performance.md has the sizes).

use hmac::{Hmac, KeyInit, Mac};
use jsonwebtoken::crypto::{CryptoProvider, JwkUtils, JwtSigner, JwtVerifier};
use jsonwebtoken::errors::{ErrorKind, Result};
use jsonwebtoken::signature;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
use sha2::Sha256;
use std::sync::Once;

type HmacSha256 = Hmac<Sha256>;

static PROVIDER: CryptoProvider = CryptoProvider {
    signer_factory: signer,
    verifier_factory: verifier,
    jwk_utils: JwkUtils::new_unimplemented(),
};

/// Makes HS256 the process's `jsonwebtoken` provider; every later call does nothing.
pub(super) fn install() {
    static ONCE: Once = Once::new();
    // An `Err` means a provider is installed already (a test process that links one of
    // the crate's own): tokens then sign and verify with it, to the same bytes.
    ONCE.call_once(|| {
        let _ = PROVIDER.install_default();
    });
}

fn signer(algorithm: &Algorithm, key: &EncodingKey) -> Result<Box<dyn JwtSigner>> {
    only_hs256(*algorithm)?;
    Ok(Box::new(Hs256(keyed(key.try_get_hmac_secret()?)?)))
}

fn verifier(algorithm: &Algorithm, key: &DecodingKey) -> Result<Box<dyn JwtVerifier>> {
    only_hs256(*algorithm)?;
    Ok(Box::new(Hs256(keyed(key.try_get_hmac_secret()?)?)))
}

fn only_hs256(algorithm: Algorithm) -> Result<()> {
    match algorithm {
        Algorithm::HS256 => Ok(()),
        _ => Err(ErrorKind::InvalidAlgorithm.into()),
    }
}

fn keyed(secret: &[u8]) -> Result<HmacSha256> {
    HmacSha256::new_from_slice(secret).map_err(|_| ErrorKind::InvalidKeyFormat.into())
}

/// An HMAC-SHA256 keyed with one secret, signing and verifying.
struct Hs256(HmacSha256);

impl signature::Signer<Vec<u8>> for Hs256 {
    fn try_sign(&self, message: &[u8]) -> std::result::Result<Vec<u8>, signature::Error> {
        let mut mac = self.0.clone();
        mac.update(message);
        Ok(mac.finalize().into_bytes().to_vec())
    }
}

impl signature::Verifier<Vec<u8>> for Hs256 {
    /// Compares in constant time (`verify_slice`).
    fn verify(&self, message: &[u8], signature: &Vec<u8>) -> std::result::Result<(), signature::Error> {
        let mut mac = self.0.clone();
        mac.update(message);
        mac.verify_slice(signature).map_err(signature::Error::from_source)
    }
}

impl JwtSigner for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

impl JwtVerifier for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{Header, Validation, decode, encode};
    use serde_json::{Value, json};

    #[test]
    fn a_token_signed_here_matches_the_rfc_7515_hs256_example_signature() {
        // RFC 7515 appendix A.1: the signing input and key give this exact signature.
        let key = base64::Engine::decode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow",
        )
        .unwrap();
        install();
        let input = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
        let signature = jsonwebtoken::crypto::sign(
            input.as_bytes(),
            &EncodingKey::from_secret(&key),
            Algorithm::HS256,
        )
        .unwrap();
        assert_eq!(signature, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    }

    #[test]
    fn a_token_verifies_with_its_key_and_not_with_another() {
        install();
        let token = encode(
            &Header::new(Algorithm::HS256),
            &json!({"sub": "a", "exp": 4_000_000_000u64}),
            &EncodingKey::from_secret(b"one"),
        )
        .unwrap();
        let validation = Validation::new(Algorithm::HS256);
        assert!(decode::<Value>(&token, &DecodingKey::from_secret(b"one"), &validation).is_ok());
        assert!(decode::<Value>(&token, &DecodingKey::from_secret(b"two"), &validation).is_err());
    }

    #[test]
    fn other_algorithms_are_refused() {
        assert!(signer(&Algorithm::RS256, &EncodingKey::from_secret(b"k")).is_err());
        assert!(verifier(&Algorithm::HS512, &DecodingKey::from_secret(b"k")).is_err());
    }
}
