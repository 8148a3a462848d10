//! Idempotent creates: a request sent with an `Idempotency-Key` header is answered once;
//! a repeat within a day gets the first answer again instead of doing the work twice.
//! The key, the request's fingerprint and the answer are kept behind a port (Postgres).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::time::Duration;

use crate::store::StoreError;

/// How long a key's answer is kept and replayed.
pub const KEY_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// How long a first request may take before its claim is considered abandoned (a
/// function that died mid-request): longer than any route's timeout.
pub const CLAIM_TTL: Duration = Duration::from_secs(60);

/// An `Idempotency-Key` header: 1–255 visible ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

/// Longest `Idempotency-Key`, in bytes (visible ASCII, so also characters).
pub const MAX_IDEMPOTENCY_KEY_CHARS: usize = 255;

/// A header that is not a usable key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Idempotency-Key must be 1 to 255 visible ASCII characters")]
pub struct InvalidIdempotencyKey;

impl IdempotencyKey {
    /// Checks a header's value.
    pub fn parse(raw: &str) -> Result<Self, InvalidIdempotencyKey> {
        let ok =
            (1..=MAX_IDEMPOTENCY_KEY_CHARS).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_graphic());
        ok.then(|| Self(raw.to_owned())).ok_or(InvalidIdempotencyKey)
    }

    /// The key as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `sha256:<hex>` of what makes two requests the same one: the body, with a multipart
/// boundary (which a client picks afresh for every send) taken out.
pub fn fingerprint(body: &[u8], boundary: Option<&str>) -> String {
    let mut hasher = Sha256::new();
    let mut rest = body;
    if let Some(separator) = boundary.map(str::as_bytes).filter(|b| !b.is_empty()) {
        while let Some(at) = rest.windows(separator.len()).position(|w| w == separator) {
            hasher.update(&rest[..at]);
            rest = &rest[at + separator.len()..];
        }
    }
    hasher.update(rest);
    format!("sha256:{}", hex::encode(hasher.finalize()))
}

/// A stored answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    pub status: u16,
    pub body: String,
}

/// What claiming a key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The key is new (or its last use expired): this request answers it.
    Claimed,
    /// A request with this key was answered; `fingerprint` is what it sent.
    Answered {
        fingerprint: String,
        answer: StoredAnswer,
    },
    /// A request with this key is being answered right now.
    InFlight { fingerprint: String },
}

/// Where keys and their answers live. `key` is what the store keeps of a key (its
/// hash of route and key, never the key) and an answer's
/// body is sealed, so the store never holds a key or a secret in clear.
#[async_trait]
pub trait IdempotencyStore: Send + Sync {
    /// Claims `key` on `route` for a request with `fingerprint`, or says who has it.
    async fn claim(&self, route: &str, key: &str, fingerprint: &str) -> Result<Claim, StoreError>;
    /// Keeps the answer of a claimed key until `expires_at`.
    async fn complete(
        &self,
        route: &str,
        key: &str,
        answer: &StoredAnswer,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Gives a claimed key up (its request failed), so a retry does the work.
    async fn release(&self, route: &str, key: &str) -> Result<(), StoreError>;
    /// Forgets up to `limit` keys created before `before`; how many it forgot.
    async fn expire(&self, before: DateTime<Utc>, limit: usize) -> Result<u64, StoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_visible_ascii_up_to_255_characters() {
        assert!(IdempotencyKey::parse("retry-7f3a").is_ok());
        assert!(IdempotencyKey::parse("").is_err());
        assert!(IdempotencyKey::parse("has space").is_err());
        assert!(IdempotencyKey::parse(&"k".repeat(256)).is_err());
    }

    #[test]
    fn a_multipart_body_is_the_same_request_whatever_its_boundary() {
        let a = fingerprint(b"--aaa\r\nfile\r\n--aaa--", Some("aaa"));
        let b = fingerprint(b"--bbbbbb\r\nfile\r\n--bbbbbb--", Some("bbbbbb"));
        let c = fingerprint(b"--bbbbbb\r\nother\r\n--bbbbbb--", Some("bbbbbb"));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(fingerprint(b"{}", None), fingerprint(b"{ }", None));
    }
}
