//! A local API Gateway for Omnisonic Studio.
//!
//! It reads the routes from `template.yaml`, turns each request into the event API
//! Gateway would send, invokes the function (in this process, or through a Lambda invoke
//! endpoint such as `cargo lambda watch`, or its own binary behind a local Runtime API)
//! and turns the result back into a response.

pub mod authorize;
pub mod hosted;
pub mod http;
pub mod invoke;
pub mod invoked;
pub mod lambda;
pub mod template;
pub mod ws;

use std::io;
use tokio::net::TcpListener;

pub use invoke::{InProcess, InvokeError, Invoker};
pub use template::{HttpRoute, Template, TemplateError, WsRoute};
pub use ws::{Registry, WsSettings};

/// A gateway that cannot start.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("route {route} invokes {function}: {source}")]
    Route {
        route: String,
        function: String,
        source: InvokeError,
    },
}

/// The routes of a template bound to an invoker.
#[derive(Clone)]
pub struct Gateway {
    template: Template,
    invoker: Invoker,
}

impl Gateway {
    /// Binds `template`'s routes to `invoker`, refusing routes it cannot invoke.
    pub fn new(template: Template, invoker: Invoker) -> Result<Self, GatewayError> {
        for route in &template.ws_routes {
            invoker
                .check(&route.function)
                .map_err(|source| GatewayError::Route {
                    route: route.route_key.clone(),
                    function: route.function.clone(),
                    source,
                })?;
        }
        for route in &template.http_routes {
            invoker
                .check(&route.function)
                .map_err(|source| GatewayError::Route {
                    route: route.route_key(),
                    function: route.function.clone(),
                    source,
                })?;
        }
        Ok(Self { template, invoker })
    }

    /// The template the gateway serves.
    pub fn template(&self) -> &Template {
        &self.template
    }

    /// Serves the WebSocket API and `@connections` on `listener` until the task is dropped.
    pub async fn serve_ws(self, listener: TcpListener, settings: WsSettings) -> io::Result<()> {
        let app = ws::router(
            self.template.ws_routes.clone(),
            self.invoker.clone(),
            Registry::default(),
            settings,
        );
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    }

    /// Serves the HTTP API on `listener` until the task is dropped.
    pub async fn serve_http(self, listener: TcpListener) -> io::Result<()> {
        let app = http::router(self.template.http_routes.clone(), self.invoker.clone());
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    }
}
