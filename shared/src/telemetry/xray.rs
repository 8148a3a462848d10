//! The AWS X-Ray trace header (`X-Amzn-Trace-Id`, which Lambda also hands each
//! invocation) read as an OpenTelemetry parent, so a trace begun by X-Ray continues in
//! the studio's spans.

use opentelemetry::trace::{SpanContext, SpanId, TraceFlags, TraceId, TraceState};

/// The remote span named by `Root=1-xxxxxxxx-yyyyyyyyyyyyyyyyyyyyyyyy;Parent=zzzzzzzzzzzzzzzz;Sampled=1`,
/// or `None` when the header lacks a root or a parent, or either is malformed.
pub fn span_context(header: &str) -> Option<SpanContext> {
    let (mut root, mut parent, mut sampled) = (None, None, false);
    for field in header.split(';') {
        match field.trim().split_once('=') {
            Some(("Root", value)) => root = Some(value),
            Some(("Parent", value)) => parent = Some(value),
            Some(("Sampled", value)) => sampled = value == "1",
            _ => {}
        }
    }
    let mut parts = root?.split('-');
    let (version, epoch, random) = (parts.next()?, parts.next()?, parts.next()?);
    if version != "1" || epoch.len() != 8 || random.len() != 24 || parts.next().is_some() {
        return None;
    }
    let trace_id = TraceId::from_hex(&format!("{epoch}{random}")).ok()?;
    let span_id = SpanId::from_hex(parent?).ok()?;
    if trace_id == TraceId::INVALID || span_id == SpanId::INVALID || parent?.len() != 16 {
        return None;
    }
    let flags = if sampled {
        TraceFlags::SAMPLED
    } else {
        TraceFlags::default()
    };
    Some(SpanContext::new(
        trace_id,
        span_id,
        flags,
        true,
        TraceState::default(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_xray_header_becomes_a_remote_sampled_parent() {
        let cx = span_context("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
            .unwrap();
        assert_eq!(cx.trace_id().to_string(), "5759e988bd862e3fe1be46a994272793");
        assert_eq!(cx.span_id().to_string(), "53995c3f42cd8ad8");
        assert!(cx.is_sampled() && cx.is_remote());
    }

    #[test]
    fn a_header_without_a_parent_or_with_a_bad_root_is_ignored() {
        assert!(span_context("Root=1-5759e988-bd862e3fe1be46a994272793").is_none());
        assert!(span_context("Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8").is_none());
        assert!(span_context("Root=1-xyz-abc;Parent=53995c3f42cd8ad8").is_none());
        assert!(span_context("garbage").is_none());
    }
}
