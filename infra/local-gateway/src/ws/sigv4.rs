//! `@connections` takes only calls signed with SigV4 by the credentials the gateway's
//! functions hold (its own environment's), as API Gateway takes only IAM-signed calls:
//! otherwise any process on the machine could post into, read or close anyone's socket.
//! A signature is checked by signing the same request again — the headers it names,
//! its path and body, at its own `x-amz-date` — and comparing.

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, Uri};
use chrono::{NaiveDateTime, Utc};
use std::time::{Duration, UNIX_EPOCH};
use studio::adapters::secrets::{Credentials, sign_request};

/// How far a signature's time may be from the gateway's clock, as on AWS.
const MAX_SKEW: Duration = Duration::from_secs(15 * 60);

/// Why a call was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the call is not signed")]
    Unsigned,
    #[error("the signature's key is not the one the studio's functions hold")]
    UnknownKey,
    #[error("the signature's time is missing or more than 15 minutes off")]
    BadTime,
    #[error("the signature does not match the request")]
    Mismatch,
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header.
struct Signed<'a> {
    key: &'a str,
    region: &'a str,
    service: &'a str,
    headers: Vec<&'a str>,
    signature: &'a str,
}

fn parse(header: &str) -> Option<Signed<'_>> {
    let rest = header.strip_prefix("AWS4-HMAC-SHA256 ")?;
    let field = |name: &str| {
        rest.split(',')
            .map(str::trim)
            .find_map(|part| part.strip_prefix(name)?.strip_prefix('='))
    };
    let mut scope = field("Credential")?.split('/');
    let (key, _date, region, service) = (scope.next()?, scope.next()?, scope.next()?, scope.next()?);
    Some(Signed {
        key,
        region,
        service,
        headers: field("SignedHeaders")?.split(';').collect(),
        signature: field("Signature")?,
    })
}

/// Checks the call's signature against the one of `signers` it names.
pub fn verify(
    signers: &[Credentials],
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<(), Refusal> {
    let header = headers.get("authorization").and_then(|v| v.to_str().ok());
    let signed = header.and_then(parse).ok_or(Refusal::Unsigned)?;
    let credentials = signers
        .iter()
        .find(|c| c.access_key_id() == signed.key)
        .ok_or(Refusal::UnknownKey)?;
    let time = headers
        .get("x-amz-date")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%SZ").ok())
        .ok_or(Refusal::BadTime)?
        .and_utc();
    if (Utc::now() - time)
        .abs()
        .to_std()
        .map_or(true, |skew| skew > MAX_SKEW)
    {
        return Err(Refusal::BadTime);
    }
    let mut again = http::Request::builder().method(method.clone()).uri(uri.clone());
    for name in &signed.headers {
        for value in headers.get_all(*name) {
            again = again.header(*name, value);
        }
    }
    let mut again = again.body(body.clone()).map_err(|_| Refusal::Mismatch)?;
    let at = UNIX_EPOCH + Duration::from_secs(time.timestamp().max(0) as u64);
    sign_request(&mut again, credentials, signed.service, signed.region, at)
        .map_err(|_| Refusal::Mismatch)?;
    let expected = again
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(parse)
        .map(|s| s.signature.to_owned());
    match expected {
        Some(expected) if expected == signed.signature => Ok(()),
        _ => Err(Refusal::Mismatch),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::SystemTime;

    fn signed(credentials: &Credentials, path: &str, body: &'static [u8]) -> http::Request<Bytes> {
        let mut request = http::Request::post(format!("http://127.0.0.1:8080{path}"))
            .header("host", "127.0.0.1:8080")
            .header("content-type", "application/json")
            .body(Bytes::from_static(body))
            .unwrap();
        sign_request(
            &mut request,
            credentials,
            "execute-api",
            "us-east-1",
            SystemTime::now(),
        )
        .unwrap();
        request
    }

    fn check(credentials: &Credentials, request: &http::Request<Bytes>) -> Result<(), Refusal> {
        let uri: Uri = request.uri().path().parse().unwrap();
        verify(
            std::slice::from_ref(credentials),
            request.method(),
            &uri,
            request.headers(),
            request.body(),
        )
    }

    #[test]
    fn a_call_signed_with_the_functions_key_is_taken_and_anything_else_refused() {
        let ours = Credentials::new("studiolocal", "studiolocalsecret", None);
        let theirs = Credentials::new("studiolocal", "a-guessed-secret", None);
        let stranger = Credentials::new("someoneelse", "studiolocalsecret", None);
        let good = signed(&ours, "/local/@connections/abc=", b"{\"hi\":1}");
        assert_eq!(check(&ours, &good), Ok(()));
        assert_eq!(
            check(&ours, &signed(&theirs, "/local/@connections/abc=", b"{}")),
            Err(Refusal::Mismatch)
        );
        assert_eq!(
            check(&ours, &signed(&stranger, "/local/@connections/abc=", b"{}")),
            Err(Refusal::UnknownKey)
        );
        let mut tampered = good.clone();
        *tampered.body_mut() = Bytes::from_static(b"{\"hi\":2}");
        assert_eq!(check(&ours, &tampered), Err(Refusal::Mismatch));
        let mut unsigned = good.clone();
        unsigned.headers_mut().remove("authorization");
        assert_eq!(check(&ours, &unsigned), Err(Refusal::Unsigned));
        assert_eq!(
            verify(&[], good.method(), good.uri(), good.headers(), good.body()),
            Err(Refusal::UnknownKey)
        );
    }
}
