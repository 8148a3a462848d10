//! The envelopes the studio sends a room's connections, each a JSON object with a `type`,
//! built from their types in [`super::wire`].

use serde::Serialize;
use serde_json::Value;

use super::log_wire::{AckEnvelope, AckKind};
use super::wire::{
    ErrorFrame, ErrorKind, FrameRefusal, LeaveEnvelope, LeaveKind, LeaveReason, MessageEnvelope, MessageKind,
    PresenceChange, PresenceEnvelope, RoleEnvelope, RoleKind, RosterEnvelope, RosterKind, Sender,
};
use crate::domain::{DisplayName, MemberId, PresenceMember, RoomId};

/// Largest roster envelope: API Gateway posts at most 128 KiB, so a larger roster is
/// sent as several `presence.roster` pages (`page`, `pages`), each well inside it.
pub const ROSTER_PAGE_BYTES: usize = 96 * 1024;

/// `presence.join` or `presence.update` with the member.
pub fn presence(kind: PresenceChange, room: &RoomId, member: &PresenceMember) -> Value {
    to_value(&PresenceEnvelope {
        kind,
        room_id: room.clone(),
        member: member.clone(),
    })
}

/// `presence.leave`.
pub fn leave(room: &RoomId, member: &MemberId) -> Value {
    to_value(&LeaveEnvelope {
        kind: LeaveKind::Leave,
        room_id: room.clone(),
        member_id: member.clone(),
        reason: None,
    })
}

/// `presence.leave` of a member the host removed (`reason`: removed or banned).
pub fn removed(room: &RoomId, member: &MemberId, reason: LeaveReason) -> Value {
    to_value(&LeaveEnvelope {
        kind: LeaveKind::Leave,
        room_id: room.clone(),
        member_id: member.clone(),
        reason: Some(reason),
    })
}

/// `member.role`: the host gave `member` the role `role`.
pub fn role(room: &RoomId, member: &MemberId, role: crate::access::Role) -> Value {
    to_value(&RoleEnvelope {
        kind: RoleKind::Role,
        room_id: room.clone(),
        member_id: member.clone(),
        role,
    })
}

/// `presence.roster`: the room's live members, in as many pages as it takes to keep
/// each under [`ROSTER_PAGE_BYTES`] (one page, with `page: 1, pages: 1`, for most rooms).
pub fn roster(room: &RoomId, members: &[PresenceMember]) -> Vec<Value> {
    let mut chunks: Vec<&[PresenceMember]> = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, member) in members.iter().enumerate() {
        let size = serde_json::to_string(member).map_or(0, |s| s.len()) + 1;
        if i > start && bytes + size > ROSTER_PAGE_BYTES - 256 {
            chunks.push(&members[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes += size;
    }
    chunks.push(&members[start..]);
    let pages = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            to_value(&RosterEnvelope {
                kind: RosterKind::Roster,
                room_id: room.clone(),
                members: chunk.to_vec(),
                page: i + 1,
                pages,
            })
        })
        .collect()
}

/// `room.message` from a member.
pub fn message(
    room: &RoomId,
    from: &MemberId,
    display_name: &DisplayName,
    payload: Value,
    sent_at: i64,
) -> Value {
    to_value(&MessageEnvelope {
        kind: MessageKind::Message,
        room_id: room.clone(),
        from: Sender {
            member_id: from.clone(),
            display_name: display_name.clone(),
        },
        payload,
        sent_at,
    })
}

/// `ack`, sent to the member whose message carried `id`.
pub fn ack(room: &RoomId, id: &str, seq: u64, repeated: bool) -> Value {
    to_value(&AckEnvelope {
        kind: AckKind::Ack,
        room_id: room.clone(),
        id: id.to_owned(),
        seq,
        repeated,
    })
}

/// `error`, sent to the connection whose frame was refused.
pub fn error(code: &str, message: &str) -> Value {
    to_value(&ErrorFrame {
        kind: ErrorKind::Error,
        error: FrameRefusal {
            code: code.to_owned(),
            message: message.to_owned(),
        },
    })
}

