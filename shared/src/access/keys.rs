//! The keys member tokens are signed with. Each has an id, which is the token's `iss`
//! (LiveKit's API key) and its header's `kid`: tokens are signed with the current key
//! and verified with any key of the set, so a key rotates without cutting live rooms.
//!
//! The set is JSON, as the Secrets Manager secret holds it:
//! `{ "kid": "studio-2", "secret": "...", "previous": [{ "kid": "studio-1", "secret": "..." }] }`.

use serde::Deserialize;

/// Shortest secret accepted: HS256 wants at least the hash's 32 bytes.
pub const MIN_SECRET_BYTES: usize = 32;

/// One signing key.
#[derive(Clone, Deserialize)]
pub struct SigningKey {
    kid: String,
    secret: String,
}

impl SigningKey {
    /// A key; its id must be a short token-safe word and its secret at least 32 bytes.
    pub fn new(kid: &str, secret: &str) -> Result<Self, KeyError> {
        let key = Self {
            kid: kid.to_owned(),
            secret: secret.to_owned(),
        };
        key.check()?;
        Ok(key)
    }

    /// The key's id: the tokens' `iss` and `kid`.
    pub fn id(&self) -> &str {
        &self.kid
    }

    pub(super) fn secret(&self) -> &[u8] {
        self.secret.as_bytes()
    }

    fn check(&self) -> Result<(), KeyError> {
        let id_ok = !self.kid.is_empty()
            && self.kid.len() <= 64
            && self
                .kid
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        if !id_ok {
            return Err(KeyError::InvalidId(self.kid.clone()));
        }
        if self.secret.len() < MIN_SECRET_BYTES {
            return Err(KeyError::ShortSecret(self.kid.clone()));
        }
        Ok(())
    }
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({})", self.kid)
    }
}

/// The current key and the earlier ones still accepted.
#[derive(Debug, Clone)]
pub struct SigningKeys {
    current: SigningKey,
    previous: Vec<SigningKey>,
}

/// A key set that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the key set is not JSON of the form {{\"kid\", \"secret\", \"previous\"?}}: {0}")]
    Malformed(String),
    #[error("key id {0:?} must be 1-64 characters of [A-Za-z0-9-_.]")]
    InvalidId(String),
    #[error("the secret of key {0:?} is shorter than {MIN_SECRET_BYTES} bytes")]
    ShortSecret(String),
}

#[derive(Deserialize)]
struct KeySetJson {
    #[serde(flatten)]
    current: SigningKey,
    #[serde(default)]
    previous: Vec<SigningKey>,
}

impl SigningKeys {
    /// A set of one key.
    pub fn single(key: SigningKey) -> Self {
        Self {
            current: key,
            previous: Vec::new(),
        }
    }

    /// Reads the JSON form.
    pub fn parse(json: &str) -> Result<Self, KeyError> {
        let set: KeySetJson = serde_json::from_str(json).map_err(|e| KeyError::Malformed(e.to_string()))?;
        set.current.check()?;
        for key in &set.previous {
            key.check()?;
        }
        Ok(Self {
            current: set.current,
            previous: set.previous,
        })
    }

    /// The key new tokens are signed with.
    pub fn current(&self) -> &SigningKey {
        &self.current
    }

    /// The key with id `kid`, current or previous.
    pub fn find(&self, kid: &str) -> Option<&SigningKey> {
        std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|k| k.kid == kid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn a_rotated_set_finds_the_current_and_the_previous_key() {
        let json =
            format!(r#"{{"kid":"k2","secret":"{SECRET}","previous":[{{"kid":"k1","secret":"{SECRET}"}}]}}"#);
        let keys = SigningKeys::parse(&json).unwrap();
        assert_eq!(keys.current().id(), "k2");
        assert!(keys.find("k1").is_some());
        assert!(keys.find("k3").is_none());
    }

    #[test]
    fn a_short_secret_or_a_strange_id_is_refused() {
        assert!(matches!(
            SigningKey::new("k1", "short"),
            Err(KeyError::ShortSecret(_))
        ));
        assert!(matches!(
            SigningKey::new("k 1", SECRET),
            Err(KeyError::InvalidId(_))
        ));
        assert!(matches!(SigningKeys::parse("{}"), Err(KeyError::Malformed(_))));
    }
}
