//! From a function name chosen at run time to its handler: the local gateway's way in,
//! since it serves every function from one process.

use lambda_http::Request;

use super::{Function, FunctionName, Resources, handlers};
use crate::error::ApiError;
use crate::http::Response;
use crate::realtime::{WsRequest, WsResponse, handle_ws};

impl Function for FunctionName {
    #[inline]
    fn name(self) -> FunctionName {
        self
    }

    async fn http(self, r: &Resources, req: Request) -> Response {
        use FunctionName::*;
        match self {
            SessionsGet => handlers::sessions_get(r, req).await,
            SessionsCreate => handlers::sessions_create(r, req).await,
            Healthz => handlers::healthz(r, req).await,
            V1SessionsList => handlers::v1_sessions_list(r, req).await,
            V1SessionsCreate => handlers::v1_sessions_create(r, req).await,
            Pages => handlers::pages(r, req).await,
            PresenceGet => handlers::presence_get(r, req).await,
            PresencePut => handlers::presence_put(r, req).await,
            PresenceDelete => handlers::presence_delete(r, req).await,
            UploadCreate => handlers::upload_create(r, req).await,
            UploadGet => handlers::upload_get(r, req).await,
            ExportCreate => handlers::export_create(r, req).await,
            ExportGet => handlers::export_get(r, req).await,
            WsConnect | WsDisconnect | WsMessage => handlers::not_http(self),
        }
    }
}

/// Runs the WebSocket function `function` on `req`; every failure becomes a response.
pub async fn handle_ws_event(function: impl Function, resources: &Resources, req: &WsRequest) -> WsResponse {
    let name = function.name();
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
