//! Upload and export ids, and the object keys derived from them.

use serde::Serialize;
use std::fmt;
use uuid::Uuid;

use crate::domain::SessionId;

/// An id that is not a UUID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("id must be a UUID")]
pub struct InvalidMediaId;

macro_rules! media_id {
    ($name:ident, $doc:literal) => {
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

            /// Parses a UUID; anything else is refused before it reaches a store.
            pub fn parse(raw: &str) -> Result<Self, InvalidMediaId> {
                Uuid::try_parse(raw.trim())
                    .map(Self)
                    .map_err(|_| InvalidMediaId)
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

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

media_id!(UploadId, "The id of an uploaded file.");
media_id!(ExportId, "The id of a rendered export.");

/// `uploads/{sessionId|unbound}/{uploadId}/{random}`: the random tail (122 bits) makes a
/// key impossible to derive from ids a client has seen, and the upload id makes it unique.
pub fn upload_key(session: Option<SessionId>, id: UploadId) -> String {
    let scope = session.map_or_else(|| "unbound".to_owned(), |s| s.to_string());
    format!("uploads/{scope}/{id}/{}", Uuid::new_v4().simple())
}

/// `exports/{sessionId}/{exportId}.wav`; the export id is itself random.
pub fn export_key(session: SessionId, id: ExportId) -> String {
    format!("exports/{session}/{id}.wav")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_uuids_only() {
        let id = UploadId::new();
        assert_eq!(UploadId::parse(&id.to_string()), Ok(id));
        assert_eq!(ExportId::parse("42"), Err(InvalidMediaId));
    }

    #[test]
    fn two_uploads_of_one_session_never_share_a_key() {
        let session = SessionId::new();
        let id = UploadId::new();
        let (a, b) = (upload_key(Some(session), id), upload_key(Some(session), id));
        assert_ne!(a, b);
        assert!(a.starts_with(&format!("uploads/{session}/{id}/")), "{a}");
        assert!(upload_key(None, id).starts_with("uploads/unbound/"));
    }
}
