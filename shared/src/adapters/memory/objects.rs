//! An object store in a map, for unit tests of the media handlers.

use async_trait::async_trait;
use bytes::Bytes;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use crate::media::{ListedObject, ObjectInfo, ObjectStore};
use crate::store::StoreError;

/// Objects in a map; presigned URLs are `memory://key` and sign nothing.
#[derive(Default)]
pub struct InMemoryObjects {
    objects: Mutex<HashMap<String, (Bytes, String)>>,
}

impl InMemoryObjects {
    /// The keys held, sorted.
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.objects.lock().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    }
}

#[async_trait]
impl ObjectStore for InMemoryObjects {
    async fn put(&self, key: &str, body: Bytes, content_type: &str) -> Result<(), StoreError> {
        let entry = (body, content_type.to_owned());
        self.objects.lock().unwrap().insert(key.to_owned(), entry);
        Ok(())
    }

    async fn put_file(&self, key: &str, path: &Path, content_type: &str) -> Result<(), StoreError> {
        let body = std::fs::read(path).map_err(|e| StoreError::internal("memory", e))?;
        self.put(key, body.into(), content_type).await
    }

    async fn head(&self, key: &str) -> Result<Option<ObjectInfo>, StoreError> {
        let objects = self.objects.lock().unwrap();
        Ok(objects.get(key).map(|(body, ct)| ObjectInfo {
            size: body.len() as u64,
            content_type: Some(ct.clone()),
        }))
    }

    async fn download(&self, key: &str, path: &Path) -> Result<bool, StoreError> {
        let body = self.objects.lock().unwrap().get(key).map(|(b, _)| b.clone());
        let Some(body) = body else { return Ok(false) };
        std::fs::write(path, body).map_err(|e| StoreError::internal("memory", e))?;
        Ok(true)
    }

    async fn list(
        &self,
        prefix: &str,
        after: Option<&str>,
        max: usize,
    ) -> Result<Vec<ListedObject>, StoreError> {
        let keys = self.keys().into_iter().filter(|k| k.starts_with(prefix));
        let keys = keys.filter(|k| after.is_none_or(|a| k.as_str() > a)).take(max);
        Ok(keys
            .map(|key| ListedObject {
                key,
                last_modified: chrono::Utc::now(),
            })
            .collect())
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        self.objects.lock().unwrap().remove(key);
        Ok(())
    }

    async fn presign_get(&self, key: &str, _ttl: Duration) -> Result<String, StoreError> {
        Ok(format!("memory://{key}"))
    }

    async fn presign_put(&self, key: &str, _: &str, _: u64, _: Duration) -> Result<String, StoreError> {
        Ok(format!("memory://{key}"))
    }
}
