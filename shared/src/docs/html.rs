//! The small pieces of HTML both sections of the `/docs` page share: escaping, prose
//! with code spans, field tables and JSON examples.

use std::fmt::Write;

use serde_json::Value;

use super::schema_text::Field;

/// `text` with `&`, `<`, `>` and `"` escaped.
pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Text with its `code spans` in `<code>`, the one Markdown the documents' prose uses,
/// and `**bold**`.
pub fn prose(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in esc(text).split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            for (j, plain) in part.split("**").enumerate() {
                if j % 2 == 1 {
                    let _ = write!(out, "<strong>{plain}</strong>");
                } else {
                    out.push_str(plain);
                }
            }
        }
    }
    out.replace("\n\n", "</p><p>")
}

/// A table of fields; empty when there are none.
pub fn fields_table(fields: &[Field]) -> String {
    if fields.is_empty() {
        return String::new();
    }
    let mut out =
        String::from("<table><tr><th>Field</th><th>Type</th><th>Required</th><th>Description</th></tr>");
    for f in fields {
        let required = if f.required { "yes" } else { "" };
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td>{required}</td><td>{}</td></tr>",
            esc(&f.name),
            esc(&f.kind),
            prose(&f.description)
        );
    }
    out.push_str("</table>");
    out
}

/// A JSON example, pretty, in a `<pre>`.
pub fn example(value: &Value) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    format!("<pre>{}</pre>", esc(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_code_spans_are_marked_up() {
        assert_eq!(esc("<a href=\"x\">&"), "&lt;a href=&quot;x&quot;&gt;&amp;");
        assert_eq!(
            prose("a `<b>` **c**"),
            "a <code>&lt;b&gt;</code> <strong>c</strong>"
        );
    }
}
