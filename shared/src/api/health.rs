//! `GET /healthz`: the parity service's liveness probe.

use serde::Serialize;

use crate::http::{Response, ok};

/// `{ ok: true }`: the answer of a call that has nothing more to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Done {
    /// Always `true`.
    #[cfg_attr(feature = "openapi", schema(example = true))]
    pub ok: bool,
}

impl Done {
    /// `{ ok: true }`.
    pub const OK: Self = Self { ok: true };
}

/// `{ ok: true }`. It checks no dependency: a probe that fails when Postgres blips
/// would recycle healthy functions.
pub fn healthz() -> Response {
    ok(&Done::OK)
}
