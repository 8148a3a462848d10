//! The AWS configuration of a function, straight from the environment Lambda gives it:
//! `AWS_REGION`, the execution role's temporary credentials (`AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`) and the standard `AWS_ENDPOINT_URL`
//! and `AWS_ENDPOINT_URL_<SERVICE>` overrides.
//!
//! On Lambda credentials always arrive in the environment, so the SDK's general
//! provider chain (profiles, SSO, IMDS, container and web-identity providers, with an
//! STS client of their own) would be code every function carries and never runs: the
//! functions build their configuration here instead, which keeps them smaller and their
//! init shorter (docs/performance.md has the measurements).

use aws_credential_types::provider::SharedCredentialsProvider;
use aws_types::SdkConfig;
use aws_types::region::Region;
use aws_types::service_config::{LoadServiceConfig, ServiceConfigKey};
use std::collections::BTreeMap;

use crate::adapters::https::{HttpsClient, SdkHttpClient};
use crate::adapters::secrets::{Credentials, SecretsManager};
use crate::settings::env::{invalid, optional};
use crate::settings::{ConfigError, SDK_CONNECT_TIMEOUT, region, sdk_retries, sdk_timeouts};

/// The execution role's credentials, when the environment holds them.
pub fn credentials() -> Option<Credentials> {
    let key = optional("AWS_ACCESS_KEY_ID")?;
    let secret = optional("AWS_SECRET_ACCESS_KEY")?;
    Some(Credentials::new(&key, &secret, optional("AWS_SESSION_TOKEN")))
}

/// The SDK configuration every client of a function is built from, with the studio's
/// HTTP client and deadlines and the standard retry mode. Without credentials in the
/// environment the clients' calls fail (and the routes answer 503), as they would with
/// the SDK's chain; without certificate authorities to trust the function does not start.
pub fn aws() -> Result<SdkConfig, ConfigError> {
    let http = SdkHttpClient::new().map_err(|e| invalid("SSL_CERT_FILE", e))?;
    let mut builder = SdkConfig::builder()
        .http_client(http)
        .region(Region::new(region()))
        .behavior_version(aws_smithy_runtime_api::client::behavior_version::BehaviorVersion::latest())
        .timeout_config(sdk_timeouts())
        .retry_config(sdk_retries())
        .sleep_impl(aws_smithy_async::rt::sleep::TokioSleep::new())
        .service_config(EndpointOverrides::from_env());
    if let Some(credentials) = credentials() {
        builder = builder.credentials_provider(SharedCredentialsProvider::new(credentials.to_sdk()));
    }
    if let Some(endpoint) = optional("AWS_ENDPOINT_URL") {
        builder = builder.endpoint_url(endpoint);
    }
    Ok(builder.build())
}

/// The Secrets Manager reader of a function that reads its secrets at cold start.
pub fn secrets() -> Result<SecretsManager, ConfigError> {
    let credentials = credentials().ok_or_else(|| {
        invalid(
            "AWS_ACCESS_KEY_ID",
            "reading a secret needs the execution role's credentials in the environment",
        )
    })?;
    let http = HttpsClient::new(SDK_CONNECT_TIMEOUT).map_err(|e| invalid("SSL_CERT_FILE", e))?;
    let endpoint = optional("AWS_ENDPOINT_URL_SECRETS_MANAGER").or_else(|| optional("AWS_ENDPOINT_URL"));
    Ok(SecretsManager::new(http, endpoint, region(), credentials))
}

/// `AWS_ENDPOINT_URL_<SERVICE>` values, read once: the SDK clients ask for their
/// service's endpoint when they are built.
#[derive(Debug)]
struct EndpointOverrides(BTreeMap<String, String>);

impl EndpointOverrides {
    fn from_env() -> Self {
        let overrides = std::env::vars()
            .filter(|(name, value)| name.starts_with("AWS_ENDPOINT_URL_") && !value.trim().is_empty())
            .collect();
        Self(overrides)
    }
}

impl LoadServiceConfig for EndpointOverrides {
    /// The SDK asks with the generic name (`AWS_ENDPOINT_URL`) and its service id
    /// (`DynamoDB`, `ApiGatewayManagementApi`); the variable is the two joined, upper
    /// case, spaces and dashes as underscores (`AWS_ENDPOINT_URL_DYNAMODB`).
    fn load_config(&self, key: ServiceConfigKey<'_>) -> Option<String> {
        let service = key.service_id().to_ascii_uppercase().replace([' ', '-'], "_");
        self.0.get(&format!("{}_{service}", key.env())).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key<'a>(service: &'a str) -> ServiceConfigKey<'a> {
        ServiceConfigKey::builder()
            .service_id(service)
            .env("AWS_ENDPOINT_URL")
            .profile("endpoint_url")
            .build()
            .unwrap()
    }

    #[test]
    fn a_service_finds_its_own_endpoint_override_and_no_other() {
        let overrides = EndpointOverrides(BTreeMap::from([
            (
                "AWS_ENDPOINT_URL_DYNAMODB".to_owned(),
                "http://127.0.0.1:8000".to_owned(),
            ),
            (
                "AWS_ENDPOINT_URL_SECRETS_MANAGER".to_owned(),
                "http://127.0.0.1:5000".to_owned(),
            ),
        ]));
        assert_eq!(
            overrides.load_config(key("DynamoDB")).as_deref(),
            Some("http://127.0.0.1:8000")
        );
        assert_eq!(
            overrides.load_config(key("Secrets Manager")).as_deref(),
            Some("http://127.0.0.1:5000")
        );
        assert_eq!(overrides.load_config(key("S3")), None);
    }
}
