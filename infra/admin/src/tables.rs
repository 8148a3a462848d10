//! The realtime tables, defined once: the project creates them in DynamoDB Local from
//! these definitions, and a test holds `template.yaml`'s tables to them.

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, TimeToLiveSpecification,
};

use studio::adapters::dynamo::{ROOM_INDEX, TTL_ATTRIBUTE, store_error};
use studio::store::StoreError;

/// A global secondary index with an `ALL` projection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexDef {
    pub name: &'static str,
    pub partition_key: &'static str,
    pub sort_key: Option<&'static str>,
}

/// A table: its template resource, keys (all strings), index and TTL attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableDef {
    /// The `AWS::DynamoDB::Table` resource in `template.yaml`.
    pub logical_id: &'static str,
    /// The environment variable holding the table's name.
    pub env_var: &'static str,
    pub partition_key: &'static str,
    pub sort_key: Option<&'static str>,
    pub index: Option<IndexDef>,
    pub ttl_attribute: &'static str,
}

/// Presence: one row per member of a room, so a room's roster is one Query.
pub const PRESENCE: TableDef = TableDef {
    logical_id: "PresenceTable",
    env_var: "PRESENCE_TABLE",
    partition_key: "roomId",
    sort_key: Some("memberId"),
    index: None,
    ttl_attribute: TTL_ATTRIBUTE,
};

/// Connections: keyed by connection id (what `$disconnect` and `$default` carry), with
/// a room index for the fan-out.
pub const CONNECTIONS: TableDef = TableDef {
    logical_id: "ConnectionsTable",
    env_var: "CONNECTIONS_TABLE",
    partition_key: "connectionId",
    sort_key: None,
    index: Some(IndexDef {
        name: ROOM_INDEX,
        partition_key: "roomId",
        sort_key: Some("connectionId"),
    }),
    ttl_attribute: TTL_ATTRIBUTE,
};

/// The room log: each room's seq (at `#seq`), its envelopes under their zero-padded
/// seq and its members' claimed message ids, so a resume or a history read is one
/// Query on the room.
pub const ROOM_EVENTS: TableDef = TableDef {
    logical_id: "RoomEventsTable",
    env_var: "ROOM_EVENTS_TABLE",
    partition_key: "roomId",
    sort_key: Some("seq"),
    index: None,
    ttl_attribute: TTL_ATTRIBUTE,
};

/// Every table.
pub const ALL: [TableDef; 3] = [PRESENCE, CONNECTIONS, ROOM_EVENTS];

impl TableDef {
    /// Every key attribute of the table and its index, each once, in order.
    pub fn key_attributes(&self) -> Vec<&'static str> {
        let mut names = vec![self.partition_key];
        names.extend(self.sort_key);
        if let Some(index) = self.index {
            names.push(index.partition_key);
            names.extend(index.sort_key);
        }
        let mut seen = Vec::new();
        names.retain(|n| {
            let new = !seen.contains(n);
            seen.push(*n);
            new
        });
        names
    }

    /// Creates the table as `name` (on-demand, TTL on). An existing table is kept.
    pub async fn create(&self, client: &Client, name: &str) -> Result<(), StoreError> {
        let mut request = client
            .create_table()
            .table_name(name)
            .billing_mode(BillingMode::PayPerRequest)
            .set_key_schema(Some(key_schema(self.partition_key, self.sort_key)));
        for attribute in self.key_attributes() {
            request = request.attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name(attribute)
                    .attribute_type(ScalarAttributeType::S)
                    .build()
                    .expect("name and type are set"),
            );
        }
        if let Some(index) = self.index {
            request = request.global_secondary_indexes(
                GlobalSecondaryIndex::builder()
                    .index_name(index.name)
                    .set_key_schema(Some(key_schema(index.partition_key, index.sort_key)))
                    .projection(Projection::builder().projection_type(ProjectionType::All).build())
                    .build()
                    .expect("name and keys are set"),
            );
        }
        match request.send().await {
            Ok(_) => {}
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_resource_in_use_exception()) =>
            {
                return Ok(());
            }
            Err(e) => return Err(store_error(e)),
        }
        let ttl = TimeToLiveSpecification::builder()
            .attribute_name(self.ttl_attribute)
            .enabled(true)
            .build()
            .expect("name and flag are set");
        client
            .update_time_to_live()
            .table_name(name)
            .time_to_live_specification(ttl)
            .send()
            .await
            .map_err(store_error)?;
        Ok(())
    }
}

fn key_schema(partition: &str, sort: Option<&str>) -> Vec<KeySchemaElement> {
    let element = |name: &str, kind| {
        KeySchemaElement::builder()
            .attribute_name(name)
            .key_type(kind)
            .build()
            .expect("name and type are set")
    };
    let mut keys = vec![element(partition, KeyType::Hash)];
    keys.extend(sort.map(|s| element(s, KeyType::Range)));
    keys
}

/// Creates every table under the given names (presence, connections, room events) in
/// the DynamoDB `client` points at; existing ones are kept.
pub async fn create_all(
    client: &Client,
    presence: &str,
    connections: &str,
    room_events: &str,
) -> Result<(), StoreError> {
    PRESENCE.create(client, presence).await?;
    CONNECTIONS.create(client, connections).await?;
    ROOM_EVENTS.create(client, room_events).await
}
