//! The room log in DynamoDB: one table keyed `(roomId, seq)`. `seq` is a string so the
//! table's keys stay strings like the other tables': an envelope's seq is zero-padded
//! to 20 digits (so string order is number order), the room's counter sits at `#seq`
//! a member's claimed message id at `id#...` and a rate window's count at `rate#...`,
//! all outside every range of digits.

use async_trait::async_trait;
use aws_sdk_dynamodb::{Client, types::ReturnValue};

use super::TTL_ATTRIBUTE;
use super::attrs::{Item, n, number, s, span, store_error};
use super::presence::conditional_failure;
use crate::domain::{MemberId, RoomId};
use crate::realtime::{Entry, RoomLog};
use crate::store::StoreError;
use crate::telemetry::traced;

const COUNTER: &str = "#seq";

/// The log's table.
pub struct DynamoRoomLog {
    client: Client,
    table: String,
}

impl DynamoRoomLog {
    /// The log over `table`.
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }
}

/// An envelope's sort key.
fn position(seq: u64) -> String {
    format!("{seq:020}")
}

/// A claim's sort key; the member's length first, so no member and id pair can spell
/// another's.
fn claim_key(member: &MemberId, id: &str) -> String {
    format!("id#{}#{}#{id}", member.as_str().len(), member.as_str())
}

fn seq_of(item: &Item, name: &str) -> Result<u64, StoreError> {
    let value = number(item, name)?;
    u64::try_from(value).map_err(|_| StoreError::internal("dynamodb", format!("{name} is negative")))
}

#[async_trait]
impl RoomLog for DynamoRoomLog {
    async fn next(&self, room: &RoomId) -> Result<u64, StoreError> {
        // No TTL on the counter: a room's seq never goes back, however long it is quiet.
        let request = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("roomId", s(room.as_str()))
            .key("seq", s(COUNTER))
            .update_expression("ADD #last :one")
            .expression_attribute_names("#last", "last")
            .expression_attribute_values(":one", n(1))
            .return_values(ReturnValue::UpdatedNew);
        let output = traced("UpdateItem room seq", span("UpdateItem", &self.table), async {
            request.send().await.map_err(store_error)
        })
        .await?;
        seq_of(output.attributes().unwrap_or(&Item::new()), "last")
    }

    async fn current(&self, room: &RoomId) -> Result<u64, StoreError> {
        let request = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("roomId", s(room.as_str()))
            .key("seq", s(COUNTER))
            .consistent_read(true);
        let output = traced("GetItem room seq", span("GetItem", &self.table), async {
            request.send().await.map_err(store_error)
        })
        .await?;
        output.item().map_or(Ok(0), |item| seq_of(item, "last"))
    }

    async fn store(
        &self,
        room: &RoomId,
        entry: &Entry,
        expires_at: i64,
        forget: Option<u64>,
    ) -> Result<(), StoreError> {
        let put = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("roomId", s(room.as_str()))
            .item("seq", s(&position(entry.seq)))
            .item(TTL_ATTRIBUTE, n(expires_at));
        let put = match &entry.envelope {
            Some(text) => put.item("envelope", s(text)),
            None => put,
        };
        let stored = traced("PutItem room envelope", span("PutItem", &self.table), async {
            put.send().await.map_err(store_error)
        });
        let forgotten = async {
            let Some(old) = forget else { return };
            let delete = self
                .client
                .delete_item()
                .table_name(&self.table)
                .key("roomId", s(room.as_str()))
                .key("seq", s(&position(old)));
            if let Err(e) = delete.send().await {
                tracing::warn!(%room, seq = old, error = %e, "entry past the bound left to its TTL");
            }
        };
        let (stored, ()) = futures::join!(stored, forgotten);
        stored.map(drop)
    }

