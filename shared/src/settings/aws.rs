//! The AWS SDK configuration every client of a function is built from.

/// The AWS SDK configuration from the environment: region, credentials (on Lambda they
/// arrive in the environment) and the standard `AWS_ENDPOINT_URL*` overrides.
pub async fn aws() -> aws_config::SdkConfig {
    aws_config::load_from_env().await
}
