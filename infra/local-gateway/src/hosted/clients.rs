//! The clients the in-process functions share: one Postgres pool, one bucket, one set of
//! realtime tables. Each is optional so a test can start a gateway with only the
//! stores it exercises; a function whose store is missing answers 500 saying so.

use std::sync::Arc;

use studio::access::{AccessConfig, NoRevocations, Revocations};
use studio::adapters::aws;
use studio::adapters::from_env;
use studio::adapters::postgres::{
    Db, PgArrangementStore, PgCommentStore, PgIdempotencyStore, PgSessionStore,
};
use studio::arrangement::{ArrangementStore, ForkStore};
use studio::comments::CommentStore;
use studio::error::ApiError;
use studio::idempotency::IdempotencyStore;
use studio::media::Media;
use studio::pages::PageUrls;
use studio::realtime::Realtime;
use studio::sessions::SessionStore;
use studio::settings::{self, ConfigError};

/// The stores of every hosted function.
#[derive(Clone, Default)]
pub struct Clients {
    pub sessions: Option<Arc<dyn SessionStore>>,
    pub keys: Option<Arc<dyn IdempotencyStore>>,
    pub arrangements: Option<Arc<dyn ArrangementStore>>,
    pub forks: Option<Arc<dyn ForkStore>>,
    pub comments: Option<Arc<dyn CommentStore>>,
    pub media: Option<Media>,
    pub realtime: Option<Realtime>,
    pub pages: PageUrls,
    /// Who may act: open (the default) or invite with its keys.
    pub access: AccessConfig,
}

impl Clients {
    /// Every store, from the same settings the deployed functions read.
    pub async fn from_settings() -> Result<Self, ConfigError> {
        let (bucket, rooms, pages) = (settings::media()?, settings::realtime()?, settings::pages()?);
        let sdk = from_env::aws()?;
        let db = Db::connect(&from_env::database().await?).await;
        Ok(Self::default()
            .with_db(db.clone())
            .with_media(aws::media(&sdk, &db, &bucket))
            .with_realtime(aws::realtime(&sdk, rooms))
            .with_pages(pages)
            .with_access(from_env::access().await?))
    }

    /// Access as `access` says.
    pub fn with_access(mut self, access: AccessConfig) -> Self {
        self.access = access;
        self
    }

    /// Sessions and idempotency keys on `db`.
    pub fn with_db(mut self, db: Db) -> Self {
        self.keys = Some(Arc::new(PgIdempotencyStore::new(db.clone())));
        self.arrangements = Some(Arc::new(PgArrangementStore::new(db.clone())));
        self.forks = Some(Arc::new(PgArrangementStore::new(db.clone())));
        self.comments = Some(Arc::new(PgCommentStore::new(db.clone())));
        self.with_sessions(Arc::new(PgSessionStore::new(db)))
    }

    /// Sessions in `store`.
    pub fn with_sessions(mut self, store: Arc<dyn SessionStore>) -> Self {
        self.sessions = Some(store);
        self
    }

    /// Uploads and exports in `media`.
    pub fn with_media(mut self, media: Media) -> Self {
        self.media = Some(media);
        self
    }

    /// Rooms in `realtime`.
    pub fn with_realtime(mut self, realtime: Realtime) -> Self {
        self.realtime = Some(realtime);
        self
    }

    /// Rooms whose connections index trails its writes by `lag`, as on AWS.
    pub fn with_index_lag(mut self, lag: std::time::Duration) -> Self {
        if let Some(realtime) = &mut self.realtime {
            realtime.connections = Arc::new(super::LaggingIndex::new(realtime.connections.clone(), lag));
        }
        self
    }

    /// The pages' API and WebSocket URLs.
    pub fn with_pages(mut self, pages: PageUrls) -> Self {
        self.pages = pages;
        self
    }

    pub(crate) fn sessions(&self) -> Result<&dyn SessionStore, ApiError> {
        self.sessions.as_deref().ok_or_else(|| missing("a session store"))
    }

    pub(crate) fn keys(&self) -> Result<&dyn IdempotencyStore, ApiError> {
        self.keys
            .as_deref()
            .ok_or_else(|| missing("an idempotency store"))
    }

    pub(crate) fn arrangements(&self) -> Result<&dyn ArrangementStore, ApiError> {
        self.arrangements
            .as_deref()
            .ok_or_else(|| missing("an arrangement store"))
    }

    pub(crate) fn forks(&self) -> Result<&dyn ForkStore, ApiError> {
        self.forks.as_deref().ok_or_else(|| missing("a fork store"))
    }

    pub(crate) fn comments(&self) -> Result<&dyn CommentStore, ApiError> {
        self.comments.as_deref().ok_or_else(|| missing("a comment store"))
    }

    pub(crate) fn media(&self) -> Result<&Media, ApiError> {
        self.media.as_ref().ok_or_else(|| missing("media stores"))
    }

    /// The removed members the authorizers check: the realtime tables' (a gateway
    /// started without them has no rooms, so nobody to remove).
    pub(crate) fn revocations(&self) -> Arc<dyn Revocations> {
        match &self.realtime {
            Some(realtime) => realtime.revocations.clone(),
            None => Arc::new(NoRevocations),
        }
    }

    pub(crate) fn realtime(&self) -> Result<&Realtime, ApiError> {
        self.realtime.as_ref().ok_or_else(|| missing("realtime stores"))
    }
}

fn missing(what: &str) -> ApiError {
    ApiError::Internal(format!("the local gateway was started without {what}"))
}
