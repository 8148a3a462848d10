//! Running a function: under the Lambda runtime on AWS (and `cargo lambda watch`), or
//! invoked in-process by the local gateway. Both go through [`invoke_http`], so the
//! span, status and error handling are the same everywhere.

use lambda_http::{Request, RequestExt, request::RequestContext, service_fn};
use opentelemetry::{KeyValue, trace::SpanKind};
use std::convert::Infallible;

use crate::functions::{Function, Resources, handle_ws_event};
use crate::http::Response;
use crate::realtime::{WsRequest, WsResponse};
use crate::telemetry::{Telemetry, end_invocation, init_logging, parent_from_headers, start_invocation};

/// The `main` of every HTTP function binary: reads configuration, builds clients once,
/// then serves invocations until the container is retired.
pub async fn serve_http(function: impl Function) -> Result<(), lambda_http::Error> {
    init_logging();
    let telemetry = Telemetry::from_env(&[function.name().service()]);
    let resources = Resources::from_env(function).await?;
    let (telemetry, resources) = (&telemetry, &resources);
    lambda_http::run(service_fn(move |req: Request| async move {
        let response = invoke_http(function, resources, telemetry, req).await;
        telemetry.flush();
        Ok::<_, Infallible>(response)
    }))
    .await
}

/// The `main` of every WebSocket function binary: like [`serve_http`], over the
/// WebSocket events API Gateway sends.
pub async fn serve_ws(function: impl Function) -> Result<(), lambda_runtime::Error> {
    init_logging();
    let telemetry = Telemetry::from_env(&[function.name().service()]);
    let resources = Resources::from_env(function).await?;
    let (telemetry, resources) = (&telemetry, &resources);
    lambda_runtime::run(lambda_runtime::service_fn(
        move |event: lambda_runtime::LambdaEvent<WsRequest>| async move {
            let mut req = event.payload;
            // Lambda hands the X-Ray trace of the invocation in its context; lambda_http
            // copies it into a header for HTTP functions, and this does the same here.
            if let Some(trace) = event.context.xray_trace_id.as_deref()
                && let Ok(value) = http::HeaderValue::from_str(trace)
            {
                req.headers.entry("x-amzn-trace-id").or_insert(value);
            }
            let response = invoke_ws(function, resources, telemetry, req).await;
            telemetry.flush();
            Ok::<_, Infallible>(response)
        },
    ))
    .await
}

/// One invocation of a WebSocket function inside its span.
pub async fn invoke_ws(
    function: impl Function,
    resources: &Resources,
    telemetry: &Telemetry,
    req: WsRequest,
) -> WsResponse {
    use opentelemetry::trace::FutureExt;
    let name = function.name();
    let ctx = &req.request_context;
    let route = ctx.route_key.clone().unwrap_or_else(|| "$default".to_owned());
    let attributes = vec![
        KeyValue::new("faas.name", name.as_str()),
        KeyValue::new("faas.trigger", "websocket"),
        KeyValue::new("websocket.route_key", route.clone()),
        KeyValue::new(
            "websocket.connection_id",
            ctx.connection_id.clone().unwrap_or_default(),
        ),
    ];
    let tracer = telemetry.tracer(name.service());
    let parent = parent_from_headers(&req.headers);
    let cx = start_invocation(&tracer, route, SpanKind::Server, attributes, &parent);
    let response = handle_ws_event(function, resources, &req)
        .with_context(cx.clone())
        .await;
    let status = response.status_code;
    let error = (status >= 500).then(|| status.to_string());
    end_invocation(
        &cx,
        vec![KeyValue::new("http.response.status_code", status)],
        error,
    );
    response
}

/// One invocation of an HTTP function inside its span.
pub async fn invoke_http(
    function: impl Function,
    resources: &Resources,
    telemetry: &Telemetry,
    req: Request,
) -> Response {
    use opentelemetry::trace::FutureExt;
    let name = function.name();
    let route = route_key(&req);
    let attributes = vec![
        KeyValue::new("faas.name", name.as_str()),
        KeyValue::new("faas.trigger", "http"),
        KeyValue::new("http.request.method", req.method().to_string()),
        KeyValue::new("http.route", route.clone()),
        KeyValue::new("url.path", req.uri().path().to_owned()),
    ];
    let tracer = telemetry.tracer(name.service());
    let parent = parent_from_headers(req.headers());
    let cx = start_invocation(&tracer, route, SpanKind::Server, attributes, &parent);
    let response = function.http(resources, req).with_context(cx.clone()).await;
    let status = response.status();
    let error = status.is_server_error().then(|| status.to_string());
    end_invocation(
        &cx,
        vec![KeyValue::new(
            "http.response.status_code",
            i64::from(status.as_u16()),
        )],
        error,
    );
    response
}

/// The API Gateway route key (`GET /api/sessions`), or method and path without one.
fn route_key(req: &Request) -> String {
    match req.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => ctx.route_key.clone(),
        _ => None,
    }
    .unwrap_or_else(|| format!("{} {}", req.method(), req.uri().path()))
}
