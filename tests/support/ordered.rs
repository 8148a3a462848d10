//! A room client's order keeping, as the AsyncAPI document asks of every client: keep
//! the highest seq applied, drop what is not above it, hold a live envelope that skips
//! ahead (its predecessors may still be in flight) and hold live envelopes while a
//! replay runs. A sender is not sent its own message back, so the `ack` of a message
//! sent with an id takes that message's place in the order. Pure state, so the tests
//! and the load example share it.

use serde_json::Value;
use std::collections::BTreeMap;

/// One client's view of a room's order.
#[derive(Debug, Default)]
pub struct Ordered {
    /// The highest seq applied.
    pub last: u64,
    /// Live envelopes held until what comes before them is applied.
    held: BTreeMap<u64, Value>,
    /// Whether a `resume` was sent and its last page has not come.
    pub resuming: bool,
    /// Envelopes dropped as duplicates (seq not above `last`).
    pub dropped: usize,
    /// How many `continuity.lost` the client was told.
    pub lost: usize,
}

impl Ordered {
    /// A client that starts at `seq` (a roster's, or the last one it saw).
    pub fn at(seq: u64) -> Self {
        Self {
            last: seq,
            ..Self::default()
        }
    }

    /// A `resume` goes out now: live envelopes are held until its replay ends.
    pub fn resume(&mut self) -> Value {
        self.resuming = true;
        serde_json::json!({ "type": "resume", "after": self.last })
    }

    /// Whether an envelope is held waiting for an earlier seq (the client should
    /// `resume` if that lasts).
    pub fn waiting(&self) -> bool {
        !self.held.is_empty() && !self.resuming
    }

    /// Takes one frame; returns the room envelopes it makes applicable, in order.
    pub fn take(&mut self, frame: &Value) -> Vec<Value> {
        match frame["type"].as_str() {
            Some("room.replay") => {
                let mut applied = Vec::new();
                for envelope in frame["envelopes"].as_array().into_iter().flatten() {
                    applied.extend(self.apply(envelope));
                }
                if frame["last"] == true {
                    self.resuming = false;
                    self.last = self.last.max(frame["through"].as_u64().unwrap_or(0));
                    applied.extend(self.drain());
                }
                applied
            }
            Some("continuity.lost") => {
                self.lost += 1;
                self.resuming = false;
                self.last = frame["seq"].as_u64().unwrap_or(0);
                self.held.retain(|seq, _| *seq > self.last);
                self.drain()
            }
            // The sender's own message is not sent back to it: its ack fills its seq.
            Some("ack") => match frame["seq"].as_u64() {
                Some(seq) if seq > self.last => {
                    self.held.insert(seq, frame.clone());
                    if self.resuming { Vec::new() } else { self.drain() }
                }
                _ => Vec::new(),
            },
            // Sent to one connection: where the room stood, not a room envelope.
            Some("presence.roster" | "error") => Vec::new(),
            _ => match frame["seq"].as_u64() {
                Some(seq) if seq <= self.last => {
                    self.dropped += 1;
                    Vec::new()
                }
                Some(seq) => {
                    self.held.insert(seq, frame.clone());
                    if self.resuming { Vec::new() } else { self.drain() }
                }
                None => Vec::new(),
            },
        }
    }

    fn apply(&mut self, envelope: &Value) -> Option<Value> {
        let seq = envelope["seq"].as_u64()?;
        if seq <= self.last {
            self.dropped += 1;
            return None;
        }
        self.last = seq;
        Some(envelope.clone())
    }

    /// Applies held envelopes that follow on from `last` (and drops stale ones).
    fn drain(&mut self) -> Vec<Value> {
        let mut applied = Vec::new();
        while let Some((&seq, _)) = self.held.first_key_value() {
            if seq > self.last + 1 {
                break;
            }
            let (_, envelope) = self.held.pop_first().expect("just seen");
            applied.extend(self.apply(&envelope));
        }
        applied
    }
}
