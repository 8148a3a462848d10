//! A studio session: the record people open and collaborate in.

use chrono::{DateTime, Utc};
use serde::Serialize;
use std::{fmt, str::FromStr};
use uuid::Uuid;

use super::SessionName;

/// A session id: a UUID, parsed at the edge so a malformed id never reaches a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct SessionId(Uuid);

/// A session id that is not a UUID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("session id must be a UUID")]
pub struct InvalidSessionId;

impl SessionId {
    /// A new random id.
    pub fn new() -> Self {
        Self(Uuid::new_v4())
    }

    /// Parses a UUID in its hyphenated or simple form.
    pub fn parse(raw: &str) -> Result<Self, InvalidSessionId> {
        Uuid::try_parse(raw.trim())
            .map(Self)
            .map_err(|_| InvalidSessionId)
    }

    /// The id as a UUID, for stores.
    pub fn as_uuid(&self) -> Uuid {
        self.0
    }
}

impl Default for SessionId {
    fn default() -> Self {
        Self::new()
    }
}

impl From<Uuid> for SessionId {
    fn from(id: Uuid) -> Self {
        Self(id)
    }
}

impl FromStr for SessionId {
    type Err = InvalidSessionId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A session as clients see it: `{ id, name, createdAt }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub id: SessionId,
    #[serde(serialize_with = "serialize_name")]
    pub name: SessionName,
    pub created_at: DateTime<Utc>,
}

fn serialize_name<S: serde::Serializer>(name: &SessionName, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_id_parses_a_uuid_and_refuses_anything_else() {
        let id = SessionId::new();
        assert_eq!(SessionId::parse(&id.to_string()), Ok(id));
        assert_eq!(SessionId::parse("not-a-uuid"), Err(InvalidSessionId));
        assert_eq!(SessionId::parse(""), Err(InvalidSessionId));
        assert_eq!(SessionId::parse("' OR 1=1 --"), Err(InvalidSessionId));
    }

    #[test]
    fn a_session_serializes_in_camel_case() {
        let session = Session {
            id: SessionId::new(),
            name: SessionName::parse("Demo").unwrap(),
            created_at: DateTime::from_timestamp(1_700_000_000, 123_456_000).unwrap(),
        };
        let json = serde_json::to_value(&session).unwrap();
        assert_eq!(json["name"], "Demo");
        assert_eq!(json["id"], session.id.to_string());
        assert_eq!(json["createdAt"], "2023-11-14T22:13:20.123456Z");
    }
}
