//! What an `Idempotency-Key` keeps, kept without leaks: the row is found by a hash of
//! the route and key (never the key itself), and the answer is sealed
//! (ChaCha20-Poly1305) under a key derived from the `Idempotency-Key` and the member
//! who sent it. So whoever reads the table learns no token or presigned URL, and only
//! a caller who sends the same key (and, on a member's route, is the same member) can
//! open the answer.
//! A stored answer also expires no later than the earliest expiry it contains.

use chrono::{DateTime, TimeZone, Utc};
use hmac::{Hmac, KeyInit, Mac};
use ring::aead::{CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::idempotency::{IdempotencyKey, KEY_TTL};

/// Shortest key accepted on a route without a caller identity whose answer holds
/// secrets (`POST /api/sessions` in invite mode): the key is the only thing that proves
/// a retry is the first caller's, so it must not be guessable. 32 characters of a UUID
/// or of base64 carry at least 122 random bits.
pub const MIN_UNSCOPED_KEY_CHARS: usize = 32;

/// A key in its scope: the route, and the member who sent it (none on a route without
/// an authorizer).
pub struct ScopedKey<'a> {
    pub route: &'a str,
    pub member: Option<&'a str>,
    pub key: &'a IdempotencyKey,
}

impl ScopedKey<'_> {
    /// What the store keeps instead of the key: `sha256:<hex>` of route and key. The
    /// member is left out so that another member's identical key finds the row and is
    /// refused (422) rather than making a second one.
    pub fn storage_key(&self) -> String {
        let mut hasher = Sha256::new();
        for part in [self.route, self.key.as_str()] {
            hasher.update(part.as_bytes());
            hasher.update([0u8]);
        }
        format!("sha256:{}", hex::encode(hasher.finalize()))
    }

    fn cipher(&self) -> LessSafeKey {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(self.key.as_str().as_bytes())
            .expect("HMAC takes keys of any length");
        mac.update(b"studio idempotency answer\0");
        mac.update(self.route.as_bytes());
        mac.update(b"\0");
        mac.update(self.member.unwrap_or("").as_bytes());
        let derived = mac.finalize().into_bytes();
        LessSafeKey::new(UnboundKey::new(&CHACHA20_POLY1305, &derived).expect("a 32-byte key"))
    }

    /// The answer sealed for storage: hex of a random nonce and the ciphertext.
    pub fn seal(&self, body: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        SystemRandom::new()
            .fill(&mut nonce)
            .expect("the OS has randomness");
        let mut sealed = body.as_bytes().to_vec();
        self.cipher()
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                ring::aead::Aad::empty(),
                &mut sealed,
            )
            .expect("a small body seals");
        format!("{}{}", hex::encode(nonce), hex::encode(sealed))
    }

    /// The answer [`ScopedKey::seal`] kept, or `None` when it was sealed under another
    /// key (or is not a sealed answer at all).
    pub fn open(&self, stored: &str) -> Option<String> {
        let bytes = hex::decode(stored).ok()?;
        if bytes.len() < NONCE_LEN {
            return None;
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut sealed = sealed.to_vec();
        let plain = self
            .cipher()
            .open_in_place(nonce, ring::aead::Aad::empty(), &mut sealed)
            .ok()?;
        String::from_utf8(plain.to_vec()).ok()
    }
}

/// When an answer stops being worth replaying: a day after `now`, or earlier when it
/// carries something that expires (`expiresAt` in Unix seconds: tokens and invites;
/// `expiresInSeconds`: presigned URLs), at the earliest of those.
pub fn answer_expiry(body: &str, now: DateTime<Utc>) -> DateTime<Utc> {
    let mut earliest = now + chrono::Duration::from_std(KEY_TTL).expect("a day fits");
    if let Ok(value) = serde_json::from_str::<Value>(body) {
        visit(&value, now, &mut earliest);
    }
    earliest
}

fn visit(value: &Value, now: DateTime<Utc>, earliest: &mut DateTime<Utc>) {
    match value {
        Value::Object(fields) => {
            for (name, field) in fields {
                let at = match (name.as_str(), field.as_i64()) {
                    ("expiresAt", Some(unix)) => Utc.timestamp_opt(unix, 0).single(),
                    ("expiresInSeconds", Some(secs)) => Some(now + chrono::Duration::seconds(secs)),
                    _ => None,
                };
                if let Some(at) = at {
                    *earliest = (*earliest).min(at);
                }
                visit(field, now, earliest);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| visit(item, now, earliest)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scoped<'a>(key: &'a IdempotencyKey, member: Option<&'a str>) -> ScopedKey<'a> {
        ScopedKey {
            route: "sessions-create",
            member,
            key,
        }
    }

    #[test]
    fn a_sealed_answer_opens_only_with_the_same_key_and_member() {
        let key = IdempotencyKey::parse("0f6e4b8e-6a55-4d3b-9d8e-6d5bb1c3a111").unwrap();
        let other = IdempotencyKey::parse("0f6e4b8e-6a55-4d3b-9d8e-6d5bb1c3a112").unwrap();
        let sealed = scoped(&key, None).seal(r#"{"token":"secret"}"#);
        assert!(!sealed.contains("secret"));
        assert_eq!(
            scoped(&key, None).open(&sealed).as_deref(),
            Some(r#"{"token":"secret"}"#)
        );
        assert_eq!(scoped(&other, None).open(&sealed), None);
        assert_eq!(scoped(&key, Some("m-1")).open(&sealed), None);
        assert!(!scoped(&key, None).storage_key().contains(key.as_str()));
    }

    #[test]
    fn an_answer_expires_with_the_earliest_token_or_url_it_holds() {
        let now = Utc.timestamp_opt(1_000_000, 0).unwrap();
        let body = r#"{"host":{"expiresAt":1014400},"invite":{"expiresAt":1604800}}"#;
        assert_eq!(answer_expiry(body, now).timestamp(), 1_014_400);
        assert_eq!(
            answer_expiry(r#"{"expiresInSeconds":900}"#, now).timestamp(),
            1_000_900
        );
        assert_eq!(answer_expiry(r#"{"session":{}}"#, now).timestamp(), 1_086_400);
    }
}
