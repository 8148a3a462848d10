//! Warming a client during init: one cheap call that opens its connection (DNS, TCP,
//! TLS) and signs with its credentials, so the first request reuses that connection.
//! Lambda runs init at full CPU before the first request is waiting, so a handshake
//! paid there is one the first caller does not wait for.

use std::time::Duration;

/// How long warming one client may hold up init: a dependency that does not answer
/// costs the cold start this much at most, and the first request then connects itself.
pub const WARM_DEADLINE: Duration = Duration::from_millis(1500);

/// The key warm-up reads use: no room, member, connection or object is ever named so
/// (ids are `[A-Za-z0-9-_.:]`), so the read finds nothing and changes nothing.
pub const WARM_KEY: &str = "~warm";

/// Runs `call` within [`WARM_DEADLINE`]; an answer of any kind (found, not found,
/// refused) means the connection is open. Only a failure to get one is logged.
pub async fn within<T, E: std::fmt::Display>(what: &str, call: impl Future<Output = Result<T, E>>) {
    match tokio::time::timeout(WARM_DEADLINE, call).await {
        Ok(Ok(_)) => tracing::debug!(client = what, "connection warmed"),
        Ok(Err(e)) => tracing::debug!(client = what, error = %e, "warm-up call answered with an error"),
        Err(_) => tracing::warn!(
            client = what,
            "warm-up call timed out; the first request connects"
        ),
    }
}
