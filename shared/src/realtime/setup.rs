//! The realtime resources of a container, from the environment.

use std::sync::Arc;

use super::tables::{CONNECTIONS, PRESENCE};
use super::{
    DEFAULT_FANOUT_CONCURRENCY, DynamoConnectionStore, DynamoPresenceStore, ManagementApi, Realtime,
};
use crate::config::{ConfigError, parsed_or, required};

/// `PRESENCE_TABLE`, `CONNECTIONS_TABLE`, `WEBSOCKET_MANAGEMENT_URL` (where the HTTP
/// presence routes post; WebSocket functions take it from their event) and
/// `FANOUT_CONCURRENCY`. DynamoDB and `@connections` endpoints follow the SDK's
/// standard variables (`AWS_ENDPOINT_URL_DYNAMODB`, ...).
pub async fn from_env() -> Result<Realtime, ConfigError> {
    let presence = required(PRESENCE.env_var, "set it to the presence table's name")?;
    let connections = required(CONNECTIONS.env_var, "set it to the connections table's name")?;
    let management = std::env::var("WEBSOCKET_MANAGEMENT_URL")
        .ok()
        .filter(|v| !v.trim().is_empty());
    let concurrency = parsed_or("FANOUT_CONCURRENCY", DEFAULT_FANOUT_CONCURRENCY)?;
    let sdk = aws_config::load_from_env().await;
    let dynamo = aws_sdk_dynamodb::Client::new(&sdk);
    Ok(Realtime {
        presence: Arc::new(DynamoPresenceStore::new(dynamo.clone(), presence)),
        connections: Arc::new(DynamoConnectionStore::new(dynamo, connections)),
        sender: Arc::new(ManagementApi::new(sdk, management)),
        concurrency,
    })
}

/// Creates both tables under the names in `PRESENCE_TABLE` and `CONNECTIONS_TABLE` in
/// the DynamoDB the environment points at (DynamoDB Local in dev); existing ones are kept.
pub async fn create_tables_from_env() -> Result<(), String> {
    let sdk = aws_config::load_from_env().await;
    let client = aws_sdk_dynamodb::Client::new(&sdk);
    for table in super::tables::ALL {
        let name = required(table.env_var, "set it to the table's name").map_err(|e| e.to_string())?;
        table
            .create(&client, &name)
            .await
            .map_err(|e| format!("creating {name}: {e}"))?;
    }
    Ok(())
}