/// Envelopes are plain data (strings, numbers, JSON), which always serialize.
fn to_value<T: Serialize>(envelope: &T) -> Value {
    serde_json::to_value(envelope).expect("an envelope is plain data")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{PresenceError, PresenceStatus, Ttl};
    use crate::error::ApiError;
    use crate::realtime::{FrameError, FrameErrorCode};
    use crate::store::StoreError;
    use serde_json::json;

    fn member(i: usize) -> PresenceMember {
        PresenceMember::new(
            MemberId::parse(&format!("{i:0>120}")).unwrap(),
            DisplayName::parse(&"é".repeat(80)).unwrap(),
            PresenceStatus::online(),
            Ttl::default(),
            1_700_000_000,
        )
    }

    #[test]
    fn a_large_roster_is_paged_so_each_page_fits_one_post_and_none_is_lost() {
        let members: Vec<PresenceMember> = (0..500).map(member).collect();
        let pages = roster(&RoomId::parse("big").unwrap(), &members);
        assert!(pages.len() > 1, "{} pages", pages.len());
        let mut seen = 0;
        for (i, page) in pages.iter().enumerate() {
            assert!(page.to_string().len() <= ROSTER_PAGE_BYTES, "page {i}");
            assert_eq!(
                (page["page"].as_u64(), page["pages"].as_u64()),
                (Some(i as u64 + 1), Some(pages.len() as u64))
            );
            seen += page["members"].as_array().unwrap().len();
        }
        assert_eq!(seen, members.len());
    }

    #[test]
    fn an_empty_room_has_one_empty_roster_page() {
        let pages = roster(&RoomId::parse("none").unwrap(), &[]);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0]["members"], json!([]));
    }

    #[test]
    fn each_envelope_has_the_wire_shape_clients_read() {
        let room = RoomId::parse("r1").unwrap();
        let ada = MemberId::parse("ada").unwrap();
        let name = DisplayName::parse("Ada").unwrap();
        let member = PresenceMember::new(
            ada.clone(),
            name.clone(),
            PresenceStatus::online(),
            Ttl::default(),
            10,
        );
        let member_json = json!({ "memberId": "ada", "displayName": "Ada", "status": "online", "updatedAt": 10, "expiresAt": 70 });
        assert_eq!(
            presence(PresenceChange::Join, &room, &member),
            json!({ "type": "presence.join", "roomId": "r1", "member": member_json })
        );
        assert_eq!(
            presence(PresenceChange::after(true), &room, &member)["type"],
            "presence.update"
        );
        assert_eq!(
            leave(&room, &ada),
            json!({ "type": "presence.leave", "roomId": "r1", "memberId": "ada" })
        );
        assert_eq!(
            message(&room, &ada, &name, json!([1]), 5),
            json!({ "type": "room.message", "roomId": "r1", "from": { "memberId": "ada", "displayName": "Ada" }, "payload": [1], "sentAt": 5 })
        );
        assert_eq!(
            error("invalid_ttl", "no"),
            json!({ "type": "error", "error": { "code": "invalid_ttl", "message": "no" } })
        );
    }

    #[test]
    fn every_code_a_frame_can_be_refused_with_is_a_documented_frame_error_code() {
        let documented: Vec<&str> = FrameErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        for (code, serialized) in FrameErrorCode::ALL.iter().map(|c| (c.as_str(), json!(c))) {
            assert_eq!(serialized, code, "as_str agrees with serde");
        }
        let refusals = [
            FrameError::TooLarge(1),
            FrameError::Malformed("x".into()),
            FrameError::NoPayload,
            FrameError::Invalid(PresenceError::InvalidStatus),
            FrameError::Invalid(PresenceError::InvalidTtl),
        ];
        let mut codes: Vec<&str> = refusals.into_iter().map(|e| ApiError::from(e).code()).collect();
        codes.push(ApiError::from(StoreError::unavailable("dynamodb", "x")).code());
        codes.push(ApiError::from(StoreError::throttled("dynamodb", "x")).code());
        for code in codes {
            assert!(documented.contains(&code), "{code} is not a FrameErrorCode");
        }
    }
}
