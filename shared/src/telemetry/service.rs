//! The service names traces are reported under, as the seed names them.

/// A traced service: one `service.name` resource per group of functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    /// The `/api` routes except presence.
    StudioWebApi,
    /// The `/api/presence` routes.
    StudioWebApiPresence,
    /// The WebSocket functions.
    RealtimeGateway,
    /// `/healthz` and `/v1`: the FastAPI parity service.
    StudioApi,
    /// The pages.
    StudioWeb,
}

impl Service {
    /// Every service.
    pub const ALL: [Service; 5] = [
        Service::StudioWebApi,
        Service::StudioWebApiPresence,
        Service::RealtimeGateway,
        Service::StudioApi,
        Service::StudioWeb,
    ];

    /// The `service.name` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Service::StudioWebApi => "studio-web-api",
            Service::StudioWebApiPresence => "studio-web-api-presence",
            Service::RealtimeGateway => "realtime-gateway",
            Service::StudioApi => "studio-api",
            Service::StudioWeb => "studio-web",
        }
    }
}
