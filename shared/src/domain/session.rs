//! A studio session: the record people open and collaborate in.

use super::{SessionId, SessionName};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A session as clients see it: `{ id, name, createdAt }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
