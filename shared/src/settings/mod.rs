//! Typed settings, read once when a function's container starts: plain data from the
//! environment, with no I/O. Everything else takes values; the clients and secrets a
//! function builds from them are `adapters::from_env`'s.
//!
//! A missing or malformed setting stops the cold start with a message that names the
//! variable and says what it should hold, instead of failing on the first request.

mod access;
mod aws;
pub(crate) mod env;
mod media;
mod pages;
mod realtime;
mod region;
mod telemetry;

pub use access::{access_mode, livekit};
pub use aws::{
    MEDIA_FIRST_BYTE_TIMEOUT, SDK_ATTEMPT_TIMEOUT, SDK_CONNECT_TIMEOUT, SDK_OPERATION_TIMEOUT, media_retries,
    media_timeouts, sdk_retries, sdk_timeouts, warm_at_init,
};
pub use env::ConfigError;
pub use media::{MediaSettings, media};
pub use pages::pages;
pub use realtime::{RealtimeSettings, presence_table, realtime};
pub use region::region;
pub use telemetry::traces;
