//! The HTTP API: every request is matched to a route, sent to its function as an event,
//! and the function's result becomes the response.

use axum::{
    Router,
    body::{Body, to_bytes},
    extract::{ConnectInfo, State},
    http::Request,
    response::Response,
};
use http::{HeaderValue, StatusCode, header};
use serde_json::json;
use std::{net::SocketAddr, sync::Arc};

use super::event::{Incoming, http_event};
use super::result::{gateway_error, http_response, studio_error};
use crate::authorize::{AuthorizerCache, authorize_http};
use crate::invoke::{InvokeError, Invoker};
use crate::template::{HttpRoute, RouteMatch, find};

/// Largest request the gateway passes on: Lambda's synchronous invocation payload limit.
/// API Gateway answers larger ones with 413 before any function runs.
pub const MAX_REQUEST_BYTES: usize = 6 * 1024 * 1024;

struct HttpApi {
    routes: Vec<HttpRoute>,
    invoker: Invoker,
    authorizers: AuthorizerCache,
}

/// The axum application serving `routes` through `invoker`.
pub fn router(routes: Vec<HttpRoute>, invoker: Invoker) -> Router {
    Router::new().fallback(handle).with_state(Arc::new(HttpApi {
        routes,
        invoker,
        authorizers: AuthorizerCache::default(),
    }))
}

async fn handle(
    State(api): State<Arc<HttpApi>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request<Body>,
) -> Response {
    let (parts, body) = req.into_parts();
    // The whole body is read before any answer, early ones (404, 405) included: an
    // answer that leaves a body unread leaves the connection mid-request, and the next
    // request on it could be lost. A body too large to read is refused and the
    // connection closed, since where the next request starts is unknown.
    let Ok(body) = to_bytes(body, MAX_REQUEST_BYTES).await else {
        let mut refused = gateway_error(StatusCode::PAYLOAD_TOO_LARGE);
        refused
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return refused;
    };
    let (route, params) = match find(&api.routes, parts.method.as_str(), parts.uri.path()) {
        RouteMatch::Found(route, params) => (route, params),
        RouteMatch::NotFound => {
            let message = format!("no route for {} {}", parts.method, parts.uri.path());
            return studio_error(StatusCode::NOT_FOUND, "not_found", &message);
        }
        RouteMatch::MethodNotAllowed(allowed) => return method_not_allowed(&parts.method, &allowed),
    };
    let incoming = Incoming {
        method: &parts.method,
        uri: &parts.uri,
        headers: &parts.headers,
        body: &body,
        peer,
    };
    let mut event = http_event(&incoming, route, &params);
    if let Some(authorizer) = &route.authorizer {
        match authorize_http(&api.invoker, &api.authorizers, authorizer, &parts.headers, &event).await {
            Ok(context) => event["requestContext"]["authorizer"] = json!({ "lambda": context }),
            Err(status) => return gateway_error(status),
        }
    }
    match api.invoker.invoke_http(&route.function, event).await {
        Ok(result) => http_response(&result),
        Err(e) => invocation_failed(&route.function, e),
    }
}

fn method_not_allowed(method: &http::Method, allowed: &[String]) -> Response {
    let message = format!("{method} is not allowed here; use {}", allowed.join(", "));
    let mut response = studio_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", &message);
    if let Ok(value) = HeaderValue::try_from(allowed.join(", ")) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

/// A failed invocation is API Gateway's 500; an unreachable invoke endpoint its 503.
fn invocation_failed(function: &str, e: InvokeError) -> Response {
    tracing::error!(%function, error = %e, "invocation failed");
    match e {
        InvokeError::Unreachable(_) => gateway_error(StatusCode::SERVICE_UNAVAILABLE),
        _ => gateway_error(StatusCode::INTERNAL_SERVER_ERROR),
    }
}
