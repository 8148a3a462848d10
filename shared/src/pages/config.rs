//! Where the pages' scripts find the APIs: same origin by default, or configured URLs
//! when the pages are served from another host than the APIs (as behind API Gateway,
//! where the HTTP and WebSocket APIs have different hosts).

use crate::config::ConfigError;

/// The URLs the browser uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageConfig {
    /// Base URL of the HTTP API; empty means the page's own origin.
    pub api_base: String,
    /// URL of the WebSocket API.
    pub ws_url: String,
}

impl PageConfig {
    /// `STUDIO_API_URL` (default: same origin) and `STUDIO_WS_URL` (default: the local
    /// gateway's `ws://127.0.0.1:8080`).
    pub fn from_env() -> Result<Self, ConfigError> {
        let api_base = std::env::var("STUDIO_API_URL").unwrap_or_default();
        let ws_url = std::env::var("STUDIO_WS_URL").unwrap_or_else(|_| "ws://127.0.0.1:8080".to_owned());
        Self::new(&api_base, &ws_url)
    }

    /// Checks the URLs' schemes so a typo fails the cold start, not every page view.
    pub fn new(api_base: &str, ws_url: &str) -> Result<Self, ConfigError> {
        let api_base = api_base.trim().trim_end_matches('/');
        if !(api_base.is_empty() || api_base.starts_with("http://") || api_base.starts_with("https://")) {
            return Err(ConfigError::Invalid {
                var: "STUDIO_API_URL",
                detail: format!("{api_base:?} is not an http(s) URL"),
            });
        }
        let ws_url = ws_url.trim();
        if !(ws_url.starts_with("ws://") || ws_url.starts_with("wss://")) {
            return Err(ConfigError::Invalid {
                var: "STUDIO_WS_URL",
                detail: format!("{ws_url:?} is not a ws(s) URL"),
            });
        }
        Ok(Self {
            api_base: api_base.to_owned(),
            ws_url: ws_url.to_owned(),
        })
    }
}

impl Default for PageConfig {
    fn default() -> Self {
        Self {
            api_base: String::new(),
            ws_url: "ws://127.0.0.1:8080".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_and_trailing_slashes_dropped() {
        let config = PageConfig::new("https://api.example.com/", "wss://ws.example.com/prod").unwrap();
        assert_eq!(config.api_base, "https://api.example.com");
        assert!(PageConfig::new("ftp://x", "ws://y").is_err());
        assert!(PageConfig::new("", "http://not-ws").is_err());
    }
}
