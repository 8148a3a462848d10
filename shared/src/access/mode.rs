//! The access mode: `open` is the seed's contract (ids chosen by clients, no tokens);
//! `invite` admits only holders of a member token for the session.

use std::{fmt, str::FromStr};

/// How the studio decides who may act in a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AccessMode {
    /// Anyone may join any room under any id: the seed's contract.
    #[default]
    Open,
    /// Rooms are joined with invites and member tokens; ids come from tokens.
    Invite,
}

/// A mode other than `open` or `invite`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("access mode must be `open` or `invite`, not {0:?}")]
pub struct InvalidAccessMode(pub String);

impl FromStr for AccessMode {
    type Err = InvalidAccessMode;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "open" => Ok(Self::Open),
            "invite" => Ok(Self::Invite),
            _ => Err(InvalidAccessMode(raw.to_owned())),
        }
    }
}

impl fmt::Display for AccessMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Open => "open",
            Self::Invite => "invite",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_modes_parse_and_anything_else_is_refused() {
        assert_eq!("open".parse(), Ok(AccessMode::Open));
        assert_eq!(" Invite ".parse(), Ok(AccessMode::Invite));
        assert!("closed".parse::<AccessMode>().is_err());
    }
}
