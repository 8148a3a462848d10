//! A comment's text: what a member wrote, checked.

use serde::Serialize;

use super::error::CommentError;
use super::limits::MAX_COMMENT_CHARS;

/// 1 to [`MAX_COMMENT_CHARS`] characters after trimming; line breaks and tabs are kept,
/// other control characters refused (they would garble every reader's view).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct CommentText(String);

impl CommentText {
    /// Trims and checks `raw`.
    pub fn parse(raw: &str) -> Result<Self, CommentError> {
        let text = raw.trim();
        let chars = text.chars().count();
        let controls = text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r');
        if chars == 0 || chars > MAX_COMMENT_CHARS || controls {
            return Err(CommentError::InvalidText);
        }
        Ok(Self(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_is_trimmed_and_keeps_its_line_breaks() {
        let text = CommentText::parse("  louder here\nplease \t").unwrap();
        assert_eq!(text.as_str(), "louder here\nplease");
    }

    #[test]
    fn empty_overlong_and_control_character_texts_are_refused() {
        assert_eq!(CommentText::parse("   "), Err(CommentError::InvalidText));
        assert_eq!(CommentText::parse("a\u{7}b"), Err(CommentError::InvalidText));
        let longest = "é".repeat(MAX_COMMENT_CHARS);
        assert!(CommentText::parse(&longest).is_ok());
        assert_eq!(
            CommentText::parse(&format!("{longest}x")),
            Err(CommentError::InvalidText)
        );
    }
}
