//! Object keys of uploads and exports, derived from their ids.

use uuid::Uuid;

use crate::domain::{ExportId, SessionId, UploadId};

/// `uploads/{sessionId|unbound}/{uploadId}/{random}`: the random tail (122 bits) makes a
/// key impossible to derive from ids a client has seen, and the upload id makes it unique.
pub fn upload_key(session: Option<SessionId>, id: UploadId) -> String {
    let scope = session.map_or_else(|| "unbound".to_owned(), |s| s.to_string());
    format!("uploads/{scope}/{id}/{}", Uuid::new_v4().simple())
}

/// `incoming/{sessionId|unbound}/{uploadId}/{random}`: where a presigned PUT writes. Nothing
/// reads it once the upload is confirmed; confirmation stores the checked bytes under
/// an [`upload_key`], which no URL a client holds can write.
pub fn incoming_key(session: Option<SessionId>, id: UploadId) -> String {
    let scope = session.map_or_else(|| "unbound".to_owned(), |s| s.to_string());
    format!("{INCOMING}{scope}/{id}/{}", Uuid::new_v4().simple())
}

/// Key prefixes the bucket holds, each with its own lifecycle rule.
pub const INCOMING: &str = "incoming/";
/// Confirmed uploads.
pub const UPLOADS: &str = "uploads/";
/// Confirmed uploads without a session.
pub const UNBOUND_UPLOADS: &str = "uploads/unbound/";
/// Rendered exports.
pub const EXPORTS: &str = "exports/";

/// `exports/{sessionId}/{exportId}.{wav|flac}`; the export id is itself random.
pub fn export_key(session: SessionId, id: ExportId, extension: &str) -> String {
    format!("exports/{session}/{id}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_uploads_of_one_session_never_share_a_key() {
        let session = SessionId::new();
        let id = UploadId::new();
        let (a, b) = (upload_key(Some(session), id), upload_key(Some(session), id));
        assert_ne!(a, b);
        assert!(a.starts_with(&format!("uploads/{session}/{id}/")), "{a}");
        assert!(upload_key(None, id).starts_with(UNBOUND_UPLOADS));
        assert!(incoming_key(Some(session), id).starts_with(&format!("incoming/{session}/{id}/")));
    }
}
