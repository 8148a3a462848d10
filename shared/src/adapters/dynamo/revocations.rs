//! Revocations in the presence table, under the partition `revoked#<session>` (no room
//! id can spell it: ids never hold `#`) and the member id, expiring at `expiresAt`.
//! Sharing the presence table keeps one table, one TTL and one policy for everything a
//! room's members are; the authorizers read one item of it with a strongly consistent
//! GetItem. A record with a `role` is a change of role: only tokens of that role pass.

use async_trait::async_trait;
use aws_sdk_dynamodb::operation::put_item::builders::PutItemFluentBuilder;

use super::TTL_ATTRIBUTE;
use super::attrs::{corrupt, n, number, s, span, store_error, text};
use super::presence::conditional_failure;
use crate::access::{REVOCATION_TTL_SECONDS, Revocations, Role, Standing};
use crate::domain::{MemberId, SessionId};
use crate::store::StoreError;
use crate::telemetry::traced;

/// The attribute of a role change's record (a removal's has none).
const ROLE: &str = "role";

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

impl DynamoRevocations {
    /// The record of what the host did to `member` at `now`, kept as long as a token
    /// issued before it lives.
    fn record(&self, session: SessionId, member: &MemberId, now: i64) -> PutItemFluentBuilder {
        self.client
            .put_item()
            .table_name(&self.table)
            .item("roomId", s(&partition(session)))
            .item("memberId", s(member.as_str()))
            .item("revokedAt", n(now))
            .item(TTL_ATTRIBUTE, n(now + REVOCATION_TTL_SECONDS))
    }
}

#[async_trait]
impl Revocations for DynamoRevocations {
    async fn revoke(&self, session: SessionId, member: &MemberId, now: i64) -> Result<(), StoreError> {
        let request = self.record(session, member, now);
        traced("PutItem revocation", span("PutItem", &self.table), async {
            request.send().await.map_err(store_error)
        })
        .await?;
        Ok(())
    }

    async fn change_role(
        &self,
        session: SessionId,
        member: &MemberId,
        role: Role,
        now: i64,
    ) -> Result<(), StoreError> {
        // A removal stays a removal: the record is written only where none is, or over
        // an earlier change of role.
        let request = self
            .record(session, member, now)
            .item(ROLE, s(role.as_str()))
            .condition_expression("attribute_not_exists(roomId) OR attribute_exists(#role)")
            .expression_attribute_names("#role", ROLE);
        let sent = traced("PutItem role change", span("PutItem", &self.table), async {
            request.send().await
        })
        .await;
        match sent {
            Ok(_) => Ok(()),
            Err(e) if conditional_failure(&e) => Ok(()),
            Err(e) => Err(store_error(e)),
        }
    }

    async fn standing(
        &self,
        session: SessionId,
        member: &MemberId,
        now: i64,
    ) -> Result<Option<Standing>, StoreError> {
        let request = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("roomId", s(&partition(session)))
            .key("memberId", s(member.as_str()))
            .consistent_read(true)
            .projection_expression("#exp, #role")
            .expression_attribute_names("#exp", TTL_ATTRIBUTE)
            .expression_attribute_names("#role", ROLE);
        let output = traced("GetItem revocation", span("GetItem", &self.table), async {
            request.send().await.map_err(store_error)
        })
        .await?;
        let Some(item) = output.item else {
            return Ok(None);
        };
        if number(&item, TTL_ATTRIBUTE)? <= now {
            return Ok(None);
        }
        Ok(Some(match item.get(ROLE) {
            None => Standing::Removed,
            Some(_) => {
                Standing::Role(Role::parse(text(&item, ROLE)?).ok_or_else(|| corrupt("an unknown role"))?)
            }
        }))
    }
}
