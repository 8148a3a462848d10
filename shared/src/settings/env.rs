//! Reading one variable: required, optional, or parsed with a default, and the error
//! that names the variable.

use std::{env, str::FromStr};

/// A setting that is missing or cannot be used. Its `Debug` is its message: a binary's
/// `main` that returns it prints that, and a cold start's log says what to fix.
#[derive(thiserror::Error)]
pub enum ConfigError {
    #[error("{var} is not set: {hint}")]
    Missing { var: &'static str, hint: &'static str },
    #[error("{var} is invalid: {detail}")]
    Invalid { var: &'static str, detail: String },
}

impl std::fmt::Debug for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// Reads a variable that must be present and non-empty.
pub(crate) fn required(var: &'static str, hint: &'static str) -> Result<String, ConfigError> {
    match env::var(var) {
        Ok(v) if !v.trim().is_empty() => Ok(v),
        _ => Err(ConfigError::Missing { var, hint }),
    }
}

/// Reads an optional variable and parses it, falling back to `default`.
pub(crate) fn parsed_or<T: FromStr>(var: &'static str, default: T) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    match env::var(var) {
        Ok(v) if !v.trim().is_empty() => v.trim().parse().map_err(|e: T::Err| ConfigError::Invalid {
            var,
            detail: e.to_string(),
        }),
        _ => Ok(default),
    }
}

/// Reads an optional variable; empty counts as absent.
pub(crate) fn optional(var: &'static str) -> Option<String> {
    env::var(var).ok().filter(|v| !v.trim().is_empty())
}

/// An invalid-setting error for `var`.
pub(crate) fn invalid(var: &'static str, detail: impl ToString) -> ConfigError {
    ConfigError::Invalid {
        var,
        detail: detail.to_string(),
    }
}
