//! The channel's messages and the operations that send and receive them, each message
//! with a payload schema from [`super::schemas`] and an example built by the code that
//! builds the real frame.

use serde_json::{Map, Value, json};

use crate::comments::CommentEvent;
use crate::domain::{DisplayName, MemberId, PresenceMember, PresenceStatus, RoomId, Ttl};
use crate::realtime::{FrameErrorCode, PresenceChange, envelope, with_seq};

/// A message: its name, summary, payload schema and one example payload.
struct Message {
    name: &'static str,
    summary: &'static str,
    payload: Value,
    example: Value,
}

fn schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// What a client sends.
fn sent() -> Vec<Message> {
    vec![
        Message {
            name: "message",
            summary: "A message to the room's other connections.",
            payload: schema("MessageFrame"),
            example: json!({ "type": "message", "payload": { "note": "C#", "bar": 4 } }),
        },
        Message {
            name: "heartbeat",
            summary: "Keeps the sender present (about every ttlSeconds / 2).",
            payload: schema("HeartbeatFrame"),
            example: json!({ "type": "heartbeat", "ttlSeconds": 60 }),
        },
        Message {
            name: "status",
            summary: "Changes the sender's status.",
            payload: schema("StatusFrame"),
            example: json!({ "type": "status", "status": "recording" }),
        },
        Message {
            name: "roster",
            summary: "Asks for the room's live members.",
            payload: schema("RosterFrame"),
            example: json!({ "type": "roster" }),
        },
        Message {
            name: "resume",
            summary: "After a reconnect: asks for every room envelope after the last seq seen.",
            payload: schema("ResumeFrame"),
            example: json!({ "type": "resume", "after": 41 }),
        },
        Message {
            name: "relay",
            summary: "Any other JSON, relayed to the room as it is.",
            payload: schema("RelayFrame"),
            example: json!({ "text": "hi" }),
        },
    ]
}

/// What a client receives, with examples from the envelope builders themselves.
fn received() -> Vec<Message> {
    let room = RoomId::parse("jam-1").expect("a valid room");
    let ada = MemberId::parse("ada").expect("a valid member");
    let name = DisplayName::parse("Ada").expect("a valid name");
    let member = PresenceMember::new(
        ada.clone(),
        name.clone(),
        PresenceStatus::online(),
        Ttl::default(),
        1_700_000_000,
    );
    let roster = envelope::roster(&room, std::slice::from_ref(&member)).remove(0);
    let typed = |kind: &str| json!({ "allOf": [schema("PresenceEnvelope"), { "properties": { "type": { "const": kind } } }] });
    let refused = FrameErrorCode::MalformedJson;
    vec![
        Message {
            name: "presenceJoin",
            summary: "A member joined the room (or came back after its presence expired).",
            payload: typed("presence.join"),
            example: envelope::presence(PresenceChange::Join, &room, &member),
        },
        Message {
            name: "presenceUpdate",
            summary: "A present member changed its status or connected once more.",
            payload: typed("presence.update"),
            example: envelope::presence(PresenceChange::Update, &room, &member),
        },
        Message {
            name: "presenceLeave",
            summary: "A member left: its last connection closed or its presence was removed.",
            payload: schema("LeaveEnvelope"),
            example: envelope::leave(&room, &ada),
        },
        Message {
            name: "memberRole",
            summary: "The host gave a member another role; the member renews its token to act in it.",
            payload: schema("RoleEnvelope"),
            example: envelope::role(&room, &ada, crate::access::Role::Listener),
        },
        Message {
            name: "presenceRoster",
            summary: "One page of the room's live members, answering `roster`.",
            payload: schema("RosterEnvelope"),
            example: roster,
        },
        Message {
            name: "roomMessage",
            summary: "What another member sent.",
            payload: schema("MessageEnvelope"),
            example: envelope::message(
                &room,
                &ada,
                &name,
                json!({ "note": "C#", "bar": 4 }),
                1_700_000_000,
            ),
        },
        Message {
            name: "error",
            summary: "The sender's frame was refused (sent to it alone).",
            payload: schema("ErrorFrame"),
            example: envelope::error(
                refused.as_str(),
                "the frame is not valid JSON: expected value at line 1 column 1",
            ),
        },
        Message {
            name: "ack",
            summary: "The sender's message with an id got this seq (sent to the sender alone).",
            payload: schema("AckEnvelope"),
            example: envelope::ack(&room, "m-7f3a", 42, false),
        },
        Message {
            name: "roomReplay",
            summary: "One page of what a resuming client missed, answering `resume`.",
            payload: schema("ReplayEnvelope"),
            example: json!({ "type": "room.replay", "roomId": "jam-1", "after": 40, "through": 41, "last": true,
                "envelopes": [with_seq(&envelope::leave(&room, &ada), 41)] }),
        },
        Message {
            name: "continuityLost",
            summary: "What a resuming client missed is past the room's retention: reload, then go on from seq.",
            payload: schema("ContinuityLostEnvelope"),
            example: json!({ "type": "continuity.lost", "roomId": "jam-1", "after": 3, "seq": 9000 }),
        },
        Message {
            name: "arrangementChanged",
            summary: "An accepted batch of arrangement edits (POST /api/arrangement), once per version.",
            payload: schema("ArrangementChanged"),
            example: arrangement_example(),
        },
        Message {
            name: "commentAdded",
            summary: "A new comment or reply (POST /api/comments `add`, `reply`), once.",
            payload: schema("CommentChanged"),
            example: comment_example(CommentEvent::Added),
        },
        Message {
            name: "commentResolved",
            summary: "A comment thread was resolved (POST /api/comments `resolve`), once.",
            payload: schema("CommentChanged"),
            example: comment_example(CommentEvent::Resolved),
        },
        Message {
            name: "commentReopened",
            summary: "A resolved comment thread was reopened (POST /api/comments `reopen`), once.",
            payload: schema("CommentChanged"),
            example: comment_example(CommentEvent::Reopened),
        },
        Message {
            name: "gatewayError",
            summary: "API Gateway's own answer when no function handled a frame.",
            payload: schema("GatewayFrame"),
            example: json!({ "message": "Internal server error", "connectionId": "L0SM9cOFvHcCIhw=", "requestId": "Yb1dRFOXoAMEXAQ=" }),
        },
    ]
}

