//! Revocations in the presence table, under the partition `revoked#<session>` (no room
//! id can spell it: ids never hold `#`) and the member id, expiring at `expiresAt`.
//! Sharing the presence table keeps one table, one TTL and one policy for everything a
//! room's members are; the authorizers read one item of it with a strongly consistent
//! GetItem.

use async_trait::async_trait;

use super::TTL_ATTRIBUTE;
use super::attrs::{n, number, s, span, store_error};
use crate::access::{REVOCATION_TTL_SECONDS, Revocations};
use crate::domain::{MemberId, SessionId};
use crate::store::StoreError;
use crate::telemetry::traced;

/// Revocation records in the presence table.
pub struct DynamoRevocations {
    client: aws_sdk_dynamodb::Client,
    table: String,
}

impl DynamoRevocations {
    /// Revocations in `table` (the presence table).
    pub fn new(client: aws_sdk_dynamodb::Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }
}

/// The partition of a session's revocations.
fn partition(session: SessionId) -> String {
    format!("revoked#{session}")
}

#[async_trait]
impl Revocations for DynamoRevocations {
    async fn revoke(&self, session: SessionId, member: &MemberId, now: i64) -> Result<(), StoreError> {
        let request = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("roomId", s(&partition(session)))
            .item("memberId", s(member.as_str()))
            .item("revokedAt", n(now))
            .item(TTL_ATTRIBUTE, n(now + REVOCATION_TTL_SECONDS));
        traced("PutItem revocation", span("PutItem", &self.table), async {
            request.send().await.map_err(store_error)
        })
        .await?;
        Ok(())
    }

    async fn is_revoked(&self, session: SessionId, member: &MemberId, now: i64) -> Result<bool, StoreError> {
        let request = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("roomId", s(&partition(session)))
            .key("memberId", s(member.as_str()))
            .consistent_read(true)
            .projection_expression("#exp")
            .expression_attribute_names("#exp", TTL_ATTRIBUTE);
        let output = traced("GetItem revocation", span("GetItem", &self.table), async {
            request.send().await.map_err(store_error)
        })
        .await?;
        match output.item {
            Some(item) => Ok(number(&item, TTL_ATTRIBUTE)? > now),
            None => Ok(false),
        }
    }
}
