//! The frames a client sends, as types for their schemas. `ClientFrame::parse` reads
//! them by hand (anything else that is JSON is relayed), so a test holds each shape
//! here to what the parser makes of it.

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::domain::PresenceStatus;

/// `type: "message"`.
#[derive(Serialize, ToSchema)]
pub enum MessageFrameKind {
    #[serde(rename = "message")]
    Message,
}

/// `message`: `payload` (any JSON) goes to the room's other connections as a
/// `room.message`. With an `id`, the sender gets an `ack` with the message's seq, and
/// the same id sent again (within the room's retention) is acknowledged again with the
/// same seq instead of being relayed twice.
#[derive(Serialize, ToSchema)]
pub struct MessageFrame {
    #[serde(rename = "type")]
    pub kind: MessageFrameKind,
    /// The client's own id for the message, 1 to 128 printable characters, unique per
    /// member (a UUID does).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(min_length = 1, max_length = 128, example = "m-7f3a")]
    pub id: Option<String>,
    /// Any JSON; the frame as a whole is at most 32 KiB.
    #[schema(value_type = Value)]
    pub payload: Value,
}

/// `type: "heartbeat"`.
#[derive(Serialize, ToSchema)]
pub enum HeartbeatFrameKind {
    #[serde(rename = "heartbeat")]
    Heartbeat,
}

/// `heartbeat`: keeps the sender present for `ttlSeconds` more; send one about every
/// `ttlSeconds / 2`. A member whose presence had expired joins again (`presence.join`).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HeartbeatFrame {
    #[serde(rename = "type")]
    pub kind: HeartbeatFrameKind,
    /// Default 60.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 5, maximum = 3600, example = 60)]
    pub ttl_seconds: Option<u32>,
}

/// `type: "status"`.
#[derive(Serialize, ToSchema)]
pub enum StatusFrameKind {
    #[serde(rename = "status")]
    Status,
}

/// `status`: changes the sender's status; the whole room, sender included, gets a
/// `presence.update`.
#[derive(Serialize, ToSchema)]
pub struct StatusFrame {
    #[serde(rename = "type")]
    pub kind: StatusFrameKind,
    pub status: PresenceStatus,
}

/// `type: "roster"`.
#[derive(Serialize, ToSchema)]
pub enum RosterFrameKind {
    #[serde(rename = "roster")]
    Roster,
}

/// `roster`: asks for the room's live members, answered to the sender alone with
/// `presence.roster` pages. Ask once the socket is open.
#[derive(Serialize, ToSchema)]
pub struct RosterFrame {
    #[serde(rename = "type")]
    pub kind: RosterFrameKind,
}

/// `type: "resume"`.
#[derive(Serialize, ToSchema)]
pub enum ResumeFrameKind {
    #[serde(rename = "resume")]
    Resume,
}

/// `resume`: sent once the socket is open by a client that saw envelopes before (the
/// `seq` of the last one), answered to it alone with `room.replay` pages of everything
/// after `after`, or `continuity.lost`.
#[derive(Serialize, ToSchema)]
pub struct ResumeFrame {
    #[serde(rename = "type")]
    pub kind: ResumeFrameKind,
    #[schema(minimum = 0, example = 41)]
    pub after: u64,
}

const _: () = {
    // The literals above are the parser's limits; these fail to compile if one moves.
    assert!(crate::domain::MIN_TTL_SECONDS == 5 && crate::domain::MAX_TTL_SECONDS == 3600);
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Ttl;
    use crate::realtime::ClientFrame;
    use serde_json::json;

    fn parsed<T: Serialize>(frame: T) -> ClientFrame {
        ClientFrame::parse(&serde_json::to_string(&frame).unwrap()).unwrap()
    }

    #[test]
    fn each_documented_frame_is_the_frame_the_parser_reads() {
        let message = MessageFrame {
            kind: MessageFrameKind::Message,
            id: None,
            payload: json!({ "bar": 4 }),
        };
        assert_eq!(parsed(message), ClientFrame::Message(json!({ "bar": 4 })));
        let acked = MessageFrame {
            kind: MessageFrameKind::Message,
            id: Some("m-1".into()),
            payload: json!(4),
        };
        assert!(matches!(parsed(acked), ClientFrame::Acked(id, p) if id.as_str() == "m-1" && p == json!(4)));
        let resume = ResumeFrame {
            kind: ResumeFrameKind::Resume,
            after: 41,
        };
        assert_eq!(parsed(resume), ClientFrame::Resume(41));
        let heartbeat = HeartbeatFrame {
            kind: HeartbeatFrameKind::Heartbeat,
            ttl_seconds: Some(120),
        };
        assert_eq!(
            parsed(heartbeat),
            ClientFrame::Heartbeat(Ttl::parse(120).unwrap())
        );
        let status = StatusFrame {
            kind: StatusFrameKind::Status,
            status: PresenceStatus::parse("recording").unwrap(),
        };
        assert_eq!(
            parsed(status),
            ClientFrame::Status(PresenceStatus::parse("recording").unwrap())
        );
        let roster = RosterFrame {
            kind: RosterFrameKind::Roster,
        };
        assert_eq!(parsed(roster), ClientFrame::Roster);
    }
}
