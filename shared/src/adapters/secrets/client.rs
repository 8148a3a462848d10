//! `GetSecretValue` over HTTPS: a JSON POST with SigV4, tried twice within seconds.

use bytes::Bytes;
use http_body_util::Full;
use serde::Deserialize;
use std::time::{Duration, SystemTime};

use super::sign::{Credentials, sign_request};
use crate::adapters::https::{HttpsClient, HttpsError};

/// How long one attempt may take; a cold start tries twice, so a hung endpoint costs
/// it seconds, not its whole init.
const ATTEMPT_DEADLINE: Duration = Duration::from_millis(2500);
const ATTEMPTS: usize = 2;

/// Reads secrets from Secrets Manager in one region (or at one endpoint, locally).
#[derive(Clone)]
pub struct SecretsManager {
    http: HttpsClient,
    endpoint: Option<String>,
    region: String,
    credentials: Credentials,
}

/// Why a secret could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SecretReadError {
    #[error("Secrets Manager could not be reached: {0}")]
    Unreachable(#[from] HttpsError),
    #[error("Secrets Manager refused: {kind}: {message}")]
    Refused { kind: String, message: String },
    #[error("the secret has no string value")]
    NoString,
    #[error("the request could not be signed: {0}")]
    Signing(String),
}

#[derive(Deserialize)]
struct Answer {
    #[serde(rename = "SecretString")]
    secret_string: Option<String>,
}

#[derive(Deserialize, Default)]
struct Refusal {
    #[serde(rename = "__type", default)]
    kind: String,
    #[serde(alias = "Message", default)]
    message: String,
}

impl SecretsManager {
    /// A reader for `region`, at `endpoint` when given (`AWS_ENDPOINT_URL_SECRETS_MANAGER`)
    /// and at the region's public endpoint otherwise.
    pub fn new(
        http: HttpsClient,
        endpoint: Option<String>,
        region: String,
        credentials: Credentials,
    ) -> Self {
        Self {
            http,
            endpoint,
            region,
            credentials,
        }
    }

    /// The string value of the secret `id` (a name or an ARN; an ARN's region wins).
    pub async fn read(&self, id: &str) -> Result<String, SecretReadError> {
        let region = arn_region(id).unwrap_or(&self.region);
        let mut last = None;
        for _ in 0..ATTEMPTS {
            match self.attempt(id, region).await {
                Err(e) if retryable(&e) => last = Some(e),
                other => return other,
            }
        }
        Err(last.expect("at least one attempt"))
    }

    async fn attempt(&self, id: &str, region: &str) -> Result<String, SecretReadError> {
        let endpoint = self.endpoint.clone().unwrap_or_else(|| public_endpoint(region));
        let body = Bytes::from(serde_json::json!({ "SecretId": id }).to_string());
        let mut request = http::Request::post(endpoint)
            .header(http::header::CONTENT_TYPE, "application/x-amz-json-1.1")
            .header("x-amz-target", "secretsmanager.GetSecretValue")
            .body(body)
            .map_err(HttpsError::from)?;
        sign_request(
            &mut request,
            &self.credentials,
            "secretsmanager",
            region,
            SystemTime::now(),
        )
        .map_err(SecretReadError::Signing)?;
        let answer = self.http.send(request.map(Full::new), ATTEMPT_DEADLINE).await?;
        if !answer.status().is_success() {
            let refusal: Refusal = serde_json::from_slice(answer.body()).unwrap_or_default();
            let kind = refusal.kind.rsplit('#').next().unwrap_or_default().to_owned();
            return Err(SecretReadError::Refused {
                kind: if kind.is_empty() {
                    answer.status().to_string()
                } else {
                    kind
                },
                message: refusal.message,
            });
        }
        let answer: Answer = serde_json::from_slice(answer.body()).map_err(|e| SecretReadError::Refused {
            kind: "MalformedAnswer".into(),
            message: e.to_string(),
        })?;
        answer.secret_string.ok_or(SecretReadError::NoString)
    }
}

/// A connection that failed, a timeout, throttling or a server error is worth a second
/// try; a refusal of the request itself is not.
fn retryable(error: &SecretReadError) -> bool {
    match error {
        SecretReadError::Unreachable(_) => true,
        SecretReadError::Refused { kind, .. } => {
            kind.starts_with('5') || kind.contains("Throttling") || kind == "InternalServiceError"
        }
        _ => false,
    }
}

/// The region of `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>`.
fn arn_region(id: &str) -> Option<&str> {
    let mut parts = id.split(':');
    (parts.next()? == "arn").then_some(())?;
    parts.next()?;
    (parts.next()? == "secretsmanager").then_some(())?;
    parts.next().filter(|region| !region.is_empty())
}

fn public_endpoint(region: &str) -> String {
    let suffix = if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    format!("https://secretsmanager.{region}.{suffix}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arn_names_the_region_to_sign_for_and_a_name_does_not() {
        let arn = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:studio-db-AbCdEf";
        assert_eq!(arn_region(arn), Some("eu-central-1"));
        assert_eq!(arn_region("studio-db"), None);
        assert_eq!(arn_region("arn:aws:s3:::bucket"), None);
    }

    #[test]
    fn the_public_endpoint_follows_the_partition() {
        assert_eq!(
            public_endpoint("us-east-1"),
            "https://secretsmanager.us-east-1.amazonaws.com/"
        );
        assert_eq!(
            public_endpoint("cn-north-1"),
            "https://secretsmanager.cn-north-1.amazonaws.com.cn/"
        );
    }

    #[test]
    fn only_transient_failures_are_tried_again() {
        let refused = |kind: &str| SecretReadError::Refused {
            kind: kind.into(),
            message: String::new(),
        };
        assert!(retryable(&refused("ThrottlingException")));
        assert!(retryable(&refused("503 Service Unavailable")));
        assert!(!retryable(&refused("ResourceNotFoundException")));
        assert!(!retryable(&refused("AccessDeniedException")));
        assert!(!retryable(&SecretReadError::NoString));
    }
}
