//! SigV4 for one JSON request to an AWS service, with the credentials Lambda puts in a
//! function's environment.

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use std::time::SystemTime;

/// An access key, its secret and the session token that comes with temporary ones.
#[derive(Clone)]
pub struct Credentials(aws_credential_types::Credentials);

impl Credentials {
    /// Credentials from their three parts.
    pub fn new(access_key_id: &str, secret_access_key: &str, session_token: Option<String>) -> Self {
        Self(aws_credential_types::Credentials::new(
            access_key_id,
            secret_access_key,
            session_token,
            None,
            "environment",
        ))
    }

    /// The access key's id (what a signature's credential scope names).
    pub fn access_key_id(&self) -> &str {
        self.0.access_key_id()
    }

    /// The SDK's form, for the SDK clients of the same function.
    pub fn to_sdk(&self) -> aws_credential_types::Credentials {
        self.0.clone()
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Credentials")
            .field(&self.0.access_key_id())
            .finish()
    }
}

/// Adds SigV4's headers (`authorization`, `x-amz-date`, and `x-amz-security-token` for
/// temporary credentials) to `request` for `service` in `region`, signed at `time`.
pub fn sign_request(
    request: &mut http::Request<bytes::Bytes>,
    credentials: &Credentials,
    service: &str,
    region: &str,
    time: SystemTime,
) -> Result<(), String> {
    let identity = credentials.0.clone().into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| e.to_string())?
        .into();
    let headers = request
        .headers()
        .iter()
        .map(|(name, value)| Ok((name.as_str(), value.to_str().map_err(|e| e.to_string())?)))
        .collect::<Result<Vec<_>, String>>()?;
    let signable = SignableRequest::new(
        request.method().as_str(),
        request.uri().to_string(),
        headers.into_iter(),
        SignableBody::Bytes(request.body()),
    )
    .map_err(|e| e.to_string())?;
    let (instructions, _) = sign(signable, &params).map_err(|e| e.to_string())?.into_parts();
    instructions.apply_to_request_http1x(request);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn a_signed_request_names_the_key_scope_and_signed_headers() {
        let mut request = http::Request::post("https://secretsmanager.eu-west-1.amazonaws.com/")
            .header("content-type", "application/x-amz-json-1.1")
            .header("x-amz-target", "secretsmanager.GetSecretValue")
            .body(bytes::Bytes::from_static(br#"{"SecretId":"db"}"#))
            .unwrap();
        let credentials = Credentials::new("AKIDEXAMPLE", "secret", Some("token".into()));
        let time = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        sign_request(&mut request, &credentials, "secretsmanager", "eu-west-1", time).unwrap();
        let auth = request.headers()["authorization"].to_str().unwrap();
        assert!(
            auth.starts_with(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/eu-west-1/secretsmanager/aws4_request"
            ),
            "{auth}"
        );
        assert!(
            auth.contains("x-amz-target"),
            "the target header is signed: {auth}"
        );
        assert_eq!(request.headers()["x-amz-date"], "20231114T221320Z");
        assert_eq!(request.headers()["x-amz-security-token"], "token");
    }
}
