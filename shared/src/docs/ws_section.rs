//! The realtime rooms of the AsyncAPI document: the servers, the handshake (query,
//! refusals), how sockets close, the limits, then every message a client sends and
//! receives with its fields and an example.

use std::fmt::Write;

use serde_json::Value;

use super::html::{esc, example, fields_table, prose};
use super::schema_text::{description, fields, type_text};

/// The section, from the AsyncAPI document.
pub fn render(doc: &Value) -> String {
    let channel = &doc["channels"]["room"];
    let mut out = String::from("<section id=\"realtime\"><h2>Realtime rooms (WebSocket)</h2>");
    let _ = write!(
        out,
        "<p>{}</p>",
        prose(doc["info"]["description"].as_str().unwrap_or_default())
    );
    out.push_str("<h3>Servers</h3><ul>");
    for (name, server) in doc["servers"].as_object().into_iter().flatten() {
        let _ = write!(
            out,
            "<li><strong>{}</strong>: <code>{}://{}{}</code> — {}</li>",
            esc(name),
            esc(server["protocol"].as_str().unwrap_or_default()),
            esc(server["host"].as_str().unwrap_or_default()),
            esc(server["pathname"].as_str().unwrap_or_default()),
            prose(server["description"].as_str().unwrap_or_default())
        );
    }
    out.push_str("</ul><h3>Handshake</h3>");
    let _ = write!(
        out,
        "<p>{}</p>",
        prose(channel["description"].as_str().unwrap_or_default())
    );
    let query = &channel["bindings"]["ws"]["query"];
    let _ = write!(
        out,
        "<p>Query parameters: {}</p>{}",
        prose(&description(doc, query)),
        fields_table(&fields(doc, query))
    );
    out.push_str(&refusals(&channel["x-handshake-refusals"]));
    out.push_str(&closes_and_limits(channel));
    for (title, action) in [("The client sends", "send"), ("The client receives", "receive")] {
        let _ = write!(out, "<h3>{title}</h3>");
        for name in message_names(doc, action) {
            out.push_str(&message(doc, &name));
        }
    }
    out.push_str("<h3>Schemas</h3>");
    for (name, schema) in doc["components"]["schemas"].as_object().into_iter().flatten() {
        let listed = fields(doc, schema);
        let body = if listed.is_empty() {
            format!("<p>{}</p>", esc(&type_text(doc, schema)))
        } else {
            fields_table(&listed)
        };
        let _ = write!(
            out,
            "<h4 id=\"ws-schema-{0}\">{0}</h4><p>{1}</p>{body}",
            esc(name),
            prose(&description(doc, schema))
        );
    }
    out.push_str("</section>");
    out
}

fn refusals(list: &Value) -> String {
    let mut out = String::from("<p>A refused handshake answers an HTTP status and opens no socket:</p>");
    out.push_str("<table><tr><th>Status</th><th>Codes</th><th>When</th></tr>");
    for refusal in list.as_array().into_iter().flatten() {
        let codes: Vec<String> = refusal["codes"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| format!("<code>{}</code>", esc(c.as_str().unwrap_or_default())))
            .collect();
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            refusal["status"],
            codes.join(", "),
            prose(refusal["description"].as_str().unwrap_or_default())
        );
    }
    out.push_str("</table>");
    out
}

fn closes_and_limits(channel: &Value) -> String {
    let mut out = String::from("<h3>Closing</h3><table><tr><th>Code</th><th>Reason</th><th>When</th></tr>");
    for close in channel["x-close-codes"].as_array().into_iter().flatten() {
        let text = |key: &str| esc(close[key].as_str().unwrap_or_default());
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            close["code"],
            text("reason"),
            text("when")
        );
    }
    out.push_str("</table><h3>Limits</h3><table><tr><th>Limit</th><th>Value</th></tr>");
    for (name, value) in channel["x-limits"].as_object().into_iter().flatten() {
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td><td>{value}</td></tr>",
            esc(name)
        );
    }
    out.push_str("</table>");
    out
}

/// The messages of the operations with `action`, in the document's order.
fn message_names(doc: &Value, action: &str) -> Vec<String> {
    doc["operations"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, op)| op["action"] == action)
        .flat_map(|(_, op)| op["messages"].as_array().cloned().unwrap_or_default())
        .filter_map(|m| {
            m["$ref"]
                .as_str()
                .and_then(|r| r.rsplit('/').next())
                .map(str::to_owned)
        })
        .collect()
}

fn message(doc: &Value, name: &str) -> String {
    let message = &doc["components"]["messages"][name];
    let payload = &message["payload"];
    let listed = fields(doc, payload);
    let body = if listed.is_empty() {
        format!("<p>{}</p>", prose(&description(doc, payload)))
    } else {
        fields_table(&listed)
    };
    format!(
        "<h4 id=\"ws-{0}\">{0}</h4><p>{1}</p>{body}{2}",
        esc(name),
        prose(message["summary"].as_str().unwrap_or_default()),
        example(&message["examples"][0]["payload"])
    )
}
