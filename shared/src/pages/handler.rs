//! The `pages` function: routes a path to its page.

use http::{StatusCode, header};
use lambda_http::{Body, Request};

use super::PageUrls;
use super::views::{About, Landing, Message, Room, Sessions};
use crate::domain::{PageRequest, SessionId};
use crate::error::ApiError;
use crate::http::Response;
use crate::sessions::SessionStore;

/// Renders the page for the request's path. Unknown paths get a 404 page, except under
/// `/api/` and `/v1/`, where clients expect the JSON error envelope.
pub async fn page(store: &dyn SessionStore, config: &PageUrls, req: &Request) -> Response {
    let path = req.uri().path();
    let trimmed = path.trim_end_matches('/');
    match trimmed {
        "" => html(StatusCode::OK, Landing::new(config)),
        "/about" => html(StatusCode::OK, About::new(config)),
        "/sessions" => sessions(store, config).await,
        _ if trimmed.starts_with("/sessions/") => room(store, config, &trimmed["/sessions/".len()..]).await,
        _ if is_api(trimmed) => ApiError::not_found("route", path).into_response(),
        _ => not_found(config, "This page does not exist."),
    }
}

/// `/api`, `/v1` and every path under them belong to the JSON APIs.
fn is_api(trimmed: &str) -> bool {
    ["/api", "/v1"]
        .iter()
        .any(|root| trimmed == *root || trimmed.starts_with(&format!("{root}/")))
}

async fn sessions(store: &dyn SessionStore, config: &PageUrls) -> Response {
    // Invite-only rooms are not listed to whoever asks: a page has no member token, so
    // it shows the create form only, and members reach their room by its link.
    if config.invites() {
        return html(StatusCode::OK, Sessions::new(config, &[], None));
    }
    match store.list(PageRequest::default()).await {
        Ok(page) => html(
            StatusCode::OK,
            Sessions::new(config, &page.items, page.next.map(|c| c.encode())),
        ),
        Err(e) => unavailable(config, e.into()),
    }
}

async fn room(store: &dyn SessionStore, config: &PageUrls, raw_id: &str) -> Response {
    const MISSING: &str = "No session has this address. It may have been mistyped.";
    let Ok(id) = SessionId::parse(raw_id) else {
        return not_found(config, MISSING);
    };
    match store.get(id).await {
        Ok(Some(session)) => html(StatusCode::OK, Room::new(config, &session)),
        Ok(None) => not_found(config, MISSING),
        Err(e) => unavailable(config, e.into()),
    }
}

/// The friendly 404 page.
pub fn not_found(config: &PageUrls, detail: &str) -> Response {
    html(StatusCode::NOT_FOUND, Message::new(config, "Not found", detail))
}

fn unavailable(config: &PageUrls, error: ApiError) -> Response {
    let status = error.status();
    let detail = match status {
        StatusCode::SERVICE_UNAVAILABLE => {
            "The studio cannot reach its database right now. Try again in a moment."
        }
        _ => "Something went wrong on our side.",
    };
    error.log();
    html(
        status,
        Message::new(config, "The studio is not answering", detail),
    )
}

/// An HTML response from a template.
pub fn html(status: StatusCode, page: impl askama::Template) -> Response {
    let body = page.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "page failed to render");
        "<!doctype html><title>Error</title><p>The page failed to render.</p>".to_owned()
    });
    lambda_http::Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(Body::Text(body))
        .expect("a status and two headers always build")
}
