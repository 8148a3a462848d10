//! Traces with OpenTelemetry and log lines with `tracing`.

mod propagation;
mod service;
mod setup;
mod span;
mod xray;

pub use propagation::{current_traceparent, parent_from_headers};
pub use service::Service;
pub use setup::{Sink, Telemetry, init_logging};
pub use span::{end_invocation, start_invocation, traced};
