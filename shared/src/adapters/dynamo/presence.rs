//! Presence rows in DynamoDB, keyed `(roomId, memberId)`. Reads filter `expiresAt > now`:
//! DynamoDB's TTL deletes expired items only within days.

use async_trait::async_trait;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::{
    Client,
    types::{AttributeValue, ReturnValue},
};

use super::TTL_ATTRIBUTE;
use super::attrs::{Item, corrupt, live_in_room, n, number, s, span, store_error, text};
use crate::domain::{DisplayName, MemberId, PresenceMember, PresenceStatus, RoomId};
use crate::realtime::{PresenceStore, PresenceWrite};
use crate::store::StoreError;
use crate::telemetry::traced;

/// Presence rows keyed `(roomId, memberId)`.
pub struct DynamoPresenceStore {
    client: Client,
    table: String,
}

impl DynamoPresenceStore {
    /// The store over `table`.
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }
}

fn member_from(item: &Item) -> Result<PresenceMember, StoreError> {
    Ok(PresenceMember {
        member_id: MemberId::parse(text(item, "memberId")?).map_err(corrupt)?,
        display_name: DisplayName::parse(text(item, "displayName")?).map_err(corrupt)?,
        status: PresenceStatus::parse(text(item, "status")?).map_err(corrupt)?,
        updated_at: number(item, "updatedAt")?,
        expires_at: number(item, TTL_ATTRIBUTE)?,
    })
}

#[async_trait]
impl PresenceStore for DynamoPresenceStore {
    async fn warm(&self) {
        let read = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("roomId", s(crate::adapters::warm::WARM_KEY))
            .key("memberId", s(crate::adapters::warm::WARM_KEY))
            .send();
        crate::adapters::warm::within("DynamoDB", read).await;
    }

    async fn members(&self, room: &RoomId, now: i64) -> Result<Vec<PresenceMember>, StoreError> {
        let query = self.client.query().table_name(&self.table).consistent_read(true);
        let items = live_in_room(query, "Query presence", &self.table, room, now).await?;
        items.iter().map(member_from).collect()
    }

    async fn upsert(
        &self,
        w: PresenceWrite<'_>,
    ) -> Result<(PresenceMember, Option<PresenceMember>), StoreError> {
        let status_expr = if w.status.is_some() {
            ":status"
        } else {
            "if_not_exists(#status, :status)"
        };
        let given = w.status.cloned();
        // A write from a socket adds its connection to the member's set in the same update.
        let add = if w.connection.is_some() {
            " ADD connections :conn"
        } else {
            ""
        };
        let request = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("roomId", s(w.room.as_str()))
            .key("memberId", s(w.member.as_str()))
            .update_expression(format!(
                "SET displayName = :name, #status = {status_expr}, updatedAt = :now, expiresAt = :exp{add}"
            ))
            .set_expression_attribute_values(
                w.connection
                    .map(|c| [(":conn".to_owned(), AttributeValue::Ss(vec![c.to_owned()]))].into()),
            )
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":name", s(w.display_name.as_str()))
            .expression_attribute_values(
                ":status",
                s(given.clone().unwrap_or_else(PresenceStatus::online).as_str()),
            )
            .expression_attribute_values(":now", n(w.now))
            .expression_attribute_values(":exp", n(w.now + w.ttl.seconds()))
            .return_values(ReturnValue::AllOld);
        let output = traced("UpdateItem presence", span("UpdateItem", &self.table), async {
            request.send().await.map_err(store_error)
        })
        .await?;
        let old = output
            .attributes()
            .filter(|a| !a.is_empty())
            .map(member_from)
            .transpose()?;
        let status = given
            .or_else(|| old.as_ref().map(|m| m.status.clone()))
            .unwrap_or_else(PresenceStatus::online);
        let member = PresenceMember::new(w.member.clone(), w.display_name.clone(), status, w.ttl, w.now);
        Ok((member, old.filter(|m| m.is_live(w.now))))
    }

    async fn remove(&self, room: &RoomId, member: &MemberId, now: i64) -> Result<bool, StoreError> {
        let request = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key("roomId", s(room.as_str()))
            .key("memberId", s(member.as_str()))
            .return_values(ReturnValue::AllOld);
        let output = traced("DeleteItem presence", span("DeleteItem", &self.table), async {
            request.send().await.map_err(store_error)
        })
        .await?;
        Ok(output
            .attributes()
            .and_then(|a| number(a, TTL_ATTRIBUTE).ok())
            .is_some_and(|expires| expires > now))
    }

    async fn detach(
        &self,
        room: &RoomId,
        member: &MemberId,
        connection: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let update = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("roomId", s(room.as_str()))
            .key("memberId", s(member.as_str()))
            .update_expression("DELETE connections :conn")
            .condition_expression("attribute_exists(memberId)")
            .expression_attribute_values(":conn", AttributeValue::Ss(vec![connection.to_owned()]))
            .return_values(ReturnValue::AllNew);
        let updated = traced(
            "UpdateItem presence connections",
            span("UpdateItem", &self.table),
            async {
                match update.send().await {
                    Ok(output) => Ok(output.attributes),
                    Err(e) if conditional_failure(&e) => Ok(None),
                    Err(e) => Err(store_error(e)),
                }
            },
        )
        .await?;
        // DynamoDB drops a set it empties: no `connections` means that was the last one.
        match updated {
            Some(item) if !item.contains_key("connections") => {
                self.remove_if_unconnected(room, member, now).await
            }
            _ => Ok(false),
        }
    }
}

impl DynamoPresenceStore {
    /// Deletes the member's row unless a connection joined since it was emptied.
    async fn remove_if_unconnected(
        &self,
        room: &RoomId,
        member: &MemberId,
        now: i64,
    ) -> Result<bool, StoreError> {
        let delete = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key("roomId", s(room.as_str()))
            .key("memberId", s(member.as_str()))
            .condition_expression("attribute_not_exists(connections)")
            .return_values(ReturnValue::AllOld);
        traced("DeleteItem presence", span("DeleteItem", &self.table), async {
            match delete.send().await {
                Ok(output) => Ok(output
                    .attributes()
                    .and_then(|a| number(a, TTL_ATTRIBUTE).ok())
                    .is_some_and(|expires| expires > now)),
                Err(e) if conditional_failure(&e) => Ok(false),
                Err(e) => Err(store_error(e)),
            }
        })
        .await
    }
}

/// A condition that did not hold: the row changed under the update, which is an answer.
pub(super) fn conditional_failure<E, R>(e: &SdkError<E, R>) -> bool
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata,
{
    e.as_service_error()
        .and_then(|s| s.code())
        .is_some_and(|code| code == "ConditionalCheckFailedException")
}
