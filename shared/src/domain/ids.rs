//! Every id the studio hands out or accepts, parsed at the edge so a malformed id never
//! reaches a store: UUIDs for what the studio creates (sessions, uploads, exports) and
//! short safe strings for what clients name (rooms, members).

use serde::Serialize;
use std::{fmt, str::FromStr};
use uuid::Uuid;

/// A session id that is not a UUID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("session id must be a UUID")]
pub struct InvalidSessionId;

/// An upload or export id that is not a UUID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("id must be a UUID")]
pub struct InvalidMediaId;

/// A room or member id that is missing or unsafe.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("{field} is required")]
    Missing { field: &'static str },
    #[error("{field} must be 1-{max} characters of letters, digits, '-', '_', '.' or ':'")]
    Invalid { field: &'static str, max: usize },
}

/// Longest room or member id.
pub const MAX_ID_CHARS: usize = 128;

macro_rules! uuid_id {
    ($name:ident, $error:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A new random id.
            #[allow(clippy::new_without_default)]
            pub fn new() -> Self {
                Self(Uuid::new_v4())
            }

            /// Parses a UUID in its hyphenated or simple form; anything else is refused.
            pub fn parse(raw: &str) -> Result<Self, $error> {
                Uuid::try_parse(raw.trim()).map(Self).map_err(|_| $error)
            }

            /// The id as a UUID, for stores.
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }

        impl FromStr for $name {
            type Err = $error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

uuid_id!(SessionId, InvalidSessionId, "The id of a studio session.");
uuid_id!(UploadId, InvalidMediaId, "The id of an uploaded file.");
uuid_id!(ExportId, InvalidMediaId, "The id of a rendered export.");

macro_rules! client_id {
    ($name:ident, $field:literal, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Checks the id: 1-128 characters of `[A-Za-z0-9-_.:]`, so it is safe in keys and URLs.
            pub fn parse(raw: &str) -> Result<Self, IdError> {
                if raw.is_empty() {
                    return Err(IdError::Missing { field: $field });
                }
                if !safe(raw) {
                    return Err(IdError::Invalid {
                        field: $field,
                        max: MAX_ID_CHARS,
                    });
                }
                Ok(Self(raw.to_owned()))
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

client_id!(RoomId, "roomId", "The studio room a member is in.");
client_id!(
    MemberId,
    "memberId",
    "A member of a room, as the client names itself."
);

fn safe(raw: &str) -> bool {
    raw.len() <= MAX_ID_CHARS
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_ids_parse_uuids_and_refuse_anything_else() {
        let id = SessionId::new();
        assert_eq!(SessionId::parse(&id.to_string()), Ok(id));
        assert_eq!(SessionId::parse("not-a-uuid"), Err(InvalidSessionId));
        assert_eq!(SessionId::parse(""), Err(InvalidSessionId));
        assert_eq!(SessionId::parse("' OR 1=1 --"), Err(InvalidSessionId));
        let upload = UploadId::new();
        assert_eq!(UploadId::parse(&upload.to_string()), Ok(upload));
        assert_eq!(ExportId::parse("42"), Err(InvalidMediaId));
    }

    #[test]
    fn client_ids_accept_safe_characters_only() {
        assert!(RoomId::parse("room-1_a.b:c").is_ok());
        assert_eq!(RoomId::parse(""), Err(IdError::Missing { field: "roomId" }));
        assert!(MemberId::parse("a b").is_err());
        assert!(MemberId::parse(&"x".repeat(MAX_ID_CHARS + 1)).is_err());
    }
}
