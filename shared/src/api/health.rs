//! `GET /healthz`: the parity service's liveness probe.

use serde_json::json;

use crate::http::{Response, ok};

/// `{ ok: true }`. It checks no dependency: a probe that fails when Postgres blips
/// would recycle healthy functions.
pub fn healthz() -> Response {
    ok(&json!({ "ok": true }))
}
