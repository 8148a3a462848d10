//! The HTTP routes of the OpenAPI document: each operation with its parameters, body and
//! answers, then the schemas the bodies and answers name.

use std::fmt::Write;

use serde_json::Value;

use super::html::{esc, example, fields_table, prose};
use super::schema_text::{Field, description, fields, ref_name, type_text};

/// The section, from the OpenAPI document.
pub fn render(doc: &Value) -> String {
    let mut out = String::from("<section id=\"http\"><h2>HTTP routes</h2>");
    let _ = write!(
        out,
        "<p>{}</p>",
        prose(doc["info"]["description"].as_str().unwrap_or_default())
    );
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            out.push_str(&operation(doc, method, path, op));
        }
    }
    out.push_str("<h3 id=\"http-schemas\">Schemas</h3>");
    for (name, schema) in doc["components"]["schemas"].as_object().into_iter().flatten() {
        let _ = write!(
            out,
            "<h4 id=\"schema-{0}\">{0}</h4><p>{1}</p>{2}",
            esc(name),
            prose(&description(doc, schema)),
            fields_or_type(doc, schema)
        );
    }
    out.push_str("</section>");
    out
}

fn operation(doc: &Value, method: &str, path: &str, op: &Value) -> String {
    let mut out = format!(
        "<h3><span class=\"method\">{} {}</span></h3><p>{}</p>",
        method.to_uppercase(),
        esc(path),
        prose(op["summary"].as_str().unwrap_or_default())
    );
    if let Some(text) = op["description"].as_str() {
        let _ = write!(out, "<p>{}</p>", prose(text));
    }
    let parameters: Vec<Field> = op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| Field {
            name: format!(
                "{} ({})",
                p["name"].as_str().unwrap_or_default(),
                p["in"].as_str().unwrap_or_default()
            ),
            kind: type_text(doc, &p["schema"]),
            required: p["required"].as_bool().unwrap_or(false),
            description: p["description"].as_str().unwrap_or_default().to_owned(),
        })
        .collect();
    if !parameters.is_empty() {
        let _ = write!(out, "<p>Parameters</p>{}", fields_table(&parameters));
    }
    for (content_type, body) in op["requestBody"]["content"].as_object().into_iter().flatten() {
        let _ = write!(
            out,
            "<p>Body <code>{}</code>: {}</p>{}",
            esc(content_type),
            schema_link(doc, &body["schema"]),
            body.get("example").map(example).unwrap_or_default()
        );
    }
    out.push_str("<table><tr><th>Status</th><th>Answer</th><th>Body</th></tr>");
    for (status, answer) in op["responses"].as_object().into_iter().flatten() {
        let bodies: Vec<String> = answer["content"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(kind, c)| format!("<code>{}</code> {}", esc(kind), schema_link(doc, &c["schema"])))
            .collect();
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(status),
            prose(answer["description"].as_str().unwrap_or_default()),
            bodies.join("<br>")
        );
    }
    out.push_str("</table>");
    out
}

/// A link to a named schema, or the schema's type in words.
fn schema_link(doc: &Value, schema: &Value) -> String {
    match ref_name(schema) {
        Some(name) => format!("<a href=\"#schema-{0}\">{0}</a>", esc(name)),
        None => esc(&type_text(doc, schema)),
    }
}

fn fields_or_type(doc: &Value, schema: &Value) -> String {
    let listed = fields(doc, schema);
    if listed.is_empty() {
        format!("<p>{}</p>", esc(&type_text(doc, schema)))
    } else {
        fields_table(&listed)
    }
}
