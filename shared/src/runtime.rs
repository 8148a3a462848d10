//! Running a function: the Lambda loop on AWS (and under `cargo lambda watch`), one span
//! per invocation, the handler's result made a response once, and spans flushed before
//! the invocation returns (Lambda freezes the process right after).

use lambda_http::{Request, RequestExt, request::RequestContext, service_fn};
use opentelemetry::KeyValue;
use opentelemetry::trace::{FutureExt, SpanKind};
use serde_json::Value;
use std::convert::Infallible;

use crate::error::{IntoResponse, IntoWsResponse};
use crate::http::Response;
use crate::http::ws::{WsRequest, WsResponse};
use crate::telemetry::{
    Service, Sink, Telemetry, end_invocation, init_logging, parent_from_headers, start_invocation,
};

tokio::task_local! {
    static CURRENT_FUNCTION: &'static str;
}

/// The function whose invocation the calling task serves, if any: what a log line or a
/// recorder of AWS calls can attribute its work to.
pub fn current_function() -> Option<&'static str> {
    CURRENT_FUNCTION.try_with(|name| *name).ok()
}

/// A function of the suite: its name (as in `template.yaml`), the service its spans are
/// reported under, and its tracer providers.
#[derive(Clone)]
pub struct Function {
    name: &'static str,
    service: Service,
    telemetry: Telemetry,
}

impl Function {
    /// Starts logging and tracing for the function `name`, exporting spans to `sink`.
    pub fn start(name: &'static str, service: Service, sink: Sink) -> Self {
        init_logging();
        Self::with_telemetry(name, service, Telemetry::new(sink, &[service]))
    }

    /// The function over tracer providers it shares (the local gateway hosts every
    /// function in one process).
    pub fn with_telemetry(name: &'static str, service: Service, telemetry: Telemetry) -> Self {
        Self {
            name,
            service,
            telemetry,
        }
    }

    /// The function's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Serves HTTP invocations with `handler` until the container is retired.
    pub async fn serve_http<F, Fut, R>(&self, handler: F) -> Result<(), lambda_http::Error>
    where
        F: Fn(Request) -> Fut + Sync,
        Fut: Future<Output = R> + Send,
        R: IntoResponse,
    {
        let handler = &handler;
        lambda_http::run(service_fn(move |req: Request| async move {
            let response = self.invoke_http(req, handler).await;
            self.telemetry.flush();
            Ok::<_, Infallible>(response)
        }))
        .await
    }

    /// Serves WebSocket invocations with `handler` until the container is retired.
    pub async fn serve_ws<F, Fut, R>(&self, handler: F) -> Result<(), lambda_runtime::Error>
    where
        F: Fn(WsRequest) -> Fut + Sync,
        Fut: Future<Output = R> + Send,
        R: IntoWsResponse,
    {
        let handler = &handler;
        let serve = move |event: lambda_runtime::LambdaEvent<WsRequest>| async move {
            let mut req = event.payload;
            // Lambda hands the X-Ray trace of the invocation in its context; lambda_http
            // copies it into a header for HTTP functions, and this does the same here.
            if let Some(trace) = event.context.xray_trace_id.as_deref()
                && let Ok(value) = http::HeaderValue::from_str(trace)
            {
                req.headers.entry("x-amzn-trace-id").or_insert(value);
            }
            let response = self.invoke_ws(req, handler).await;
            self.telemetry.flush();
            Ok::<_, Infallible>(response)
        };
        lambda_runtime::run(lambda_runtime::service_fn(serve)).await
    }

    /// Serves events read as JSON (the authorizers) until the container is retired. An
    /// `Err` is a failed invocation, which API Gateway answers itself: a `$connect`
    /// authorizer failing with `Unauthorized` makes the handshake's 401.
    pub async fn serve_json<F, Fut, E>(&self, handler: F) -> Result<(), lambda_runtime::Error>
    where
        F: Fn(Value) -> Fut + Sync,
        Fut: Future<Output = Result<Value, E>> + Send,
        E: std::fmt::Display,
    {
        let handler = &handler;
        let serve = move |event: lambda_runtime::LambdaEvent<Value>| async move {
            let result = self.invoke_json(event.payload, handler).await;
            self.telemetry.flush();
            result.map_err(|e| lambda_runtime::Error::from(e.to_string()))
        };
        lambda_runtime::run(lambda_runtime::service_fn(serve)).await
    }

