//! The port arrangement handlers talk to (Postgres in production).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use super::error::EditError;
use super::model::Arrangement;
use super::ops::Operation;
use super::values::Samples;
use crate::domain::{DisplayName, MemberId, Session, SessionId, SessionName, Window};
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

/// One version in the change log.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub version: u64,
    /// The operations as applied (as the room was told them).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub operations: Value,
    /// `{ memberId, displayName }`, both `null` for the studio itself (an upload arriving
    /// as a track).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub by: Author,
    /// When the version was made.
    pub at: DateTime<Utc>,
    /// The snapshot name given to the version, if any.
    pub snapshot: Option<String>,
}

/// A page of the change log to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangesQuery {
    /// Newest first (below `before`), or oldest first after a version.
    pub window: Window,
    /// Only the versions a snapshot named.
    pub snapshots_only: bool,
    /// At most this many entries.
    pub limit: usize,
}

/// Where a fork starts: a version of another session (`None`: its current one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForkOf {
    pub session: SessionId,
    pub version: Option<u64>,
}

/// Why a fork was refused (nothing of it is written).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ForkError {
    #[error("version {0} of the session is unknown or was not kept")]
    UnknownVersion(u64),
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

    /// The session's arrangement at `version` as it was then (version 0: empty), or
    /// `None` when the session never had that version or it was not kept.
    async fn at_version(&self, session: SessionId, version: u64) -> Result<Option<Arrangement>, StoreError>;

    /// The entries of the change log `query` asks for.
    async fn changes(&self, session: SessionId, query: ChangesQuery) -> Result<Vec<Change>, StoreError>;

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

/// Where forks are made: a port of its own, so that session creation links the fork
/// and not the rest of the arrangement (the edit path).
#[async_trait]
pub trait ForkStore: Send + Sync {
    /// Creates the session `id` named `name` whose arrangement is `of`'s version, remapped to
    /// new ids, with its own upload rows naming the same audio objects; credited to its
    /// origin and logged as its version 1 by `author`.
    async fn fork(
        &self,
        of: ForkOf,
        id: SessionId,
        name: SessionName,
        author: Author,
    ) -> Result<Result<Session, ForkError>, StoreError>;
}
