//! The region a function runs in (`AWS_REGION`), plain data for the AWS clients that
//! `adapters::from_env` builds.

use super::env::optional;

/// Region of a function that was given none (local runs without `AWS_REGION`).
const DEFAULT_REGION: &str = "us-east-1";

/// The region the function runs in.
pub fn region() -> String {
    optional("AWS_REGION")
        .or_else(|| optional("AWS_DEFAULT_REGION"))
        .unwrap_or_else(|| DEFAULT_REGION.to_owned())
}
