//! The envelopes the studio sends a room's connections, each a JSON object with a `type`.

use serde_json::{Value, json};

use crate::domain::{MemberId, PresenceMember, RoomId};

/// Largest roster envelope: API Gateway posts at most 128 KiB, so a larger roster is
/// sent as several `presence.roster` pages (`page`, `pages`), each well inside it.
pub const ROSTER_PAGE_BYTES: usize = 96 * 1024;

/// `presence.join` or `presence.update` with the member.
pub fn presence(kind: &str, room: &RoomId, member: &PresenceMember) -> Value {
    json!({ "type": kind, "roomId": room, "member": member })
}

/// `presence.leave`.
pub fn leave(room: &RoomId, member: &MemberId) -> Value {
    json!({ "type": "presence.leave", "roomId": room, "memberId": member })
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
            json!({ "type": "presence.roster", "roomId": room, "members": chunk, "page": i + 1, "pages": pages })
        })
        .collect()
}

/// `room.message` from a member.
pub fn message(room: &RoomId, from: &MemberId, display_name: &str, payload: Value, sent_at: i64) -> Value {
    json!({
        "type": "room.message",
        "roomId": room,
        "from": { "memberId": from, "displayName": display_name },
        "payload": payload,
        "sentAt": sent_at,
    })
}

/// `error`, sent to the connection whose frame was refused.
pub fn error(code: &str, message: &str) -> Value {
    json!({ "type": "error", "error": { "code": code, "message": message } })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{DisplayName, PresenceStatus, Ttl};

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
}
