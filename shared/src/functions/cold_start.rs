//! Building a container's [`Resources`] at cold start, from the environment.
//!
//! Each client's set-up is chosen before the first await and boxed. For a function fixed
//! at compile time its needs are constants, so the set-ups it does not need are never
//! referenced and their clients are not linked into its binary. Chosen inside an async
//! block, every branch's await points would stay reachable from its state machine.

use std::{pin::Pin, sync::Arc};

use super::{InitError, Requirements, Resources};
use crate::config::DatabaseConfig;
use crate::db::Db;
use crate::media::{Media, ObjectStore, S3Objects};
use crate::pages::PageConfig;
use crate::realtime::Realtime;
use crate::store::{PgSessionStore, SessionStore};

/// One client's set-up at cold start.
type Setup<T> = Pin<Box<dyn Future<Output = Result<T, InitError>> + Send>>;

impl Resources {
    /// Builds what `required` names from the environment, opening connections that the
    /// first request would otherwise wait for.
    pub fn from_env(required: impl Requirements) -> impl Future<Output = Result<Self, InitError>> + Send {
        let needs = required.needs();
        let postgres = optional(needs.postgres, || {
            postgres_stores(optional(needs.s3, || async {
                Ok(Arc::new(S3Objects::from_env().await?) as Arc<dyn ObjectStore>)
            }))
        });
        let realtime = optional(needs.realtime, || async {
            Ok::<Realtime, InitError>(crate::realtime::setup::from_env().await?)
        });
        let pages = needs.pages.then(PageConfig::from_env).transpose();
        async move {
            let mut resources = Resources::default().with_page_config(pages?.unwrap_or_default());
            if let Some((sessions, media)) = postgres.await? {
                resources = resources.with_sessions(sessions);
                if let Some(media) = media {
                    resources = resources.with_media(media);
                }
            }
            if let Some(realtime) = realtime.await? {
                resources = resources.with_realtime(realtime);
            }
            Ok(resources)
        }
    }
}

/// `make`'s set-up if `wanted`, else one that yields `None` at once. Not an `Option` of
/// a boxed future: LLVM may fill the unused vtable slot of a `None` with the `Some`
/// case's vtable, and that reference alone keeps the unneeded client in the binary.
fn optional<T: Send + 'static, F>(wanted: bool, make: impl FnOnce() -> F) -> Setup<Option<T>>
where
    F: Future<Output = Result<T, InitError>> + Send + 'static,
{
    if wanted {
        let setup = make();
        Box::pin(async move { setup.await.map(Some) })
    } else {
        Box::pin(std::future::ready(Ok(None)))
    }
}

/// Opens the database (warming a connection) and, given a bucket, the media stores on it.
async fn postgres_stores(
    objects: Setup<Option<Arc<dyn ObjectStore>>>,
) -> Result<(Arc<dyn SessionStore>, Option<Media>), InitError> {
    let db = Db::new(&DatabaseConfig::from_env().await?);
    db.warm().await;
    let media = objects.await?.map(|objects| Media::new(db.clone(), objects));
    // The store is made here, not with `Resources::with_db` after the await in
    // `from_env`: code there is reachable in every binary, and would link this store.
    Ok((Arc::new(PgSessionStore::new(db)), media))
}
