//! The deadlines and retries of every AWS call of a function: a dependency that hangs
//! costs a request a few seconds, not the function's timeout. The configuration itself
//! comes from Lambda's environment (the `aws_env` module beside this one).

use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;
use std::time::Duration;

use super::env::{ConfigError, parsed_or};

/// How long one SDK call may take, retries included, before the function answers 503:
/// a dependency that hangs costs a request a few seconds, not the function's timeout.
pub const SDK_OPERATION_TIMEOUT: Duration = Duration::from_secs(4);
/// How long one attempt of an SDK call may take; the standard retry mode tries again.
pub const SDK_ATTEMPT_TIMEOUT: Duration = Duration::from_millis(1500);
/// How long opening a connection to an AWS endpoint may take.
pub const SDK_CONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// The deadlines of every SDK call but those carrying media bodies.
pub fn sdk_timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(SDK_CONNECT_TIMEOUT)
        .operation_attempt_timeout(SDK_ATTEMPT_TIMEOUT)
        .operation_timeout(SDK_OPERATION_TIMEOUT)
        .build()
}

/// The standard retry mode: 3 attempts with jittered backoff, throttling included.
pub fn sdk_retries() -> RetryConfig {
    RetryConfig::standard().with_max_attempts(3)
}

/// How long an S3 call that carries a media body (an upload of up to 4 MiB through
/// the API, a rendered export, a track download) may wait for the store's first byte;
/// the transfer itself may then take longer.
pub const MEDIA_FIRST_BYTE_TIMEOUT: Duration = Duration::from_secs(2);

/// Deadlines for calls that carry media bodies: a store that does not answer fails the
/// call in seconds, while a transfer that is moving may run for up to 12 s.
pub fn media_timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(SDK_CONNECT_TIMEOUT)
        .read_timeout(MEDIA_FIRST_BYTE_TIMEOUT)
        .operation_attempt_timeout(Duration::from_secs(10))
        .operation_timeout(Duration::from_secs(12))
        .build()
}

/// Media calls are tried twice: a third try would put a hung store past the bound.
pub fn media_retries() -> RetryConfig {
    RetryConfig::standard().with_max_attempts(2)
}

/// Whether a function opens its AWS connections during init (`adapters::warm`):
/// `STUDIO_WARM_AT_INIT`, `true` unless set to `false`. Off, the first request opens
/// them; the cold-start benchmark runs a function both ways to show the difference.
pub fn warm_at_init() -> Result<bool, ConfigError> {
    parsed_or("STUDIO_WARM_AT_INIT", true)
}
