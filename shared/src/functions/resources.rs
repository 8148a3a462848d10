//! The clients a function uses, built once per container and shared by its invocations.

use std::sync::Arc;

use crate::config::ConfigError;
use crate::db::Db;
use crate::error::ApiError;
use crate::media::Media;
use crate::pages::PageConfig;
use crate::realtime::Realtime;
use crate::store::{PgSessionStore, SessionStore};

/// A cold start that cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// The stores and clients of one container. Each is present only when the function
/// needs it; the local gateway builds them all.
#[derive(Clone, Default)]
pub struct Resources {
    sessions: Option<Arc<dyn SessionStore>>,
    pages: PageConfig,
    realtime: Option<Realtime>,
    media: Option<Media>,
}

impl Resources {
    /// Uses `db` for every Postgres-backed store.
    pub fn with_db(self, db: Db) -> Self {
        self.with_sessions(Arc::new(PgSessionStore::new(db)))
    }

    /// Uses `store` for sessions.
    pub fn with_sessions(mut self, store: Arc<dyn SessionStore>) -> Self {
        self.sessions = Some(store);
        self
    }

    /// Uses `config` for the pages' API and WebSocket URLs.
    pub fn with_page_config(mut self, config: PageConfig) -> Self {
        self.pages = config;
        self
    }

    /// The pages' API and WebSocket URLs.
    pub fn page_config(&self) -> &PageConfig {
        &self.pages
    }

    /// The session store.
    pub fn sessions(&self) -> Result<&dyn SessionStore, ApiError> {
        self.sessions
            .as_deref()
            .ok_or_else(|| ApiError::Internal("this function has no session store".into()))
    }

    /// Uses `realtime` for presence, connections and the fan-out.
    pub fn with_realtime(mut self, realtime: Realtime) -> Self {
        self.realtime = Some(realtime);
        self
    }

    /// The realtime stores and sender.
    pub fn realtime(&self) -> Result<&Realtime, ApiError> {
        self.realtime
            .as_ref()
            .ok_or_else(|| ApiError::Internal("this function has no realtime stores".into()))
    }

    /// Uses `media` for uploads and exports.
    pub fn with_media(mut self, media: Media) -> Self {
        self.media = Some(media);
        self
    }

    /// The media stores.
    pub fn media(&self) -> Result<&Media, ApiError> {
        self.media
            .as_ref()
            .ok_or_else(|| ApiError::Internal("this function has no media stores".into()))
    }
}