    /// One JSON invocation inside its span.
    pub async fn invoke_json<F, Fut, E>(&self, event: Value, handler: &F) -> Result<Value, E>
    where
        F: Fn(Value) -> Fut,
        Fut: Future<Output = Result<Value, E>>,
        E: std::fmt::Display,
    {
        let attributes = vec![
            KeyValue::new("faas.name", self.name),
            KeyValue::new("faas.trigger", "other"),
        ];
        let tracer = self.telemetry.tracer(self.service);
        let parent = opentelemetry::Context::new();
        let cx = start_invocation(
            &tracer,
            self.name.to_owned(),
            SpanKind::Server,
            attributes,
            &parent,
        );
        let handled = CURRENT_FUNCTION.scope(self.name, handler(event).with_context(cx.clone()));
        let result = handled.await;
        let error = result.as_ref().err().map(ToString::to_string);
        end_invocation(&cx, Vec::new(), error);
        result
    }

    /// One HTTP invocation inside its span.
    pub async fn invoke_http<F, Fut, R>(&self, req: Request, handler: &F) -> Response
    where
        F: Fn(Request) -> Fut,
        Fut: Future<Output = R>,
        R: IntoResponse,
    {
        let route = route_key(&req);
        let attributes = vec![
            KeyValue::new("faas.name", self.name),
            KeyValue::new("faas.trigger", "http"),
            KeyValue::new("http.request.method", req.method().to_string()),
            KeyValue::new("http.route", route.clone()),
            KeyValue::new("url.path", req.uri().path().to_owned()),
        ];
        let tracer = self.telemetry.tracer(self.service);
        let parent = parent_from_headers(req.headers());
        let cx = start_invocation(&tracer, route, SpanKind::Server, attributes, &parent);
        let handled = CURRENT_FUNCTION.scope(self.name, handler(req).with_context(cx.clone()));
        let response = handled.await.into_response();
        let status = response.status();
        let error = status.is_server_error().then(|| status.to_string());
        let code = KeyValue::new("http.response.status_code", i64::from(status.as_u16()));
        end_invocation(&cx, vec![code], error);
        response
    }

    /// One WebSocket invocation inside its span.
    pub async fn invoke_ws<F, Fut, R>(&self, req: WsRequest, handler: &F) -> WsResponse
    where
        F: Fn(WsRequest) -> Fut,
        Fut: Future<Output = R>,
        R: IntoWsResponse,
    {
        let ctx = &req.request_context;
        let route = ctx.route_key.clone().unwrap_or_else(|| "$default".to_owned());
        let attributes = vec![
            KeyValue::new("faas.name", self.name),
            KeyValue::new("faas.trigger", "websocket"),
            KeyValue::new("websocket.route_key", route.clone()),
            KeyValue::new(
                "websocket.connection_id",
                ctx.connection_id.clone().unwrap_or_default(),
            ),
        ];
        let tracer = self.telemetry.tracer(self.service);
        let parent = parent_from_headers(&req.headers);
        let cx = start_invocation(&tracer, route, SpanKind::Server, attributes, &parent);
        let handled = CURRENT_FUNCTION.scope(self.name, handler(req).with_context(cx.clone()));
        let response = handled.await.into_ws_response();
        let status = response.status_code;
        let error = (status >= 500).then(|| status.to_string());
        end_invocation(
            &cx,
            vec![KeyValue::new("http.response.status_code", status)],
            error,
        );
        response
    }
}

/// The API Gateway route key (`GET /api/sessions`), or method and path without one.
fn route_key(req: &Request) -> String {
    match req.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => ctx.route_key.clone(),
        _ => None,
    }
    .unwrap_or_else(|| format!("{} {}", req.method(), req.uri().path()))
}
