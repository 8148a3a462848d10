//! What can go wrong inside a store, split by what the caller can do about it.

/// A store failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The backing service cannot be reached right now; retrying later may work.
    #[error("{dependency} is unavailable: {detail}")]
    Unavailable {
        dependency: &'static str,
        detail: String,
    },
    /// The backing service refused for now because of load (throttling, `SlowDown`);
    /// retrying after a short wait is expected to work.
    #[error("{dependency} is throttling requests: {detail}")]
    Throttled {
        dependency: &'static str,
        detail: String,
    },
    /// The backing service answered with something the studio did not expect.
    #[error("{dependency} failed: {detail}")]
    Internal {
        dependency: &'static str,
        detail: String,
    },
}

impl StoreError {
    /// The dependency is down or unreachable.
    pub fn unavailable(dependency: &'static str, detail: impl ToString) -> Self {
        Self::Unavailable {
            dependency,
            detail: detail.to_string(),
        }
    }

    /// The dependency refused because of load.
    pub fn throttled(dependency: &'static str, detail: impl ToString) -> Self {
        Self::Throttled {
            dependency,
            detail: detail.to_string(),
        }
    }

    /// The dependency answered, but wrongly.
    pub fn internal(dependency: &'static str, detail: impl ToString) -> Self {
        Self::Internal {
            dependency,
            detail: detail.to_string(),
        }
    }
}
