//! `Idempotency-Key` on the create routes (`POST /api/upload`, `/api/export`,
//! `/api/sessions`): the first request with a key is answered and its success kept for
//! a day; a repeat with the same body gets that answer again (with
//! `Idempotent-Replayed: true`) and does nothing. The same key with another body is a
//! client bug: 422. A failed first request keeps nothing, so a retry does the work.

use http::{StatusCode, header};
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt};

use crate::error::ApiError;
use crate::http::Response;
use crate::idempotency::{Claim, IdempotencyKey, IdempotencyStore, StoredAnswer, fingerprint};

/// The request header.
pub const HEADER: &str = "idempotency-key";
/// The header a replayed answer carries.
pub const REPLAYED: &str = "idempotent-replayed";

/// Answers `req` with `handler` (the route's handler of `req`, not yet run) once per
/// `Idempotency-Key` on `route`; without the header, simply answers it.
pub async fn once(
    keys: &dyn IdempotencyStore,
    route: &'static str,
    req: &Request,
    handler: impl Future<Output = Result<Response, ApiError>>,
) -> Result<Response, ApiError> {
    let Some(raw) = req.headers().get(HEADER) else {
        return handler.await;
    };
    let key = IdempotencyKey::parse(raw.to_str().unwrap_or_default())?;
    // In invite mode the member is part of the request: another member repeating a key
    // is refused, never handed the first member's answer.
    let print = match member(req) {
        Some(member) => format!(
            "{}:{member}",
            fingerprint(req.body().as_ref(), boundary(req).as_deref())
        ),
        None => fingerprint(req.body().as_ref(), boundary(req).as_deref()),
    };
    if let Some(replayed) = claim(keys, route, &key, &print).await? {
        return Ok(replayed);
    }
    let result = handler.await;
    let kept = match &result {
        Ok(resp) if resp.status().is_success() => {
            let answer = StoredAnswer {
                status: resp.status().as_u16(),
                body: String::from_utf8_lossy(resp.body().as_ref()).into_owned(),
            };
            keys.complete(route, &key, &answer).await
        }
        _ => keys.release(route, &key).await,
    };
    if let Err(e) = kept {
        // The claim lapses by itself after a minute; the answer itself stands.
        tracing::warn!(route, error = %e, "idempotency key not updated");
    }
    result
}

/// Claims `key` for this request: `None` when it is ours to answer, the first answer
/// when this is a repeat, an error when the key is busy or was used for another body.
async fn claim(
    keys: &dyn IdempotencyStore,
    route: &str,
    key: &IdempotencyKey,
    print: &str,
) -> Result<Option<Response>, ApiError> {
    match keys.claim(route, key, print).await? {
        Claim::Claimed => Ok(None),
        Claim::Answered { fingerprint, answer } if fingerprint == print => Ok(Some(replay(answer))),
        Claim::InFlight { fingerprint } if fingerprint == print => Err(ApiError::Conflict {
            code: "idempotency_key_in_use",
            message: "a request with this Idempotency-Key is still being answered; retry shortly".into(),
        }),
        _ => Err(ApiError::Unprocessable {
            code: "idempotency_key_reused",
            message: "this Idempotency-Key was used for a different request in the last day; \
                      send a new key for a new request"
                .into(),
        }),
    }
}

/// The member an authorizer verified for `req`, if any.
fn member(req: &Request) -> Option<String> {
    match req.request_context_ref()? {
        RequestContext::ApiGatewayV2(ctx) => {
            let fields = &ctx.authorizer.as_ref()?.fields;
            fields.get("memberId")?.as_str().map(str::to_owned)
        }
        _ => None,
    }
}

/// A multipart body's boundary, which a client picks afresh on every send.
fn boundary(req: &Request) -> Option<String> {
    let content_type = req.headers().get(header::CONTENT_TYPE)?.to_str().ok()?;
    multer::parse_boundary(content_type).ok()
}

fn replay(answer: StoredAnswer) -> Response {
    lambda_http::Response::builder()
        .status(StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK))
        .header(header::CONTENT_TYPE, "application/json")
        .header(REPLAYED, "true")
        .body(Body::Text(answer.body))
        .expect("a status and two headers always build")
}
