//! Where spans go: `STUDIO_TRACES` says `console`, `otlp` or `off`; unset, spans go over
//! OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `..._TRACES_ENDPOINT`) is set, and
//! are printed to the console otherwise (the seed's "spans appear in the terminal").
//! The deployed template sets `otlp` (to the collector layer) or `off`, so CloudWatch
//! never receives every span printed at full volume.

use super::env::optional;
use crate::telemetry::Sink;

/// The trace sink the environment asks for.
pub fn traces() -> Sink {
    let chosen = optional("STUDIO_TRACES").map(|v| v.trim().to_ascii_lowercase());
    match chosen.as_deref() {
        Some("off") => return Sink::Off,
        Some("console") => return Sink::Console,
        Some("otlp") => return Sink::Otlp,
        _ => {}
    }
    if optional("OTEL_EXPORTER_OTLP_ENDPOINT").is_some()
        || optional("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").is_some()
    {
        Sink::Otlp
    } else {
        Sink::Console
    }
}
