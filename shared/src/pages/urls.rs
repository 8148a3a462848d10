//! Where the pages' scripts find the APIs: same origin by default, or configured URLs
//! when the pages are served from another host than the APIs (as behind API Gateway,
//! where the HTTP and WebSocket APIs have different hosts).

use crate::access::AccessMode;

/// The URLs the browser uses, and the access mode its scripts follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageUrls {
    /// Base URL of the HTTP API; empty means the page's own origin.
    pub api_base: String,
    /// URL of the WebSocket API.
    pub ws_url: String,
    /// How rooms are joined: open, or invite (the pages keep member tokens).
    pub access: AccessMode,
}

impl PageUrls {
    /// Checks an HTTP API base URL (empty for the page's own origin); drops a trailing `/`.
    pub fn api(raw: &str) -> Result<String, String> {
        let api_base = raw.trim().trim_end_matches('/');
        if api_base.is_empty() || api_base.starts_with("http://") || api_base.starts_with("https://") {
            Ok(api_base.to_owned())
        } else {
            Err(format!("{api_base:?} is not an http(s) URL"))
        }
    }

    /// Whether rooms are joined with invites and member tokens.
    pub fn invites(&self) -> bool {
        self.access == AccessMode::Invite
    }

    /// Checks a WebSocket API URL.
    pub fn ws(raw: &str) -> Result<String, String> {
        let ws_url = raw.trim();
        if ws_url.starts_with("ws://") || ws_url.starts_with("wss://") {
            Ok(ws_url.to_owned())
        } else {
            Err(format!("{ws_url:?} is not a ws(s) URL"))
        }
    }
}

impl Default for PageUrls {
    fn default() -> Self {
        Self {
            api_base: String::new(),
            ws_url: "ws://127.0.0.1:8080".to_owned(),
            access: AccessMode::Open,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_and_trailing_slashes_dropped() {
        assert_eq!(
            PageUrls::api("https://api.example.com/").unwrap(),
            "https://api.example.com"
        );
        assert!(PageUrls::api("ftp://x").is_err());
        assert!(PageUrls::ws("http://not-ws").is_err());
        assert_eq!(
            PageUrls::ws(" wss://ws.example.com/prod").unwrap(),
            "wss://ws.example.com/prod"
        );
    }
}
