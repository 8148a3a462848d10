//! Telling a room: one Query of the room's connections, then concurrent posts with a
//! bound. A connection API Gateway reports gone (410) is removed afterwards, best effort
//! and within a time budget, unless it is young enough to still be connecting; the
//! members whose last connection that was are told to the room in one more pass. Every
//! envelope is sequenced and stored first ([`super::sequence`]), leaves included.

use futures::{StreamExt, stream};
use opentelemetry::KeyValue;
use serde_json::Value;

use super::envelope;
use super::sequence::{Sequenced, stamped};
use super::{CLEANUP_BUDGET, CONNECT_GRACE_SECONDS, Connection, Realtime, SendError};
use crate::domain::{MemberId, RoomId};
use crate::store::StoreError;
use crate::telemetry::traced;

/// What publishing an envelope did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    /// Sent with `seq` to `delivered` connections.
    Sent { seq: u64, delivered: usize },
    /// The member's message id was sent before with `seq`; nothing was sent now.
    Repeat { seq: u64 },
}

/// What closing a connection did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Departure {
    /// The connection as it was stored.
    pub connection: Connection,
    /// Whether its member left the room with it (it was the member's last connection).
    pub member_left: bool,
}

impl Realtime {
    /// Sends `envelope` to every live connection of `room` except `except`, with the
    /// room's next seq (see [`Realtime::sequence`]); returns how many received it. Gone
    /// connections found on the way are cleaned up, and the members who left with them
    /// are told to the room.
    pub async fn broadcast(
        &self,
        endpoint: Option<&str>,
        room: &RoomId,
        envelope: &Value,
        except: Option<&str>,
    ) -> Result<usize, StoreError> {
        match self.publish(endpoint, room, envelope, except, None).await? {
            Published::Sent { delivered, .. } => Ok(delivered),
            Published::Repeat { .. } => Ok(0),
        }
    }

    /// Like [`Realtime::broadcast`]; with `once` (a member's message id) an id already
    /// sent is not sent again, and the answer names the seq either way.
    pub async fn publish(
        &self,
        endpoint: Option<&str>,
        room: &RoomId,
        envelope: &Value,
        except: Option<&str>,
        once: Option<(&MemberId, &str)>,
    ) -> Result<Published, StoreError> {
        let (sequenced, delivered, gone) = self
            .fan_out(endpoint, room, std::slice::from_ref(envelope), except, once)
            .await?;
        let seq = match sequenced.first() {
            Some(Sequenced::New { seq, .. }) => *seq,
            Some(Sequenced::Repeat { seq }) => return Ok(Published::Repeat { seq: *seq }),
            None => unreachable!("one envelope, one outcome"),
        };
        let left = self.clean_up(gone).await;
        if !left.is_empty() {
            let leaves: Vec<Value> = left.iter().map(|member| envelope::leave(room, member)).collect();
            // One more pass tells everyone at once; what it finds gone is removed without
            // another round, so a mass drop costs two passes, not one per connection.
            match self.fan_out(endpoint, room, &leaves, None, None).await {
                Ok((_, _, gone)) => drop(self.clean_up(gone).await),
                Err(e) => tracing::warn!(%room, error = %e, "leaves not told"),
            }
        }
        Ok(Published::Sent { seq, delivered })
    }

    /// Sends one envelope to one connection.
    pub async fn send(
        &self,
        endpoint: Option<&str>,
        connection_id: &str,
        envelope: &Value,
    ) -> Result<(), SendError> {
        self.sender
            .send(endpoint, connection_id, &stamped(envelope))
            .await
    }

    /// Removes a closed connection and, with its member's last, the member's presence.
    pub async fn close(&self, connection_id: &str) -> Result<Option<Departure>, StoreError> {
        let Some(connection) = self.connections.remove(connection_id).await? else {
            return Ok(None);
        };
        let (room, member) = (&connection.room_id, &connection.member_id);
        let member_left = self
            .presence
            .detach(room, member, connection_id, super::now())
            .await?;
        Ok(Some(Departure {
            connection,
            member_left,
        }))
    }

