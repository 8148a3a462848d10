//! Sequencing: every envelope a room receives goes through here on its way to the
//! fan-out, so it gets the room's next `seq` and is stored under it before anyone can
//! receive it. Stored seqs have no gaps: when storing fails after the sequence moved,
//! a placeholder takes the seq (best effort; the envelope is then sent to no one).

use serde_json::Value;

use super::Realtime;
use super::log::Entry;
use crate::domain::{MemberId, RoomId};
use crate::store::StoreError;
use crate::telemetry::current_traceparent;

/// What sequencing an envelope did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sequenced {
    /// The envelope got `seq` and is stored; `text` is what to send.
    New { seq: u64, text: String },
    /// The member sent this id before: the envelope is not sent again; `seq` is the
    /// first one's.
    Repeat { seq: u64 },
}

/// The envelope with `seq` set.
pub fn with_seq(envelope: &Value, seq: u64) -> Value {
    let mut envelope = envelope.clone();
    if let Value::Object(fields) = &mut envelope {
        fields.insert("seq".to_owned(), Value::from(seq));
    }
    envelope
}

impl Realtime {
    /// Gives `envelope` the room's next seq and stores it. With `once`, a member's
    /// message id, an id the member already sent within retention is not stored again.
    pub async fn sequence(
        &self,
        room: &RoomId,
        envelope: &Value,
        once: Option<(&MemberId, &str)>,
    ) -> Result<Sequenced, StoreError> {
        let seq = self.log.next(room).await?;
        let expires_at = super::now() + self.retention.seconds;
        if let Some((member, id)) = once
            && let Some(first) = self.log.claim(room, member, id, seq, expires_at).await?
        {
            self.placeholder(room, seq, expires_at).await;
            return Ok(Sequenced::Repeat { seq: first });
        }
        let text = stamped(&with_seq(envelope, seq));
        let entry = Entry {
            seq,
            envelope: Some(text.clone()),
        };
        // The entry `bound` positions back leaves with this write, so a room keeps at
        // most `bound` envelopes however fast it talks.
        let forget = seq.checked_sub(self.retention.bound).filter(|s| *s > 0);
        if let Err(e) = self.log.store(room, &entry, expires_at, forget).await {
            self.placeholder(room, seq, expires_at).await;
            if let Some((member, id)) = once {
                self.log.release(room, member, id).await;
            }
            return Err(e);
        }
        Ok(Sequenced::New { seq, text })
    }

    async fn placeholder(&self, room: &RoomId, seq: u64, expires_at: i64) {
        let entry = Entry { seq, envelope: None };
        if let Err(e) = self.log.store(room, &entry, expires_at, None).await {
            tracing::warn!(%room, seq, error = %e, "placeholder not stored; the seq stays a hole");
        }
    }

    /// Sends `envelope` to one connection of `room` with the room's current seq, so a
    /// roster or an error tells the client where the room stands.
    pub async fn send_in_room(
        &self,
        endpoint: Option<&str>,
        connection_id: &str,
        room: &RoomId,
        envelope: &Value,
    ) -> Result<(), StoreError> {
        let seq = self.log.current(room).await?;
        if let Err(e) = self.send(endpoint, connection_id, &with_seq(envelope, seq)).await {
            tracing::debug!(connection = connection_id, error = %e, "not sent");
        }
        Ok(())
    }
}

/// The envelope as sent: with the `traceparent` of the span sending it, so a client (or
/// a trace viewer) can tie what it received to the request that caused it.
pub(super) fn stamped(envelope: &Value) -> String {
    match (envelope, current_traceparent()) {
        (Value::Object(fields), Some(traceparent)) if !fields.contains_key("traceparent") => {
            let mut fields = fields.clone();
            fields.insert("traceparent".to_owned(), Value::String(traceparent));
            Value::Object(fields).to_string()
        }
        _ => envelope.to_string(),
    }
}

#[cfg(test)]
#[path = "sequence_tests.rs"]
mod tests;
