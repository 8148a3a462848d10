//! Trace context in and out: a caller's `traceparent` (or X-Ray header) becomes the
//! parent of an invocation, and the current span travels out in the envelopes the
//! invocation sends, so one trace follows a change to the people who receive it.

use http::HeaderMap;
use opentelemetry::{
    Context,
    propagation::{Extractor, TextMapPropagator},
    trace::TraceContextExt,
};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use std::collections::HashMap;

use super::xray;

struct Headers<'a>(&'a HeaderMap);

impl Extractor for Headers<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|v| v.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(|k| k.as_str()).collect()
    }
}

/// The parent named by a W3C `traceparent` header, else by an `x-amzn-trace-id` header,
/// else an empty context (a new trace).
pub fn parent_from_headers(headers: &HeaderMap) -> Context {
    let cx = TraceContextPropagator::new().extract(&Headers(headers));
    if cx.span().span_context().is_valid() {
        return cx;
    }
    headers
        .get("x-amzn-trace-id")
        .and_then(|v| v.to_str().ok())
        .and_then(xray::span_context)
        .map(|span| Context::new().with_remote_span_context(span))
        .unwrap_or(cx)
}

/// The W3C `traceparent` of the current span, when there is one.
pub fn current_traceparent() -> Option<String> {
    let cx = Context::current();
    if !cx.span().span_context().is_valid() {
        return None;
    }
    let mut carrier: HashMap<String, String> = HashMap::new();
    TraceContextPropagator::new().inject_context(&cx, &mut carrier);
    carrier.remove("traceparent")
}
