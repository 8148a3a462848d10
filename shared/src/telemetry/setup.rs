//! Tracer providers: one per service name, exporting to the console, over OTLP/HTTP, or
//! nowhere, as the settings say.
//!
//! A deployed function reports under one service; the local gateway hosts every function
//! in one process and keeps one provider per service so each span still carries the
//! service the seed names for its route.

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::{
    Resource,
    trace::{SdkTracer, SdkTracerProvider, SpanExporter},
};
use std::sync::Once;

use super::Service;

/// Where spans go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sink {
    /// Printed to standard output (the seed's "spans appear in the terminal").
    Console,
    /// Sent over OTLP/HTTP to the endpoint the standard `OTEL_*` variables name.
    Otlp,
    /// Dropped.
    Off,
}

/// The tracer providers of a process.
#[derive(Clone)]
pub struct Telemetry {
    providers: Vec<(Service, SdkTracerProvider, SdkTracer)>,
}

impl Telemetry {
    /// Providers for `services`, exporting to `sink`.
    pub fn new(sink: Sink, services: &[Service]) -> Self {
        match sink {
            Sink::Console => Self::with_exporter(services, |_| opentelemetry_stdout::SpanExporter::default()),
            Sink::Otlp => Self::with_exporter(services, |_| otlp_exporter()),
            Sink::Off => Self::off(),
        }
    }

    /// Providers for every service that export nothing.
    pub fn off() -> Self {
        Self::with_providers(&Service::ALL, |_| SdkTracerProvider::builder())
    }

    /// Providers whose spans go to exporters made by `exporter` (one per service).
    pub fn with_exporter<E: SpanExporter + 'static>(
        services: &[Service],
        exporter: impl Fn(Service) -> E,
    ) -> Self {
        Self::with_providers(services, |s| {
            SdkTracerProvider::builder().with_batch_exporter(exporter(s))
        })
    }

    /// Providers that export synchronously on span end: for tests that read spans.
    pub fn with_simple_exporter<E: SpanExporter + 'static>(
        services: &[Service],
        exporter: impl Fn(Service) -> E,
    ) -> Self {
        Self::with_providers(services, |s| {
            SdkTracerProvider::builder().with_simple_exporter(exporter(s))
        })
    }

    fn with_providers(
        services: &[Service],
        builder: impl Fn(Service) -> opentelemetry_sdk::trace::TracerProviderBuilder,
    ) -> Self {
        let providers = services
            .iter()
            .map(|&service| {
                let resource = Resource::builder().with_service_name(service.as_str()).build();
                let provider = builder(service).with_resource(resource).build();
                let tracer = provider.tracer("omnisonic-studio");
                (service, provider, tracer)
            })
            .collect();
        Self { providers }
    }

    /// The tracer of `service`; the first provider's when `service` has none.
    pub fn tracer(&self, service: Service) -> SdkTracer {
        self.providers
            .iter()
            .find(|(s, _, _)| *s == service)
            .or(self.providers.first())
            .map(|(_, _, tracer)| tracer.clone())
            .expect("telemetry is built with at least one service")
    }

    /// Exports every finished span now. Lambda freezes the process as soon as an
    /// invocation returns, so spans still queued then would be lost or arrive late.
    pub fn flush(&self) {
        for (_, provider, _) in &self.providers {
            if let Err(e) = provider.force_flush() {
                tracing::warn!(error = %e, "flushing spans failed");
            }
        }
    }
}

/// How long flushing a batch to the collector may take at the end of an invocation.
pub const OTLP_EXPORT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// OTLP/HTTP to the endpoint the standard `OTEL_*` variables name. The batch processor
/// exports from a thread of its own, with no async runtime there: the exporter uses a
/// blocking HTTP client, so it works on that thread and never stalls the function's.
fn otlp_exporter() -> opentelemetry_otlp::SpanExporter {
    use opentelemetry_otlp::WithExportConfig;
    opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_timeout(OTLP_EXPORT_TIMEOUT)
        .build()
        .expect("the OTLP/HTTP exporter builds from the standard OTEL_* variables")
}

/// Log lines (not spans) to standard error, filtered by `RUST_LOG` (default `info`).
/// The filter is `tracing_subscriber`'s `Targets` (`warn`, `studio=debug,info`, `off`):
/// the directives functions are given, without the regular-expression engine that
/// `EnvFilter`'s span and field matching would link into every binary.
pub fn init_logging() {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let filter = std::env::var("RUST_LOG")
            .ok()
            .and_then(|directives| directives.parse::<Targets>().ok())
            .unwrap_or_else(|| Targets::new().with_default(LevelFilter::INFO));
        let _ = tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_target(false)
            .finish()
            .with(filter)
            .try_init();
    });
}
