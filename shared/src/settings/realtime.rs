//! Where rooms live: `PRESENCE_TABLE`, `CONNECTIONS_TABLE`, `WEBSOCKET_MANAGEMENT_URL`
//! (where the HTTP presence routes post; WebSocket functions take it from their event)
//! and `FANOUT_CONCURRENCY`. DynamoDB's endpoint follows the SDK's standard variables;
//! `AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI` (or `AWS_ENDPOINT_URL`) sends every
//! `@connections` post to one place, as the local gateway needs.

use super::env::{ConfigError, optional, parsed_or, required};
use crate::realtime::DEFAULT_FANOUT_CONCURRENCY;

/// The realtime tables and the `@connections` endpoints.
#[derive(Debug, Clone)]
pub struct RealtimeSettings {
    pub presence_table: String,
    pub connections_table: String,
    /// The management API of the deployed WebSocket stage, for the HTTP routes.
    pub management_url: Option<String>,
    /// One endpoint for every post, overriding the event's.
    pub management_override: Option<String>,
    pub fanout_concurrency: usize,
}

/// Reads the realtime settings, naming a missing one.
pub fn realtime() -> Result<RealtimeSettings, ConfigError> {
    Ok(RealtimeSettings {
        presence_table: required("PRESENCE_TABLE", "set it to the presence table's name")?,
        connections_table: required("CONNECTIONS_TABLE", "set it to the connections table's name")?,
        management_url: optional("WEBSOCKET_MANAGEMENT_URL"),
        management_override: optional("AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI")
            .or_else(|| optional("AWS_ENDPOINT_URL")),
        fanout_concurrency: parsed_or("FANOUT_CONCURRENCY", DEFAULT_FANOUT_CONCURRENCY)?,
    })
}
