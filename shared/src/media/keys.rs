//! Object keys of uploads and exports, derived from their ids.

use uuid::Uuid;

use crate::domain::{ExportId, SessionId, UploadId};

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
    fn two_uploads_of_one_session_never_share_a_key() {
        let session = SessionId::new();
        let id = UploadId::new();
        let (a, b) = (upload_key(Some(session), id), upload_key(Some(session), id));
        assert_ne!(a, b);
        assert!(a.starts_with(&format!("uploads/{session}/{id}/")), "{a}");
        assert!(upload_key(None, id).starts_with("uploads/unbound/"));
    }
}
