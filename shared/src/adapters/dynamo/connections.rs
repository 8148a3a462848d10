//! Connection rows in DynamoDB, keyed `connectionId`, found by room through the
//! `byRoom` index. Reads filter `expiresAt > now`.

use async_trait::async_trait;
use aws_sdk_dynamodb::{Client, types::ReturnValue};

use super::attrs::{Item, corrupt, live_in_room, n, number, s, span, store_error, text};
use super::{ROOM_INDEX, TTL_ATTRIBUTE};
use crate::domain::{DisplayName, MemberId, RoomId};
use crate::realtime::{Connection, ConnectionStore, Occupancy};
use crate::store::StoreError;
use crate::telemetry::traced;

/// Connection rows keyed by `connectionId`, with the `byRoom` index.
pub struct DynamoConnectionStore {
    client: Client,
    table: String,
}

impl DynamoConnectionStore {
    /// The store over `table`.
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }
}

fn connection_from(item: &Item) -> Result<Connection, StoreError> {
    Ok(Connection {
        connection_id: text(item, "connectionId")?.to_owned(),
        room_id: RoomId::parse(text(item, "roomId")?).map_err(corrupt)?,
        member_id: MemberId::parse(text(item, "memberId")?).map_err(corrupt)?,
        display_name: DisplayName::parse(text(item, "displayName")?).map_err(corrupt)?,
        connected_at: number(item, "connectedAt")?,
        expires_at: number(item, TTL_ATTRIBUTE)?,
        token_expires_at: item
            .contains_key("tokenExpiresAt")
            .then(|| number(item, "tokenExpiresAt"))
            .transpose()?,
    })
}

#[async_trait]
impl ConnectionStore for DynamoConnectionStore {
    async fn put(&self, c: &Connection) -> Result<(), StoreError> {
        let request = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("connectionId", s(&c.connection_id))
            .item("roomId", s(c.room_id.as_str()))
            .item("memberId", s(c.member_id.as_str()))
            .item("displayName", s(c.display_name.as_str()))
            .item("connectedAt", n(c.connected_at))
            .item(TTL_ATTRIBUTE, n(c.expires_at));
        let request = match c.token_expires_at {
            Some(at) => request.item("tokenExpiresAt", n(at)),
            None => request,
        };
        traced("PutItem connection", span("PutItem", &self.table), async {
            request.send().await.map_err(store_error)
        })
        .await?;
        Ok(())
    }

    async fn get(&self, connection_id: &str, now: i64) -> Result<Option<Connection>, StoreError> {
        let request = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("connectionId", s(connection_id))
            .consistent_read(true);
        let output = traced("GetItem connection", span("GetItem", &self.table), async {
            request.send().await.map_err(store_error)
        })
        .await?;
        let connection = output.item().map(connection_from).transpose()?;
        Ok(connection.filter(|c| c.expires_at > now))
    }

    async fn remove(&self, connection_id: &str) -> Result<Option<Connection>, StoreError> {
        let request = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key("connectionId", s(connection_id))
            .return_values(ReturnValue::AllOld);
        let output = traced("DeleteItem connection", span("DeleteItem", &self.table), async {
            request.send().await.map_err(store_error)
        })
        .await?;
        output
            .attributes()
            .filter(|a| !a.is_empty())
            .map(connection_from)
            .transpose()
    }

    async fn in_room(&self, room: &RoomId, now: i64) -> Result<Vec<Connection>, StoreError> {
        let query = self.client.query().table_name(&self.table).index_name(ROOM_INDEX);
        let items = live_in_room(query, "Query connections", &self.table, room, now).await?;
        items.iter().map(connection_from).collect()
    }

    async fn occupancy(&self, room: &RoomId, member: &MemberId, now: i64) -> Result<Occupancy, StoreError> {
        let mut occupancy = Occupancy::default();
        let mut start = None;
        loop {
            // Only the member ids come back: the room's count and the member's in one Query.
            let query = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(ROOM_INDEX)
                .projection_expression("memberId")
                .key_condition_expression("roomId = :room")
                .filter_expression(format!("{TTL_ATTRIBUTE} > :now"))
                .expression_attribute_values(":room", s(room.as_str()))
                .expression_attribute_values(":now", n(now))
                .set_exclusive_start_key(start);
            let page = traced("Query connections occupancy", span("Query", &self.table), async {
                query.send().await.map_err(store_error)
            })
            .await?;
            for item in page.items() {
                occupancy.room += 1;
                if text(item, "memberId").ok() == Some(member.as_str()) {
                    occupancy.member += 1;
                }
            }
            start = page.last_evaluated_key;
            if start.is_none() {
                return Ok(occupancy);
            }
        }
    }
}
