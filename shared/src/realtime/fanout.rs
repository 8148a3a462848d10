//! Telling a room: one Query of the room's connections, then concurrent posts with a
//! bound. A connection that answers 410 is removed (with its member's presence when it
//! was the member's last) while the others still receive.

use futures::{StreamExt, stream};
use opentelemetry::KeyValue;
use serde_json::Value;

use super::{Connection, Realtime, SendError, envelope};
use crate::domain::{MemberId, RoomId};
use crate::store::StoreError;
use crate::telemetry::{current_traceparent, traced};

impl Realtime {
    /// Sends `envelope` to every live connection of `room` except `except`; returns
    /// how many received it. Stale connections found on the way are cleaned up.
    pub async fn broadcast(
        &self,
        endpoint: Option<&str>,
        room: &RoomId,
        envelope: &Value,
        except: Option<&str>,
    ) -> Result<usize, StoreError> {
        let (delivered, gone) = self.fan_out(endpoint, room, envelope, except).await?;
        let mut left = self.clean_up(gone).await?;
        // Each round removes the connections it found gone, so this ends.
        while let Some(member) = left.pop() {
            let (_, gone) = self
                .fan_out(endpoint, room, &envelope::leave(room, &member), None)
                .await?;
            left.extend(self.clean_up(gone).await?);
        }
        Ok(delivered)
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

    async fn fan_out(
        &self,
        endpoint: Option<&str>,
        room: &RoomId,
        envelope: &Value,
        except: Option<&str>,
    ) -> Result<(usize, Vec<Connection>), StoreError> {
        let attributes = vec![
            KeyValue::new("studio.room_id", room.to_string()),
            KeyValue::new("studio.envelope_type", kind_of(envelope)),
            KeyValue::new("studio.fanout_concurrency", self.concurrency as i64),
        ];
        traced(
            "fan-out",
            attributes,
            self.post_to_room(endpoint, room, envelope, except),
        )
        .await
    }

    async fn post_to_room(
        &self,
        endpoint: Option<&str>,
        room: &RoomId,
        envelope: &Value,
        except: Option<&str>,
    ) -> Result<(usize, Vec<Connection>), StoreError> {
        let now = super::now();
        let targets = self.connections.in_room(room, now).await?;
        let data = stamped(envelope);
        let results: Vec<(Connection, Result<(), SendError>)> = stream::iter(targets)
            .filter(|c| std::future::ready(Some(c.connection_id.as_str()) != except))
            .map(|c| {
                let data = &data;
                async move {
                    let result = self.sender.send(endpoint, &c.connection_id, data).await;
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
                Err(SendError::Gone) => gone.push(connection),
                Err(e) => tracing::warn!(connection = %connection.connection_id, error = %e, "post failed"),
            }
        }
        Ok((delivered, gone))
    }

    /// Removes gone connections; returns the members who thereby left the room.
    async fn clean_up(&self, gone: Vec<Connection>) -> Result<Vec<MemberId>, StoreError> {
        let mut left = Vec::new();
        for connection in gone {
            self.connections.remove(&connection.connection_id).await?;
            if self.member_left(&connection).await? {
                left.push(connection.member_id);
            }
        }
        Ok(left)
    }

    /// After `connection` closed: when its member has no other connection in the room,
    /// removes the presence and answers true.
    pub async fn member_left(&self, connection: &Connection) -> Result<bool, StoreError> {
        let now = super::now();
        let others = self.connections.in_room(&connection.room_id, now).await?;
        if others.iter().any(|c| c.member_id == connection.member_id) {
            return Ok(false);
        }
        self.presence
            .remove(&connection.room_id, &connection.member_id, now)
            .await
    }
}

/// The envelope as sent: with the `traceparent` of the span sending it, so a client (or
/// a trace viewer) can tie what it received to the request that caused it.
fn stamped(envelope: &Value) -> String {
    match (envelope, current_traceparent()) {
        (Value::Object(fields), Some(traceparent)) if !fields.contains_key("traceparent") => {
            let mut fields = fields.clone();
            fields.insert("traceparent".to_owned(), Value::String(traceparent));
            Value::Object(fields).to_string()
        }
        _ => envelope.to_string(),
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
mod tests {
    use super::*;
    use crate::adapters::memory::{InMemoryConnectionStore, InMemoryPresenceStore, InMemorySender};
    use crate::domain::{DisplayName, PresenceStatus, Ttl};
    use crate::realtime::PresenceWrite;
    use std::sync::Arc;

    fn connection(id: &str, room: &str, member: &str) -> Connection {
        Connection {
            connection_id: id.into(),
            room_id: RoomId::parse(room).unwrap(),
            member_id: MemberId::parse(member).unwrap(),
            display_name: DisplayName::parse(member).unwrap(),
            connected_at: super::super::now(),
            expires_at: super::super::now() + 60,
        }
    }

    async fn room_of(connections: &[Connection], sender: Arc<InMemorySender>) -> Realtime {
        let rt = Realtime {
            presence: Arc::new(InMemoryPresenceStore::default()),
            connections: Arc::new(InMemoryConnectionStore::default()),
            sender,
            concurrency: 4,
        };
        for c in connections {
            rt.connections.put(c).await.unwrap();
            let write = PresenceWrite {
                room: &c.room_id,
                member: &c.member_id,
                display_name: &c.display_name,
                status: Some(&PresenceStatus::online()),
                ttl: Ttl::default(),
                now: super::super::now(),
            };
            rt.presence.upsert(write).await.unwrap();
        }
        rt
    }

    #[tokio::test]
    async fn a_broadcast_reaches_the_room_except_the_sender_and_no_other_room() {
        let sender = Arc::new(InMemorySender::default());
        let cs = [
            connection("a", "r1", "ada"),
            connection("b", "r1", "bob"),
            connection("c", "r2", "cy"),
        ];
        let rt = room_of(&cs, sender.clone()).await;
        let room = RoomId::parse("r1").unwrap();
        let delivered = rt
            .broadcast(None, &room, &serde_json::json!({"x": 1}), Some("a"))
            .await
            .unwrap();
        assert_eq!(delivered, 1);
        let to: Vec<String> = sender.sent().into_iter().map(|(id, _)| id).collect();
        assert_eq!(to, ["b"]);
    }

    #[tokio::test]
    async fn a_gone_connection_is_removed_with_its_presence_and_the_room_told() {
        let sender = Arc::new(InMemorySender::default());
        let cs = [
            connection("a", "r1", "ada"),
            connection("b", "r1", "bob"),
            connection("g", "r1", "ghost"),
        ];
        let rt = room_of(&cs, sender.clone()).await;
        sender.mark_gone("g");
        let room = RoomId::parse("r1").unwrap();
        let delivered = rt
            .broadcast(None, &room, &serde_json::json!({"x": 1}), None)
            .await
            .unwrap();
        assert_eq!(delivered, 2);
        let now = super::super::now();
        assert_eq!(rt.connections.get("g", now).await.unwrap(), None);
        let members: Vec<String> = rt
            .presence
            .members(&room, now)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.member_id.to_string())
            .collect();
        assert_eq!(members, ["ada", "bob"]);
        let leaves = sender
            .sent()
            .into_iter()
            .filter(|(_, text)| text.contains("presence.leave"))
            .count();
        assert_eq!(leaves, 2, "ada and bob hear that the ghost left");
    }
}
