//! `Idempotency-Key` on the create routes (`POST /api/upload`, `/api/export`,
//! `/api/sessions`): the first request with a key is answered and its success kept for
//! a day; a repeat with the same body gets that answer again (with
//! `Idempotent-Replayed: true`) and does nothing. The same key with another body is a
//! client bug: 422. A failed first request keeps nothing, so a retry does the work.
//! A key is scoped by the member the authorizer verified (another member's identical
//! key is another key), kept only as a hash, and its answer sealed under it
//! ([`crate::idempotency_seal`]); a route without a caller and with secrets in its
//! answer takes only keys too long to guess ([`once_unscoped`]).

use http::{StatusCode, header};
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt};

use crate::access::AccessMode;
use crate::error::ApiError;
use crate::http::Response;
use crate::idempotency::{Claim, IdempotencyKey, IdempotencyStore, StoredAnswer, fingerprint};
use crate::idempotency_seal::{MIN_UNSCOPED_KEY_CHARS, ScopedKey, answer_expiry};

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
    // In invite mode the member is part of the request and of the seal: another member
    // repeating a key is refused, never handed the first member's answer.
    let member = member(req);
    let scoped = ScopedKey {
        route,
        member: member.as_deref(),
        key: &key,
    };
    let stored = scoped.storage_key();
    let print = fingerprint(req.body().as_ref(), boundary(req).as_deref());
    let print = match &member {
        Some(member) => format!("{print}:{member}"),
        None => print,
    };
    if let Some(replayed) = claim(keys, &scoped, &stored, &print).await? {
        return Ok(replayed);
    }
    let result = handler.await;
    let kept = match &result {
        Ok(resp) if resp.status().is_success() => {
            let body = String::from_utf8_lossy(resp.body().as_ref()).into_owned();
            let expires_at = answer_expiry(&body, chrono::Utc::now());
            let answer = StoredAnswer {
                status: resp.status().as_u16(),
                body: scoped.seal(&body),
            };
            keys.complete(route, &stored, &answer, expires_at).await
        }
        _ => keys.release(route, &stored).await,
    };
    if let Err(e) = kept {
        // The claim lapses by itself after a minute; the answer itself stands.
        tracing::warn!(route, error = %e, "idempotency key not updated");
    }
    result
}

/// [`once`] on a route no authorizer stands in front of (`POST /api/sessions`): in
/// invite mode its answer holds the host's token and an invite, and only the key proves
/// a retry is the first caller's, so a key shorter than [`MIN_UNSCOPED_KEY_CHARS`] is
/// refused (400 `weak_idempotency_key`) before anything is done.
pub async fn once_unscoped(
    keys: &dyn IdempotencyStore,
    route: &'static str,
    mode: AccessMode,
    req: &Request,
    handler: impl Future<Output = Result<Response, ApiError>>,
) -> Result<Response, ApiError> {
    let short = req
        .headers()
        .get(HEADER)
        .is_some_and(|raw| raw.as_bytes().len() < MIN_UNSCOPED_KEY_CHARS);
    if mode == AccessMode::Invite && short {
        return Err(ApiError::bad_request(
            "weak_idempotency_key",
            format!(
                "in invite mode the Idempotency-Key of this route must be at least \
                 {MIN_UNSCOPED_KEY_CHARS} characters (a random UUID): its answer holds the host's token"
            ),
        ));
    }
    once(keys, route, req, handler).await
}

/// Claims `key` for this request: `None` when it is ours to answer, the first answer
/// when this is a repeat, an error when the key is busy or was used for another body.
async fn claim(
    keys: &dyn IdempotencyStore,
    scoped: &ScopedKey<'_>,
    stored: &str,
    print: &str,
) -> Result<Option<Response>, ApiError> {
    match keys.claim(scoped.route, stored, print).await? {
        Claim::Claimed => Ok(None),
        Claim::Answered { fingerprint, answer } if fingerprint == print => {
            let body = scoped.open(&answer.body).ok_or_else(reused)?;
            Ok(Some(replay(StoredAnswer { body, ..answer })))
        }
        Claim::InFlight { fingerprint } if fingerprint == print => Err(ApiError::Conflict {
            code: "idempotency_key_in_use",
            message: "a request with this Idempotency-Key is still being answered; retry shortly".into(),
        }),
        _ => Err(reused()),
    }
}

fn reused() -> ApiError {
    ApiError::Unprocessable {
        code: "idempotency_key_reused",
        message: "this Idempotency-Key was used for a different request in the last day; \
                  send a new key for a new request"
            .into(),
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
