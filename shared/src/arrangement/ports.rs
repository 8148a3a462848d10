//! The port arrangement handlers talk to (Postgres in production).

use async_trait::async_trait;
use serde::Serialize;

use super::error::EditError;
use super::model::Arrangement;
use super::ops::Operation;
use super::values::Samples;
use crate::domain::{DisplayName, MemberId, SessionId};
use crate::store::StoreError;

/// Who made a change: the member (from the token in invite mode; as the client named
/// itself in open mode, if it did).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Author {
    pub member_id: Option<MemberId>,
    pub display_name: Option<DisplayName>,
}

/// An accepted batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Edited {
    /// The new version.
    pub version: u64,
    /// The batch was made against an older version and applied to the newer one.
    pub rebased: bool,
    pub operations: Vec<Operation>,
    pub by: Author,
}

/// What the store knows of an upload a clip names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadFacts {
    pub session: Option<SessionId>,
    pub ready: bool,
    /// Its length at 48 kHz, when its container said.
    pub length: Option<Samples>,
}

/// Tells the room of an accepted batch; the store calls it after the commit and before
/// the next edit of the session may start, so the room hears versions in order.
pub type Announce<'a> = &'a (dyn Fn(Edited) -> futures::future::BoxFuture<'a, ()> + Send + Sync);

/// Where arrangements live.
#[async_trait]
pub trait ArrangementStore: Send + Sync {
    /// The session's current arrangement ([`Arrangement::empty`] when nothing was
    /// arranged yet).
    async fn current(&self, session: SessionId) -> Result<Arrangement, StoreError>;

    /// Applies `operations`, made against version `base`, atomically as the next
    /// version, logged with `author`, and `announce`s it; the inner error when the batch
    /// was refused (then nothing is written).
    async fn edit(
        &self,
        session: SessionId,
        base: u64,
        operations: Vec<Operation>,
        author: Author,
        announce: Announce<'_>,
    ) -> Result<Result<Edited, EditError>, StoreError>;
}
