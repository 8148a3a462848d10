//! Typed settings, read once when a function's container starts: the one module that
//! reads the environment. Everything else takes values.
//!
//! A missing or malformed setting stops the cold start with a message that names the
//! variable and says what it should hold, instead of failing on the first request.

mod access;
mod aws;
mod aws_env;
mod database;
mod env;
mod media;
mod pages;
mod realtime;
mod telemetry;

pub use access::{access, access_mode};
pub use aws::{
    MEDIA_FIRST_BYTE_TIMEOUT, SDK_ATTEMPT_TIMEOUT, SDK_CONNECT_TIMEOUT, SDK_OPERATION_TIMEOUT, media_retries,
    media_timeouts, sdk_retries, sdk_timeouts, warm_at_init,
};
pub use aws_env::{aws, credentials, region, secrets};
pub use database::{database, database_url};
pub use env::ConfigError;
pub use media::{MediaSettings, media};
pub use pages::pages;
pub use realtime::{RealtimeSettings, realtime};
pub use telemetry::traces;
