//! Sorting AWS SDK failures by what a client can do about them: no answer (a refused
//! or timed-out connection, an attempt past its deadline, a 5xx from the service) is
//! `Unavailable`, throttling is `Throttled`, and any other answer is a bug.

use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use crate::store::StoreError;

/// Error codes AWS services use when they throttle.
const THROTTLING: &[&str] = &[
    "ThrottlingException",
    "Throttling",
    "ThrottledException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "SlowDown",
    "LimitExceededException",
];

/// The store error for an SDK failure of `dependency`.
pub fn store_error<E>(dependency: &'static str, e: SdkError<E, HttpResponse>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let detail = aws_sdk_dynamodb::error::DisplayErrorContext(&e).to_string();
    match &e {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => {
            StoreError::unavailable(dependency, detail)
        }
        SdkError::ServiceError(service) => {
            let status = service.raw().status().as_u16();
            let code = service.err().code().unwrap_or_default();
            if THROTTLING.contains(&code) || status == 429 {
                StoreError::throttled(dependency, detail)
            } else if status >= 500 {
                StoreError::unavailable(dependency, detail)
            } else {
                StoreError::internal(dependency, detail)
            }
        }
        SdkError::ResponseError(_) => StoreError::unavailable(dependency, detail),
        _ => StoreError::internal(dependency, detail),
    }
}
