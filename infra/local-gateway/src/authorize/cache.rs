//! The HTTP API's authorizer cache: an answer (allowed with its context, or refused)
//! kept per authorizer and identity for the authorizer's TTL.

use serde_json::Value;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

type Key = (String, Vec<String>);

/// Answers of authorizers with a TTL, by authorizer and identity values.
#[derive(Default)]
pub struct AuthorizerCache {
    entries: Mutex<HashMap<Key, (Instant, Option<Value>)>>,
}

impl AuthorizerCache {
    /// A fresh answer for `authorizer` and `identity`: `Some(Some(context))` allowed,
    /// `Some(None)` refused, `None` not cached.
    pub fn get(&self, authorizer: &str, identity: &[String]) -> Option<Option<Value>> {
        let mut entries = self.entries.lock().expect("cache lock");
        let key = (authorizer.to_owned(), identity.to_vec());
        match entries.get(&key) {
            Some((until, answer)) if *until > Instant::now() => Some(answer.clone()),
            Some(_) => {
                entries.remove(&key);
                None
            }
            None => None,
        }
    }

    /// Keeps an answer for `ttl`.
    pub fn put(&self, authorizer: &str, identity: &[String], answer: Option<Value>, ttl: Duration) {
        let mut entries = self.entries.lock().expect("cache lock");
        // Expired entries go whenever the cache grows large, so a long run stays small.
        if entries.len() > 10_000 {
            let now = Instant::now();
            entries.retain(|_, (until, _)| *until > now);
        }
        entries.insert(
            (authorizer.to_owned(), identity.to_vec()),
            (Instant::now() + ttl, answer),
        );
    }
}
