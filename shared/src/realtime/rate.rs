//! The message rate limit: how many room messages one member may send in a window,
//! counted in the room log's table so every `$default` instance sees the same count.

use super::Realtime;
use crate::domain::{MemberId, RoomId};
use crate::store::StoreError;

/// Room messages (`message` frames, with or without an id) one member may send in one
/// [`RATE_WINDOW_SECONDS`] window, over all its connections to the room, by default.
///
/// Why 50 in 10 s: typing, reactions and transport cues from one musician stay well
/// under 5 a second, while a scripted flood is stopped after 50. Each message costs one
/// post per connection of the room (up to 1,000), so the bound is what keeps one member
/// from spending the room's fan-out budget; counting per member rather than per
/// connection keeps a member who opens many sockets to the same bound.
pub const MESSAGES_PER_WINDOW: u64 = 50;

/// The length of a rate window, in seconds (fixed windows aligned on the epoch), by
/// default.
pub const RATE_WINDOW_SECONDS: i64 = 10;

/// How many room messages one member may send per window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageRate {
    pub messages: u64,
    pub window_seconds: i64,
}

impl Default for MessageRate {
    fn default() -> Self {
        Self {
            messages: MESSAGES_PER_WINDOW,
            window_seconds: RATE_WINDOW_SECONDS,
        }
    }
}

/// Whether the member may send one more message now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rate {
    Within,
    /// Over the limit; the window ends in this many seconds.
    Limited {
        retry_after: i64,
    },
}

impl Realtime {
    /// Counts one message of `member` in `room` at `now` against the member's window.
    /// The count is one atomic `ADD`, so concurrent sends from several connections
    /// cannot slip past the bound together.
    pub async fn count_message(
        &self,
        room: &RoomId,
        member: &MemberId,
        now: i64,
    ) -> Result<Rate, StoreError> {
        let MessageRate {
            messages,
            window_seconds,
        } = self.rate;
        let window = now.div_euclid(window_seconds);
        let ends = (window + 1) * window_seconds;
        // The member's length first, so no member and window pair can spell another's.
        let counter = format!("{}#{}#{window}", member.as_str().len(), member.as_str());
        // Kept a window past its end: DynamoDB deletes expired rows only eventually.
        let count = self.log.count(room, &counter, ends + window_seconds).await?;
        Ok(match count <= messages {
            true => Rate::Within,
            false => Rate::Limited {
                retry_after: ends - now,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::memory::{
        InMemoryConnectionStore, InMemoryPresenceStore, InMemoryRoomLog, InMemorySender,
    };
    use std::sync::Arc;

    #[tokio::test]
    async fn the_message_after_the_bound_is_limited_until_the_window_ends() {
        let rt = Realtime {
            presence: Arc::new(InMemoryPresenceStore::default()),
            connections: Arc::new(InMemoryConnectionStore::default()),
            sender: Arc::new(InMemorySender::default()),
            log: Arc::new(InMemoryRoomLog::default()),
            retention: Default::default(),
            rate: Default::default(),
            concurrency: 1,
            revocations: Arc::new(crate::access::NoRevocations),
        };
        let room = RoomId::parse("r").unwrap();
        let member = MemberId::parse("m").unwrap();
        let start = 1_000 * RATE_WINDOW_SECONDS + 3;
        for _ in 0..MESSAGES_PER_WINDOW {
            assert_eq!(
                rt.count_message(&room, &member, start).await.unwrap(),
                Rate::Within
            );
        }
        assert_eq!(
            rt.count_message(&room, &member, start).await.unwrap(),
            Rate::Limited {
                retry_after: RATE_WINDOW_SECONDS - 3
            }
        );
        let other = MemberId::parse("o").unwrap();
        assert_eq!(
            rt.count_message(&room, &other, start).await.unwrap(),
            Rate::Within
        );
        let next_window = start + RATE_WINDOW_SECONDS;
        assert_eq!(
            rt.count_message(&room, &member, next_window).await.unwrap(),
            Rate::Within
        );
    }
}
