//! Integration tests: the studio behind the local gateway, over real Postgres and HTTP.

mod access;
mod bad_input;
mod binaries;
mod drills;
mod events;
mod exports;
mod media_bad_input;
mod media_bounds;
mod media_lifecycle;
mod media_traces;
mod migrate;
mod outage;
mod pages;
mod parity;
mod permissions;
mod presence;
mod realtime;
mod realtime_edges;
mod realtime_traces;
mod rooms_at_scale;
mod rotation;
mod sessions;
mod tls;
mod traces;
mod uploads;
mod ws_gateway;
