//! A studio session: the record people open and collaborate in.

use super::{SessionId, SessionName};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A session as clients see it: `{ id, name, createdAt }`, and `forkedFrom` for a
/// session forked from a version of another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    pub id: SessionId,
    #[serde(serialize_with = "serialize_name")]
    pub name: SessionName,
    pub created_at: DateTime<Utc>,
    /// The session and version a fork started from (absent for other sessions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forked_from: Option<ForkedFrom>,
}

/// `{ sessionId, version }`: where a forked session started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForkedFrom {
    pub session_id: SessionId,
    pub version: u64,
}

fn serialize_name<S: serde::Serializer>(name: &SessionName, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_serializes_in_camel_case() {
        let session = Session {
            id: SessionId::new(),
            name: SessionName::parse("Demo").unwrap(),
            forked_from: None,
            created_at: DateTime::from_timestamp(1_700_000_000, 123_456_000).unwrap(),
        };
        let json = serde_json::to_value(&session).unwrap();
        assert_eq!(json["name"], "Demo");
        assert_eq!(json["id"], session.id.to_string());
        assert_eq!(json["createdAt"], "2023-11-14T22:13:20.123456Z");
    }
}
