//! The WebSocket side of dispatch: from a function to the `$connect`, `$disconnect` or
//! `$default` handler it runs. (HTTP dispatch is `Function::http`, in `fixed`.)

use super::{Function, Resources};
use crate::error::ApiError;
use crate::realtime::{WsRequest, WsResponse, handle_ws};

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
