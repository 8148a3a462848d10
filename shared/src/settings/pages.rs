//! Where the pages' scripts find the APIs: `STUDIO_API_URL` (default: the page's own
//! origin) and `STUDIO_WS_URL` (default: the local gateway's `ws://127.0.0.1:8080`).

use super::env::{ConfigError, invalid, optional};
use crate::pages::PageUrls;

/// Reads and checks the pages' URLs, so a typo fails the cold start, not every page view.
pub fn pages() -> Result<PageUrls, ConfigError> {
    let api_base = optional("STUDIO_API_URL").unwrap_or_default();
    let ws_url = optional("STUDIO_WS_URL").unwrap_or_else(|| PageUrls::default().ws_url);
    let api = PageUrls::api(&api_base).map_err(|e| invalid("STUDIO_API_URL", e))?;
    let ws = PageUrls::ws(&ws_url).map_err(|e| invalid("STUDIO_WS_URL", e))?;
    Ok(PageUrls {
        api_base: api,
        ws_url: ws,
        access: super::access_mode()?,
    })
}
