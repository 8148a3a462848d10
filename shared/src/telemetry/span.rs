//! Spans: one per invocation, children for each call to a dependency.
//!
//! The invocation's context carries its tracer, so code deep in a store can open a
//! child span without being handed a tracer or knowing which service it runs under.

use opentelemetry::{
    Context, KeyValue,
    trace::{FutureExt, SpanKind, Status, TraceContextExt, Tracer},
};
use opentelemetry_sdk::trace::SdkTracer;
use std::{borrow::Cow, fmt::Display, future::Future};

#[derive(Clone)]
struct ActiveTracer(SdkTracer);

/// Starts the span of one invocation under `parent` and returns the context to run the
/// handler in.
pub fn start_invocation(
    tracer: &SdkTracer,
    name: impl Into<Cow<'static, str>>,
    kind: SpanKind,
    attributes: Vec<KeyValue>,
    parent: &Context,
) -> Context {
    let span = tracer
        .span_builder(name)
        .with_kind(kind)
        .with_attributes(attributes)
        .start_with_context(tracer, parent);
    parent.with_span(span).with_value(ActiveTracer(tracer.clone()))
}

/// Ends an invocation's span with its outcome.
pub fn end_invocation(cx: &Context, attributes: Vec<KeyValue>, error: Option<String>) {
    let span = cx.span();
    span.set_attributes(attributes);
    if let Some(message) = error {
        span.set_status(Status::error(message));
    }
    span.end();
}

/// Runs `fut` inside a child span of the current invocation; an `Err` marks the span
/// as failed. Outside an invocation it just runs `fut`.
pub async fn traced<T, E: Display, F: Future<Output = Result<T, E>>>(
    name: impl Into<Cow<'static, str>>,
    attributes: Vec<KeyValue>,
    fut: F,
) -> Result<T, E> {
    let parent = Context::current();
    let Some(ActiveTracer(tracer)) = parent.get::<ActiveTracer>().cloned() else {
        return fut.await;
    };
    let span = tracer
        .span_builder(name)
        .with_kind(SpanKind::Client)
        .with_attributes(attributes)
        .start_with_context(&tracer, &parent);
    let cx = parent.with_span(span);
    let result = fut.with_context(cx.clone()).await;
    let span = cx.span();
    if let Err(e) = &result {
        span.set_status(Status::error(e.to_string()));
    }
    span.end();
    result
}
