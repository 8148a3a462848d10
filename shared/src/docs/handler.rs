//! The `api-docs` function: `GET /api/openapi.json`, `GET /api/asyncapi.json` and
//! `GET /docs`, from the documents committed under `docs/` and compiled in.

use std::sync::OnceLock;

use http::{StatusCode, header};
use lambda_http::{Body, Request};

use crate::error::ApiError;
use crate::http::Response;

/// `docs/openapi.json` as committed.
pub const OPENAPI_JSON: &str = include_str!("../../../docs/openapi.json");
/// `docs/asyncapi.json` as committed.
pub const ASYNCAPI_JSON: &str = include_str!("../../../docs/asyncapi.json");

/// Answers one of the three routes; any other path is the JSON 404 of `/api`.
pub fn serve(req: &Request) -> Response {
    let path = req.uri().path();
    match path.trim_end_matches('/') {
        "/api/openapi.json" => answer("application/json", OPENAPI_JSON.to_owned()),
        "/api/asyncapi.json" => answer("application/json", ASYNCAPI_JSON.to_owned()),
        "/docs" => answer("text/html; charset=utf-8", rendered().to_owned()),
        _ => ApiError::not_found("route", path).into_response(),
    }
}

/// Renders the page now, during init, so no request waits for it.
pub fn prepare() {
    rendered();
}

/// The page, rendered once per container: the documents never change while it lives.
fn rendered() -> &'static str {
    static PAGE: OnceLock<String> = OnceLock::new();
    PAGE.get_or_init(|| {
        let parse = |text: &str| serde_json::from_str(text).unwrap_or_default();
        super::page(&parse(OPENAPI_JSON), &parse(ASYNCAPI_JSON))
    })
}

fn answer(content_type: &'static str, body: String) -> Response {
    lambda_http::Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CACHE_CONTROL, "public, max-age=300")
        .body(Body::Text(body))
        .expect("a status and two headers always build")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(path: &str) -> Response {
        serve(
            &lambda_http::http::Request::builder()
                .uri(path)
                .body(Body::Empty)
                .unwrap(),
        )
    }

    fn text(response: &Response) -> &str {
        match response.body() {
            Body::Text(text) => text,
            other => panic!("a text body, got {other:?}"),
        }
    }

    #[test]
    fn each_document_is_served_as_committed_with_its_content_type() {
        for (path, document) in [
            ("/api/openapi.json", OPENAPI_JSON),
            ("/api/asyncapi.json", ASYNCAPI_JSON),
        ] {
            let response = get(path);
            assert_eq!(response.status(), 200);
            assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
            assert_eq!(text(&response), document);
        }
    }

    #[test]
    fn the_docs_page_is_html_and_an_unknown_path_is_a_json_404() {
        let page = get("/docs");
        assert_eq!(page.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
        assert!(text(&page).starts_with("<!doctype html>"));
        let missing = get("/api/nothing.json");
        assert_eq!(missing.status(), 404);
        assert!(text(&missing).contains("not_found"));
    }
}
