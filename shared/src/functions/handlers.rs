//! The HTTP handler of each function: the route's API call on the stores it uses, with
//! every failure turned into a response here (an error returned to Lambda would be a
//! failed invocation, not a 4xx).

use lambda_http::Request;

use super::{FunctionName, Resources};
use crate::api;
use crate::error::ApiError;
use crate::http::Response;

async fn on_api(fut: impl Future<Output = Result<Response, ApiError>>) -> Response {
    fut.await.unwrap_or_else(ApiError::into_response)
}

async fn on_v1(fut: impl Future<Output = Result<Response, api::v1::ParityError>>) -> Response {
    fut.await.unwrap_or_else(api::v1::ParityError::into_response)
}

/// `GET /api/sessions`.
pub async fn sessions_get(r: &Resources, req: Request) -> Response {
    on_api(async { api::sessions::get(r.sessions()?, &req).await }).await
}

/// `POST /api/sessions`.
pub async fn sessions_create(r: &Resources, req: Request) -> Response {
    on_api(async { api::sessions::create(r.sessions()?, &req).await }).await
}

/// `GET /healthz`.
pub async fn healthz(_: &Resources, _: Request) -> Response {
    api::health::healthz()
}

/// `GET /v1/sessions`.
pub async fn v1_sessions_list(r: &Resources, req: Request) -> Response {
    on_v1(async { api::v1::list(r.sessions()?, &req).await }).await
}

/// `POST /v1/sessions`.
pub async fn v1_sessions_create(r: &Resources, req: Request) -> Response {
    on_v1(async { api::v1::create(r.sessions()?, &req).await }).await
}

/// The studio's pages.
pub async fn pages(r: &Resources, req: Request) -> Response {
    match r.sessions() {
        Ok(store) => crate::pages::page(store, r.page_config(), &req).await,
        Err(e) => e.into_response(),
    }
}

/// `GET /api/presence`.
pub async fn presence_get(r: &Resources, req: Request) -> Response {
    on_api(async { api::presence::get(r.realtime()?, &req).await }).await
}

/// `POST /api/presence`.
pub async fn presence_put(r: &Resources, req: Request) -> Response {
    on_api(async { api::presence::put(r.realtime()?, &req).await }).await
}

/// `DELETE /api/presence`.
pub async fn presence_delete(r: &Resources, req: Request) -> Response {
    on_api(async { api::presence::delete(r.realtime()?, &req).await }).await
}

/// `POST /api/upload`.
pub async fn upload_create(r: &Resources, req: Request) -> Response {
    on_api(async { api::media::upload::create(r.sessions()?, r.media()?, &req).await }).await
}

/// `GET /api/upload`.
pub async fn upload_get(r: &Resources, req: Request) -> Response {
    on_api(async { api::media::upload::get(r.sessions()?, r.media()?, &req).await }).await
}

/// `POST /api/export`.
pub async fn export_create(r: &Resources, req: Request) -> Response {
    on_api(async { api::media::export::create(r.sessions()?, r.media()?, &req).await }).await
}

/// `GET /api/export`.
pub async fn export_get(r: &Resources, req: Request) -> Response {
    on_api(async { api::media::export::get(r.media()?, &req).await }).await
}

/// A WebSocket function handed an HTTP request: a wiring mistake, answered with a 500.
pub fn not_http(name: FunctionName) -> Response {
    ApiError::Internal(format!("{name} is a WebSocket function")).into_response()
}
