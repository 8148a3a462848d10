//! The realtime contract as a checker: every frame a test's socket sends or receives is
//! validated against the message schemas of the AsyncAPI document (the one
//! `docs/asyncapi.json` holds, which a static test keeps equal to the generated one).

use jsonschema::{Draft, Validator};
use serde_json::{Value, json};
use std::sync::OnceLock;

/// One message of the document: its name, the `type` its example carries, its schema.
struct Message {
    name: String,
    kind: Option<String>,
    validator: Validator,
}

/// The checker of one side's frames.
pub struct Contract {
    sent: Vec<Message>,
    received: Vec<Message>,
    limits: Value,
}

impl Contract {
    /// The checker of the studio's own document, built once per test binary.
    pub fn get() -> &'static Self {
        static CONTRACT: OnceLock<Contract> = OnceLock::new();
        CONTRACT.get_or_init(|| Self::of(&studio::asyncapi::document()))
    }

    /// The checker of `document`'s `room` channel.
    pub fn of(document: &Value) -> Self {
        let side = |action: &str| -> Vec<Message> {
            let operations = document["operations"].as_object().expect("operations");
            operations
                .values()
                .filter(|op| op["action"] == action)
                .flat_map(|op| op["messages"].as_array().expect("messages").clone())
                .map(|reference| message(document, &reference))
                .collect()
        };
        Self {
            sent: side("send"),
            received: side("receive"),
            limits: document["channels"]["room"]["x-limits"].clone(),
        }
    }

    /// Checks a frame the server sent: one of the receive messages, within the sizes.
    pub fn check_received(&self, text: &str) -> Result<(), String> {
        let frame: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        let mut cap = self.limit("gatewayMessageBytes");
        if frame["type"] == "presence.roster" {
            cap = self.limit("rosterPageBytes");
        }
        if text.len() > cap {
            return Err(format!("{} bytes, over {cap}", text.len()));
        }
        one_of(&self.received, &frame)
    }

    /// Checks a frame a client sends: one of the send messages, at most `frameBytes`.
    pub fn check_sent(&self, text: &str) -> Result<(), String> {
        let cap = self.limit("frameBytes");
        if text.len() > cap {
            return Err(format!("{} bytes, over {cap}", text.len()));
        }
        let frame: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        one_of(&self.sent, &frame)
    }

    fn limit(&self, name: &str) -> usize {
        self.limits[name]
            .as_u64()
            .unwrap_or_else(|| panic!("x-limits has no {name}")) as usize
    }
}

/// The message `reference` points at (`#/channels/room/messages/<name>`), its payload
/// schema compiled with the document's components beside it so its `$ref`s resolve.
fn message(document: &Value, reference: &Value) -> Message {
    let pointer = reference["$ref"].as_str().expect("a message reference");
    let name = pointer.rsplit('/').next().expect("a message name").to_owned();
    let message = &document["components"]["messages"][&name];
    let mut schema = json!({ "components": document["components"].clone() });
    schema["allOf"] = json!([message["payload"].clone()]);
    let validator = jsonschema::options()
        .with_draft(Draft::Draft7)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the schema of {name} does not compile: {e}"));
    let kind = message["examples"][0]["payload"]["type"]
        .as_str()
        .map(str::to_owned);
    Message {
        name,
        kind,
        validator,
    }
}

/// Passes when `frame` is one of `messages`; else says why it is none of them, with the
/// errors of the message its `type` names (or of all, when it names none).
fn one_of(messages: &[Message], frame: &Value) -> Result<(), String> {
    if messages.iter().any(|m| m.validator.is_valid(frame)) {
        return Ok(());
    }
    let kind = frame.get("type").and_then(Value::as_str);
    let named: Vec<&Message> = messages.iter().filter(|m| m.kind.as_deref() == kind).collect();
    let candidates = if named.is_empty() {
        messages.iter().collect()
    } else {
        named
    };
    let reasons: Vec<String> = candidates
        .iter()
        .map(|m| {
            let errors: Vec<String> = m
                .validator
                .iter_errors(frame)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            format!("{}: {}", m.name, errors.join("; "))
        })
        .collect();
    Err(format!(
        "matches no message of the contract ({})",
        reasons.join(" | ")
    ))
}
