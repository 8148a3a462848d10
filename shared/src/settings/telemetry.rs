//! Where spans go: `STUDIO_TRACES=off` drops them, `OTEL_EXPORTER_OTLP_ENDPOINT` (or
//! `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) sends them over OTLP/HTTP, and otherwise they
//! are printed to the console (the seed's "spans appear in the terminal").

use super::env::optional;
use crate::telemetry::Sink;

/// The trace sink the environment asks for.
pub fn traces() -> Sink {
    if optional("STUDIO_TRACES").is_some_and(|v| v.eq_ignore_ascii_case("off")) {
        Sink::Off
    } else if optional("OTEL_EXPORTER_OTLP_ENDPOINT").is_some()
        || optional("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").is_some()
    {
        Sink::Otlp
    } else {
        Sink::Console
    }
}
