//! The state every part of the local WebSocket API shares: its routes, the invoker,
//! the open connections and its limits.

use std::time::Duration;
use studio::adapters::secrets::Credentials;

use super::registry::Registry;
use crate::invoke::Invoker;
use crate::template::WsRoute;

/// Largest WebSocket message API Gateway accepts; larger ones close the socket (1009).
pub const MAX_MESSAGE_BYTES: usize = 128 * 1024;

/// Limits of the local WebSocket API.
#[derive(Debug, Clone)]
pub struct WsSettings {
    /// The stage name put in events (`domainName`/`stage` locate `@connections`).
    pub stage: String,
    /// A connection with no frame either way for this long is closed (API Gateway: 10 min).
    pub idle_timeout: Duration,
    /// Added to every `@connections` call, as an in-region round trip would (benchmarks).
    pub post_latency: Duration,
    /// The keys an `@connections` call may be signed with: by default the credentials
    /// of the environment the gateway hands its functions (none: every call is refused).
    pub signers: Vec<Credentials>,
}

impl Default for WsSettings {
    fn default() -> Self {
        Self {
            stage: "local".to_owned(),
            idle_timeout: Duration::from_secs(600),
            post_latency: Duration::ZERO,
            signers: studio::adapters::from_env::credentials().into_iter().collect(),
        }
    }
}

pub(super) struct WsApi {
    pub routes: Vec<WsRoute>,
    pub invoker: Invoker,
    pub registry: Registry,
    pub settings: WsSettings,
}

impl WsApi {
    /// The route of `route_key`, if the template has it.
    pub fn route(&self, route_key: &str) -> Option<&WsRoute> {
        self.routes.iter().find(|r| r.route_key == route_key)
    }

    /// The function of `route_key`, if the template routes it.
    pub fn function(&self, route_key: &str) -> Option<&str> {
        self.routes
            .iter()
            .find(|r| r.route_key == route_key)
            .map(|r| r.function.as_str())
    }
}
