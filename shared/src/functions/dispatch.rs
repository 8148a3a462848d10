//! From a function name and a request to the handler that answers it.

use lambda_http::Request;

use super::{FunctionName, Resources};
use crate::api;
use crate::error::ApiError;
use crate::http::Response;
use crate::realtime::{WsRequest, WsResponse, handle_ws};

/// Runs the HTTP function `name` on `req`. Every failure becomes a response here: an
/// error returned to Lambda would be a failed invocation, not a 4xx.
pub async fn handle_http(name: FunctionName, resources: &Resources, req: Request) -> Response {
    use FunctionName::*;
    let result = match name {
        SessionsGet => on_api(async { api::sessions::get(resources.sessions()?, &req).await }).await,
        SessionsCreate => on_api(async { api::sessions::create(resources.sessions()?, &req).await }).await,
        Healthz => Ok(api::health::healthz()),
        V1SessionsList => on_v1(async { api::v1::list(resources.sessions()?, &req).await }).await,
        V1SessionsCreate => on_v1(async { api::v1::create(resources.sessions()?, &req).await }).await,
        Pages => match resources.sessions() {
            Ok(store) => Ok(crate::pages::page(store, resources.page_config(), &req).await),
            Err(e) => Err(e.into_response()),
        },
        PresenceGet => on_api(async { api::presence::get(resources.realtime()?, &req).await }).await,
        PresencePut => on_api(async { api::presence::put(resources.realtime()?, &req).await }).await,
        PresenceDelete => on_api(async { api::presence::delete(resources.realtime()?, &req).await }).await,
        WsConnect | WsDisconnect | WsMessage => {
            Err(ApiError::Internal(format!("{name} is a WebSocket function")).into_response())
        }
        UploadCreate => {
            on_api(async {
                api::media::upload::create(resources.sessions()?, resources.media()?, &req).await
            })
            .await
        }
        UploadGet => {
            on_api(async { api::media::upload::get(resources.sessions()?, resources.media()?, &req).await })
                .await
        }
        ExportCreate => {
            on_api(async {
                api::media::export::create(resources.sessions()?, resources.media()?, &req).await
            })
            .await
        }
        ExportGet => on_api(async { api::media::export::get(resources.media()?, &req).await }).await,
    };
    result.unwrap_or_else(|response| response)
}

async fn on_api(
    fut: impl Future<Output = Result<Response, crate::error::ApiError>>,
) -> Result<Response, Response> {
    fut.await.map_err(|e| e.into_response())
}

async fn on_v1(
    fut: impl Future<Output = Result<Response, api::v1::ParityError>>,
) -> Result<Response, Response> {
    fut.await.map_err(|e| e.into_response())
}

/// Runs the WebSocket function `name` on `req`; every failure becomes a response.
pub async fn handle_ws_event(name: FunctionName, resources: &Resources, req: &WsRequest) -> WsResponse {
    match name.ws_route() {
        Some(route) => handle_ws(route, resources.realtime(), req).await,
        None => {
            handle_ws(
                crate::realtime::WsRoute::Default,
                Err(ApiError::Internal(format!("{name} is an HTTP function"))),
                req,
            )
            .await
        }
    }
}