    /// Sequences `envelopes` and sends them, inside one `fan-out` span (so the
    /// `traceparent` stored with each is the one its receivers get live).
    async fn fan_out(
        &self,
        endpoint: Option<&str>,
        room: &RoomId,
        envelopes: &[Value],
        except: Option<&str>,
        once: Option<(&MemberId, &str)>,
    ) -> Result<(Vec<Sequenced>, usize, Vec<Connection>), StoreError> {
        let attributes = vec![
            KeyValue::new("studio.room_id", room.to_string()),
            KeyValue::new("studio.envelope_type", kind_of(&envelopes[0])),
            KeyValue::new("studio.fanout_concurrency", self.concurrency as i64),
        ];
        let posting = async {
            let mut sequenced = Vec::with_capacity(envelopes.len());
            for envelope in envelopes {
                sequenced.push(self.sequence(room, envelope, once).await?);
            }
            let texts: Vec<String> = sequenced
                .iter()
                .filter_map(|s| match s {
                    Sequenced::New { text, .. } => Some(text.clone()),
                    Sequenced::Repeat { .. } => None,
                })
                .collect();
            if texts.is_empty() {
                return Ok((sequenced, 0, Vec::new()));
            }
            let (delivered, gone) = self.post_to_room(endpoint, room, texts, except).await?;
            Ok((sequenced, delivered, gone))
        };
        traced("fan-out", attributes, posting).await
    }

    async fn post_to_room(
        &self,
        endpoint: Option<&str>,
        room: &RoomId,
        data: Vec<String>,
        except: Option<&str>,
    ) -> Result<(usize, Vec<Connection>), StoreError> {
        let now = super::now();
        let targets = self.connections.in_room(room, now).await?;
        let results: Vec<(Connection, Result<(), SendError>)> = stream::iter(targets)
            .filter(|c| std::future::ready(Some(c.connection_id.as_str()) != except))
            .map(|c| {
                let data = &data;
                async move {
                    let mut result = Ok(());
                    for text in data {
                        result = self.sender.send(endpoint, &c.connection_id, text).await;
                        if result.is_err() {
                            break;
                        }
                    }
                    (c, result)
                }
            })
            .buffer_unordered(self.concurrency.max(1))
            .collect()
            .await;
        let mut delivered = 0;
        let mut gone = Vec::new();
        for (connection, result) in results {
            match result {
                Ok(()) => delivered += 1,
                Err(SendError::Gone) if connection.connected_at + CONNECT_GRACE_SECONDS <= now => {
                    gone.push(connection)
                }
                Err(SendError::Gone) => {
                    tracing::debug!(connection = %connection.connection_id, "still connecting")
                }
                Err(e) => tracing::warn!(connection = %connection.connection_id, error = %e, "post failed"),
            }
        }
        Ok((delivered, gone))
    }

    /// Removes gone connections, concurrently and within [`CLEANUP_BUDGET`]; returns the
    /// members who left with them. A failure is logged and never stops the caller.
    async fn clean_up(&self, gone: Vec<Connection>) -> Vec<MemberId> {
        if gone.is_empty() {
            return Vec::new();
        }
        let removals = stream::iter(gone)
            .map(|c| async move { (self.close(&c.connection_id).await, c) })
            .buffer_unordered(self.concurrency.max(1))
            .collect::<Vec<_>>();
        let Ok(results) = tokio::time::timeout(CLEANUP_BUDGET, removals).await else {
            tracing::warn!("cleanup of gone connections ran out of time; the rest expire by TTL");
            return Vec::new();
        };
        let mut left = Vec::new();
        for (result, connection) in results {
            match result {
                Ok(Some(departure)) if departure.member_left => left.push(departure.connection.member_id),
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(connection = %connection.connection_id, error = %e, "cleanup failed")
                }
            }
        }
        left.sort();
        left.dedup();
        left
    }
}

fn kind_of(envelope: &Value) -> String {
    envelope
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("unknown")
        .to_owned()
}

#[cfg(test)]
#[path = "fanout_tests.rs"]
mod tests;
