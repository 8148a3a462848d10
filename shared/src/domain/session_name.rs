//! The name of a session: trimmed, bounded and free of control characters.

use std::fmt;

/// Longest name a session may have, in characters.
pub const MAX_SESSION_NAME_CHARS: usize = 120;

/// The name given to a session created through `/api` without one.
pub const DEFAULT_SESSION_NAME: &str = "Untitled session";

/// Why a proposed session name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionNameError {
    #[error("name must not be empty")]
    Empty,
    #[error("name must be at most {MAX_SESSION_NAME_CHARS} characters (got {0})")]
    TooLong(usize),
    #[error("name must not contain control characters")]
    ControlCharacter,
}

/// A validated session name. The only way to get one is [`SessionName::parse`]
/// (or the default), so every name in the system has passed the same checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionName(String);

impl SessionName {
    /// Trims surrounding whitespace and checks length and characters.
    pub fn parse(raw: &str) -> Result<Self, SessionNameError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(SessionNameError::Empty);
        }
        let chars = trimmed.chars().count();
        if chars > MAX_SESSION_NAME_CHARS {
            return Err(SessionNameError::TooLong(chars));
        }
        if trimmed.chars().any(char::is_control) {
            return Err(SessionNameError::ControlCharacter);
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// The name used when a client leaves the name out.
    pub fn default_name() -> Self {
        Self(DEFAULT_SESSION_NAME.to_owned())
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SessionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_trimmed() {
        assert_eq!(SessionName::parse("  Jam  ").unwrap().as_str(), "Jam");
    }

    #[test]
    fn an_empty_or_blank_name_is_refused() {
        assert_eq!(SessionName::parse(""), Err(SessionNameError::Empty));
        assert_eq!(SessionName::parse(" \t\n "), Err(SessionNameError::Empty));
    }

    #[test]
    fn a_name_at_the_limit_is_accepted_and_one_past_it_refused() {
        let at_limit = "é".repeat(MAX_SESSION_NAME_CHARS);
        assert!(SessionName::parse(&at_limit).is_ok());
        let past = "a".repeat(MAX_SESSION_NAME_CHARS + 1);
        assert_eq!(
            SessionName::parse(&past),
            Err(SessionNameError::TooLong(MAX_SESSION_NAME_CHARS + 1))
        );
    }

    #[test]
    fn control_characters_inside_a_name_are_refused() {
        assert_eq!(
            SessionName::parse("a\u{0}b"),
            Err(SessionNameError::ControlCharacter)
        );
        assert_eq!(
            SessionName::parse("line\nbreak"),
            Err(SessionNameError::ControlCharacter)
        );
    }

    #[test]
    fn the_default_name_is_itself_a_valid_name() {
        let default = SessionName::default_name();
        assert_eq!(SessionName::parse(default.as_str()), Ok(default));
    }
}
