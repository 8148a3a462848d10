//! Why an access check refused: the access boundary's own error. The API answers it as
//! a 401 (no verified member) or a 403 (a member asking for what is not theirs), or as
//! the 400 of the malformed id or name it was given (`error::codes`).

use crate::domain::{IdError, PresenceError};

/// A refusal of [`super::Caller`]'s checks.
#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    /// No verified member, or one whose token has expired.
    #[error("{message}")]
    Unauthenticated {
        code: &'static str,
        message: &'static str,
    },
    /// A verified member asking for another's session, presence or name.
    #[error("{message}")]
    Forbidden {
        code: &'static str,
        message: &'static str,
    },
    /// An id the request named is malformed.
    #[error(transparent)]
    Id(#[from] IdError),
    /// A display name the request gave is malformed.
    #[error(transparent)]
    Presence(#[from] PresenceError),
}

impl AccessError {
    pub(super) fn forbidden(code: &'static str, message: &'static str) -> Self {
        Self::Forbidden { code, message }
    }

    pub(super) fn unauthenticated(code: &'static str, message: &'static str) -> Self {
        Self::Unauthenticated { code, message }
    }
}
