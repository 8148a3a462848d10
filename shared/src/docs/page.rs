//! The `/docs` page: a self-contained HTML document (inline style, no script, nothing
//! fetched) around the HTTP and WebSocket sections.

use std::fmt::Write;

use serde_json::Value;

use super::{http_section, ws_section};

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}\
    h1,h2,h3{line-height:1.2}h3{margin-top:2rem}code,pre{font:13px ui-monospace,monospace;background:#f4f4f6;border-radius:4px}\
    code{padding:0 .25em}pre{padding:.75rem;overflow-x:auto}table{border-collapse:collapse;width:100%;margin:.5rem 0}\
    th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f4f4f6}\
    .method{font-weight:700;color:#0a58ca}nav a{margin-right:1rem}";

/// The page for the two documents.
pub fn page(openapi: &Value, asyncapi: &Value) -> String {
    let mut out = String::from("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    let _ = write!(
        out,
        "<title>Omnisonic Studio API</title><style>{STYLE}</style></head><body>"
    );
    out.push_str("<h1>Omnisonic Studio API</h1>");
    out.push_str("<nav><a href=\"#http\">HTTP routes</a><a href=\"#realtime\">Realtime rooms</a>");
    out.push_str("<a href=\"/api/openapi.json\">openapi.json</a><a href=\"/api/asyncapi.json\">asyncapi.json</a></nav>");
    out.push_str(&http_section::render(openapi));
    out.push_str(&ws_section::render(asyncapi));
    out.push_str("</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::html::esc;

    #[test]
    fn the_page_of_the_committed_documents_lists_every_route_and_message() {
        let parse = |text: &str| serde_json::from_str::<Value>(text).unwrap();
        let (openapi, asyncapi) = (
            parse(crate::docs::OPENAPI_JSON),
            parse(crate::docs::ASYNCAPI_JSON),
        );
        let html = page(&openapi, &asyncapi);
        for (path, item) in openapi["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                let heading = format!("{} {}", method.to_uppercase(), esc(path));
                assert!(html.contains(&heading), "{heading}");
            }
        }
        for name in asyncapi["components"]["messages"].as_object().unwrap().keys() {
            assert!(html.contains(&format!("id=\"ws-{name}\"")), "{name}");
        }
        assert!(!html.contains("<script") && !html.contains(" src=") && !html.contains("<link"));
    }
}
