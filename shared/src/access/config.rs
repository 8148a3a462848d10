//! What the routes that issue or verify tokens are configured with.

use super::livekit::LiveKit;
use super::mode::AccessMode;
use super::tokens::Tokens;

/// The access mode, and in invite mode the key set (and LiveKit, when configured).
#[derive(Debug, Clone, Default)]
pub struct AccessConfig {
    pub mode: AccessMode,
    /// The key set; present in invite mode.
    pub tokens: Option<Tokens>,
    pub livekit: Option<LiveKit>,
}

impl AccessConfig {
    /// Invite mode over `tokens`.
    pub fn invite(tokens: Tokens) -> Self {
        Self {
            mode: AccessMode::Invite,
            tokens: Some(tokens),
            livekit: None,
        }
    }

    /// The key set when the studio is in invite mode.
    pub fn invite_tokens(&self) -> Option<&Tokens> {
        self.tokens.as_ref().filter(|_| self.mode == AccessMode::Invite)
    }
}