/// The names of the messages a client sends, then of those it receives.
pub fn names() -> (Vec<&'static str>, Vec<&'static str>) {
    let names = |list: Vec<Message>| list.into_iter().map(|m| m.name).collect();
    (names(sent()), names(received()))
}

/// `components.messages`.
pub fn components() -> Map<String, Value> {
    sent()
        .into_iter()
        .chain(received())
        .map(|m| {
            let message = json!({
                "name": m.name,
                "summary": m.summary,
                "contentType": "application/json",
                "payload": m.payload,
                "examples": [{ "name": m.name, "payload": m.example }],
            });
            (m.name.to_owned(), message)
        })
        .collect()
}

/// `operations`, from a client's side: one per message, `roster` with its reply.
pub fn operations() -> Map<String, Value> {
    let (sent, received) = names();
    let operation = |action: &str, name: &str| {
        let mut op = json!({
            "action": action,
            "channel": { "$ref": "#/channels/room" },
            "summary": format!("The client {action}s `{name}`."),
            "messages": [{ "$ref": format!("#/channels/room/messages/{name}") }],
        });
        let reply: &[&str] = match name {
            "roster" => &["presenceRoster"],
            "resume" => &["roomReplay", "continuityLost"],
            _ => &[],
        };
        if !reply.is_empty() {
            let messages: Vec<Value> = reply
                .iter()
                .map(|m| json!({ "$ref": format!("#/channels/room/messages/{m}") }))
                .collect();
            op["reply"] = json!({ "channel": { "$ref": "#/channels/room" }, "messages": messages });
        }
        (format!("{action}{}", capitalized(name)), op)
    };
    sent.iter()
        .map(|name| operation("send", name))
        .chain(received.iter().map(|name| operation("receive", name)))
        .collect()
}

fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// An `arrangement.changed` built by the code that builds the real one.
fn arrangement_example() -> Value {
    use crate::arrangement::{Author, Edited, Operation, Tempo, changed_envelope};
    let edited = Edited {
        version: 7,
        rebased: false,
        operations: vec![Operation::SetTempo {
            bpm: Tempo::try_from(96.0).expect("a valid tempo"),
        }],
        by: Author {
            member_id: Some(MemberId::parse("ada").expect("a valid member")),
            display_name: Some(DisplayName::parse("Ada").expect("a valid name")),
        },
    };
    changed_envelope("0b6f4c1e-3a2d-4f5e-9c8b-7a6d5e4f3c2b", &edited)
}

/// A `comment.*` envelope built by the code that builds the real one.
fn comment_example(event: CommentEvent) -> Value {
    use crate::api::comments::answer::CommentAnswer;
    use crate::arrangement::{Arrangement, Author, Samples};
    use crate::comments::{Comment, CommentId, CommentText, Pin, comment_envelope};
    use crate::domain::SessionId;
    let session = SessionId::parse("0b6f4c1e-3a2d-4f5e-9c8b-7a6d5e4f3c2b").expect("a valid id");
    let ada = Author {
        member_id: Some(MemberId::parse("ada").expect("a valid member")),
        display_name: Some(DisplayName::parse("Ada").expect("a valid name")),
    };
    let made = chrono::DateTime::from_timestamp(1_795_515_330, 0).expect("a valid time");
    let resolved = event == CommentEvent::Resolved;
    let comment = Comment {
        id: CommentId::from(uuid::Uuid::from_u128(0x6c1e_3a2d_4f5e_9c8b_7a6d_5e4f_3c2b_0001)),
        session,
        seq: 3,
        reply_to: None,
        author: ada.clone(),
        text: CommentText::parse("the snare drags here").expect("a valid text"),
        pin: Pin {
            at: Samples::new(384_000),
            track: None,
            clip: None,
        },
        version: 4,
        resolved_at: resolved.then_some(made),
        resolved_by: resolved.then_some(ada),
        created_at: made,
    };
    let answer = CommentAnswer::new(&comment, &Arrangement::empty(session));
    comment_envelope(event, &session.to_string(), &answer)
}
