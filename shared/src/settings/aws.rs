//! The AWS SDK configuration every client of a function is built from: region and
//! credentials from the environment (on Lambda they arrive there), the standard
//! `AWS_ENDPOINT_URL*` overrides, and deadlines that fit inside a function's timeout.

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use std::time::Duration;

/// How long one SDK call may take, retries included, before the function answers 503:
/// a dependency that hangs costs a request a few seconds, not the function's timeout.
pub const SDK_OPERATION_TIMEOUT: Duration = Duration::from_secs(4);
/// How long one attempt of an SDK call may take; the standard retry mode tries again.
pub const SDK_ATTEMPT_TIMEOUT: Duration = Duration::from_millis(1500);
/// How long opening a connection to an AWS endpoint may take.
pub const SDK_CONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// The SDK configuration with the studio's deadlines and the standard retry mode
/// (3 attempts with jittered backoff, throttling answers included).
pub async fn aws() -> aws_config::SdkConfig {
    aws_config::from_env()
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(SDK_CONNECT_TIMEOUT)
                .operation_attempt_timeout(SDK_ATTEMPT_TIMEOUT)
                .operation_timeout(SDK_OPERATION_TIMEOUT)
                .build(),
        )
        .retry_config(RetryConfig::standard().with_max_attempts(3))
        .load()
        .await
}

/// Deadlines for calls that carry media bodies (an upload of up to 4 MiB through the
/// API, a rendered export, a track download): the connection must open as quickly, and
/// first bytes must come within [`SDK_OPERATION_TIMEOUT`], but the transfer itself may
/// take longer.
pub fn media_timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(SDK_CONNECT_TIMEOUT)
        .read_timeout(SDK_OPERATION_TIMEOUT)
        .operation_attempt_timeout(Duration::from_secs(20))
        .operation_timeout(Duration::from_secs(25))
        .build()
}
