//! Where rooms live: `PRESENCE_TABLE`, `CONNECTIONS_TABLE`, `ROOM_EVENTS_TABLE` (the
//! room log, kept `ROOM_RETENTION_SECONDS` and `ROOM_LOG_BOUND` envelopes deep; a
//! member sends at most `ROOM_MESSAGE_LIMIT` messages per `ROOM_MESSAGE_WINDOW_SECONDS`),
//! `WEBSOCKET_MANAGEMENT_URL`
//! (where the HTTP presence routes post; WebSocket functions take it from their event)
//! and `FANOUT_CONCURRENCY`. DynamoDB's endpoint follows the SDK's standard variables;
//! `AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI` (or `AWS_ENDPOINT_URL`) sends every
//! `@connections` post to one place, as the local gateway needs.

use super::env::{ConfigError, invalid, optional, parsed_or, required};
use crate::realtime::{DEFAULT_FANOUT_CONCURRENCY, MessageRate, Retention};

/// The realtime tables and the `@connections` endpoints.
#[derive(Debug, Clone)]
pub struct RealtimeSettings {
    pub presence_table: String,
    pub connections_table: String,
    pub room_events_table: String,
    pub retention: Retention,
    pub message_rate: MessageRate,
    /// The management API of the deployed WebSocket stage, for the HTTP routes.
    pub management_url: Option<String>,
    /// One endpoint for every post, overriding the event's.
    pub management_override: Option<String>,
    pub fanout_concurrency: usize,
}

/// `PRESENCE_TABLE` alone: the authorizers read the removed members kept in it.
pub fn presence_table() -> Result<String, ConfigError> {
    required("PRESENCE_TABLE", "set it to the presence table's name")
}

/// Reads the realtime settings, naming a missing one.
pub fn realtime() -> Result<RealtimeSettings, ConfigError> {
    Ok(RealtimeSettings {
        presence_table: presence_table()?,
        connections_table: required("CONNECTIONS_TABLE", "set it to the connections table's name")?,
        room_events_table: required("ROOM_EVENTS_TABLE", "set it to the room events table's name")?,
        retention: retention()?,
        message_rate: message_rate()?,
        management_url: optional("WEBSOCKET_MANAGEMENT_URL"),
        management_override: optional("AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI")
            .or_else(|| optional("AWS_ENDPOINT_URL")),
        fanout_concurrency: parsed_or("FANOUT_CONCURRENCY", DEFAULT_FANOUT_CONCURRENCY)?,
    })
}

/// `ROOM_RETENTION_SECONDS` (60 s to 7 days) and `ROOM_LOG_BOUND` (at least 10).
fn retention() -> Result<Retention, ConfigError> {
    let defaults = Retention::default();
    let seconds: i64 = parsed_or("ROOM_RETENTION_SECONDS", defaults.seconds)?;
    let bound: u64 = parsed_or("ROOM_LOG_BOUND", defaults.bound)?;
    if !(60..=7 * 24 * 3600).contains(&seconds) {
        return Err(invalid("ROOM_RETENTION_SECONDS", "use 60 to 604800 seconds"));
    }
    if bound < 10 {
        return Err(invalid("ROOM_LOG_BOUND", "keep at least 10 envelopes"));
    }
    Ok(Retention { seconds, bound })
}

/// `ROOM_MESSAGE_LIMIT` (at least 1) per `ROOM_MESSAGE_WINDOW_SECONDS` (1 s to 1 hour).
fn message_rate() -> Result<MessageRate, ConfigError> {
    let defaults = MessageRate::default();
    let messages: u64 = parsed_or("ROOM_MESSAGE_LIMIT", defaults.messages)?;
    let window_seconds: i64 = parsed_or("ROOM_MESSAGE_WINDOW_SECONDS", defaults.window_seconds)?;
    if messages == 0 {
        return Err(invalid(
            "ROOM_MESSAGE_LIMIT",
            "allow at least 1 message per window",
        ));
    }
    if !(1..=3600).contains(&window_seconds) {
        return Err(invalid("ROOM_MESSAGE_WINDOW_SECONDS", "use 1 to 3600 seconds"));
    }
    Ok(MessageRate {
        messages,
        window_seconds,
    })
}