    async fn claim(
        &self,
        room: &RoomId,
        member: &MemberId,
        id: &str,
        seq: u64,
        expires_at: i64,
    ) -> Result<Option<u64>, StoreError> {
        let key = claim_key(member, id);
        let now = crate::realtime::now();
        let put = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("roomId", s(room.as_str()))
            .item("seq", s(&key))
            .item("assigned", n(seq as i64))
            .item(TTL_ATTRIBUTE, n(expires_at))
            .condition_expression("attribute_not_exists(#seq) OR #ttl <= :now")
            .expression_attribute_names("#seq", "seq")
            .expression_attribute_names("#ttl", TTL_ATTRIBUTE)
            .expression_attribute_values(":now", n(now));
        let claimed = traced("PutItem message id", span("PutItem", &self.table), async {
            put.send().await
        })
        .await;
        match claimed {
            Ok(_) => return Ok(None),
            Err(e) if conditional_failure(&e) => {}
            Err(e) => return Err(store_error(e)),
        }
        let get = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("roomId", s(room.as_str()))
            .key("seq", s(&key))
            .consistent_read(true);
        let output = traced("GetItem message id", span("GetItem", &self.table), async {
            get.send().await.map_err(store_error)
        })
        .await?;
        // Released between our write and read: the id is free, so this send is the first.
        output.item().map(|item| seq_of(item, "assigned")).transpose()
    }

    async fn release(&self, room: &RoomId, member: &MemberId, id: &str) {
        let delete = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key("roomId", s(room.as_str()))
            .key("seq", s(&claim_key(member, id)));
        if let Err(e) = delete.send().await {
            tracing::warn!(%room, error = %e, "message id not released; it expires with the retention");
        }
    }

    async fn count(&self, room: &RoomId, counter: &str, expires_at: i64) -> Result<u64, StoreError> {
        // `rate#...` sorts after every zero-padded seq, so no range of envelopes reads it.
        let request = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("roomId", s(room.as_str()))
            .key("seq", s(&format!("rate#{counter}")))
            .update_expression("ADD #count :one SET #ttl = :expires")
            .expression_attribute_names("#count", "count")
            .expression_attribute_names("#ttl", TTL_ATTRIBUTE)
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":expires", n(expires_at))
            .return_values(ReturnValue::UpdatedNew);
        let output = traced("UpdateItem rate window", span("UpdateItem", &self.table), async {
            request.send().await.map_err(store_error)
        })
        .await?;
        seq_of(output.attributes().unwrap_or(&Item::new()), "count")
    }

    async fn range(
        &self,
        room: &RoomId,
        from: u64,
        to: u64,
        limit: usize,
        now: i64,
    ) -> Result<Vec<Entry>, StoreError> {
        let mut entries = Vec::new();
        let mut start = None;
        while entries.len() < limit {
            let query = self
                .client
                .query()
                .table_name(&self.table)
                .consistent_read(true)
                .key_condition_expression("roomId = :room AND #seq BETWEEN :from AND :to")
                .expression_attribute_names("#seq", "seq")
                .filter_expression(format!("{TTL_ATTRIBUTE} > :now"))
                .expression_attribute_values(":room", s(room.as_str()))
                .expression_attribute_values(":from", s(&position(from)))
                .expression_attribute_values(":to", s(&position(to)))
                .expression_attribute_values(":now", n(now))
                .set_exclusive_start_key(start);
            let page = traced("Query room envelopes", span("Query", &self.table), async {
                query.send().await.map_err(store_error)
            })
            .await?;
            for item in page.items() {
                entries.push(entry_from(item)?);
            }
            start = page.last_evaluated_key;
            if start.is_none() {
                break;
            }
        }
        entries.truncate(limit);
        Ok(entries)
    }
}

fn entry_from(item: &Item) -> Result<Entry, StoreError> {
    let seq = super::attrs::text(item, "seq")?
        .parse()
        .map_err(|_| StoreError::internal("dynamodb", "an envelope's seq is not a number"))?;
    let envelope = item.get("envelope").and_then(|v| v.as_s().ok()).cloned();
    Ok(Entry { seq, envelope })
}
