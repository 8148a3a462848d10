//! The port arrangement handlers talk to (Postgres in production).

use async_trait::async_trait;

use super::model::Arrangement;
use crate::domain::SessionId;
use crate::store::StoreError;

/// Where arrangements live.
#[async_trait]
pub trait ArrangementStore: Send + Sync {
    /// The session's current arrangement ([`Arrangement::empty`] when nothing was
    /// arranged yet).
    async fn current(&self, session: SessionId) -> Result<Arrangement, StoreError>;
}
